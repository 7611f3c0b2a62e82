package dev.tether.redis.resp;

import static dev.tether.redis.resp.RespTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RespValueTest {

    @Test
    void bulkStringsWithEqualContentAreEqualAndHashAlike() {
        RespBulkString a = new RespBulkString(bytes("hello"));
        RespBulkString b = new RespBulkString(bytes("hello"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new RespBulkString(bytes("hellO")));
        assertEquals("hello", a.asString());
        assertEquals(5, a.length());
    }

    @Test
    void verbatimStringsCompareFormatAndPayloadByContent() {
        assertEquals(RespVerbatimString.of("txt", "hi"), new RespVerbatimString("txt", bytes("hi")));
        assertEquals(RespVerbatimString.of("txt", "hi").hashCode(), RespVerbatimString.of("txt", "hi").hashCode());
        assertNotEquals(RespVerbatimString.of("txt", "hi"), RespVerbatimString.of("mkd", "hi"));
        assertEquals("hi", RespVerbatimString.of("txt", "hi").asString());
    }

    @Test
    void verbatimFormatMustBeThreePrintableAsciiCharacters() {
        assertThrows(IllegalArgumentException.class, () -> RespVerbatimString.of("tx", "a"));
        assertThrows(IllegalArgumentException.class, () -> RespVerbatimString.of("t t", "a"));
        assertThrows(IllegalArgumentException.class, () -> RespVerbatimString.of("tx\u00e9", "a"));
    }

    @Test
    void errorCodeIsTheFirstWordOfTheMessage() {
        assertEquals("WRONGTYPE", RespError.of("WRONGTYPE Operation against a key holding the wrong kind of value").code());
        assertEquals("MOVED", RespError.of("MOVED 3999 127.0.0.1:6381").code());
        assertEquals("ERR", RespError.of("ERR").code());
        assertEquals("", RespError.of("").code());
    }

    @Test
    void lineFramedValuesRejectLineBreaksButBulkErrorsAllowThem() {
        assertThrows(IllegalArgumentException.class, () -> new RespSimpleString("a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> new RespSimpleString("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> RespError.of("ERR\rx"));
        assertEquals("ERR a\r\nb", new RespError("ERR a\r\nb", true).message());
    }

    @Test
    void commonRepliesAndSmallIntegersAreSharedInstances() {
        assertSame(RespSimpleString.OK, RespSimpleString.of("OK"));
        assertSame(RespSimpleString.QUEUED, RespSimpleString.of("QUEUED"));
        assertSame(RespSimpleString.PONG, RespSimpleString.of("PONG"));
        assertEquals(new RespSimpleString("OK"), RespSimpleString.OK);
        for (long i = -1; i <= 255; i++) {
            assertSame(RespInteger.of(i), RespInteger.of(i), "integer " + i);
        }
        assertNotSame(RespInteger.of(256), RespInteger.of(256));
        assertEquals(RespInteger.of(256), RespInteger.of(256));
        assertSame(RespBoolean.TRUE, RespBoolean.of(true));
        assertSame(RespBoolean.FALSE, RespBoolean.of(false));
    }

    @Test
    void doublesTreatNanAsEqualAndDistinguishNegativeZero() {
        assertEquals(new RespDouble(Double.NaN), new RespDouble(Double.NaN));
        assertNotEquals(new RespDouble(0.0), new RespDouble(-0.0));
        assertEquals(",inf", new RespDouble(Double.POSITIVE_INFINITY).toString());
    }

    @Test
    void toStringTruncatesHugePayloads() {
        String s = new RespBulkString(new byte[10_000_000]).toString();
        assertTrue(s.length() < 400, s);
        assertTrue(s.contains("10000000 bytes"), s);
        assertTrue(new RespSimpleString("x".repeat(100_000)).toString().length() < 200);
        assertTrue(new RespBigNumber(BigInteger.TEN.pow(5000)).toString().length() < 200);
    }

    @Test
    void toStringOfWideDeeplyNestedAggregatesStaysBounded() {
        RespValue v = RespBulkString.of("leaf");
        for (int level = 0; level < 12; level++) {
            List<RespValue> wide = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                wide.add(v);
            }
            v = new RespArray(wide);
        }
        RespValue attributed = new Attributed(RespMap.EMPTY, v);
        String s = attributed.toString();
        assertTrue(s.length() < 4000, "length " + s.length());
        assertTrue(s.contains("20 elements"), s);
    }

    @Test
    void aggregatesCopyForeignListsSoLaterMutationIsInvisible() {
        List<RespValue> mutable = new ArrayList<>(List.of(RespInteger.of(1)));
        RespArray array = new RespArray(mutable);
        mutable.add(RespInteger.of(2));
        assertEquals(1, array.size());
        assertThrows(UnsupportedOperationException.class, () -> array.elements().add(RespNull.INSTANCE));
        assertThrows(NullPointerException.class, () -> new RespArray(java.util.Arrays.asList(RespNull.INSTANCE, null)));
    }

    @Test
    void decodedAggregateListsAreImmutable() {
        RespArray array = (RespArray) RespDecoder.decodeOne(bytes("*2\r\n:1\r\n:2\r\n"));
        assertThrows(UnsupportedOperationException.class, () -> array.elements().set(0, RespNull.INSTANCE));
        assertThrows(IndexOutOfBoundsException.class, () -> array.get(2));
        assertEquals(List.of(RespInteger.of(1), RespInteger.of(2)), array.elements());
        assertEquals(RespArray.of(RespInteger.of(1), RespInteger.of(2)), array);
        assertEquals(RespArray.of(RespInteger.of(1), RespInteger.of(2)).hashCode(), array.hashCode());
    }

    @Test
    void mapLookupMatchesBulkAndSimpleStringKeysAndToMapKeepsOrder() {
        RespMap map = new RespMap(List.of(
                new RespMap.Entry(RespBulkString.of("server"), RespBulkString.of("redis")),
                new RespMap.Entry(new RespSimpleString("proto"), RespInteger.of(3)),
                new RespMap.Entry(RespInteger.of(7), RespBoolean.TRUE)));
        assertEquals(RespBulkString.of("redis"), map.get("server"));
        assertEquals(RespInteger.of(3), map.get("proto"));
        assertEquals(RespBoolean.TRUE, map.get(RespInteger.of(7)));
        assertNull(map.get("missing"));
        Map<RespValue, RespValue> copy = map.toMap();
        assertEquals(List.of(RespBulkString.of("server"), new RespSimpleString("proto"), RespInteger.of(7)),
                List.copyOf(copy.keySet()));
    }

    @Test
    void pushKindIsTheFirstStringElement() {
        assertEquals("message", RespPush.of(RespBulkString.of("message"), RespBulkString.of("ch")).kind());
        assertEquals("invalidate", RespPush.of(new RespSimpleString("invalidate")).kind());
        assertNull(RespPush.of(RespInteger.of(1)).kind());
        assertNull(RespPush.of().kind());
    }

    @Test
    void limitsRejectOutOfRangeValuesAndWithersChangeOneField() {
        assertThrows(IllegalArgumentException.class, () -> RespLimits.DEFAULT.withMaxNestingDepth(0));
        assertThrows(IllegalArgumentException.class, () -> RespLimits.DEFAULT.withMaxLineLength(8));
        assertThrows(IllegalArgumentException.class, () -> RespLimits.DEFAULT.withMaxBulkLength(-1));
        assertThrows(IllegalArgumentException.class, () -> RespLimits.DEFAULT.withMaxAggregateLength(Integer.MAX_VALUE));
        RespLimits limits = RespLimits.DEFAULT.withMaxBulkLength(10);
        assertEquals(new RespLimits(10, 1 << 24, 64, 65536), limits);
        assertEquals(new RespLimits(512 * 1024 * 1024, 1 << 24, 64, 65536), RespLimits.DEFAULT);
        assertEquals(5, limits.withMaxAggregateLength(5).maxAggregateLength());
        assertEquals(100, limits.withMaxLineLength(100).maxLineLength());
    }
}
