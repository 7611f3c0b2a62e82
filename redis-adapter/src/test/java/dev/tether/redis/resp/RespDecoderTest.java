package dev.tether.redis.resp;

import static dev.tether.redis.resp.RespTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespDecoderTest {

    private static RespValue decode(String wire) {
        return RespDecoder.decodeOne(bytes(wire));
    }

    @Test
    void okDecodesToTheSharedSingletonWholeOrSplit() {
        assertSame(RespSimpleString.OK, decode("+OK\r\n"));
        RespDecoder decoder = new RespDecoder();
        assertNull(decoder.next(ByteBuffer.wrap(bytes("+O"))));
        assertSame(RespSimpleString.OK, decoder.next(ByteBuffer.wrap(bytes("K\r\n"))));
    }

    @Test
    void queuedAndPongDecodeToSharedSingletons() {
        assertSame(RespSimpleString.QUEUED, decode("+QUEUED\r\n"));
        assertSame(RespSimpleString.PONG, decode("+PONG\r\n"));
    }

    @Test
    void simpleStringDecodesUtf8Text() {
        assertEquals(new RespSimpleString("caf\u00e9 ok"), decode("+caf\u00e9 ok\r\n"));
        assertEquals(new RespSimpleString(""), decode("+\r\n"));
    }

    @Test
    void simpleErrorDecodesWithItsCode() {
        RespError e = assertInstanceOf(RespError.class, decode("-WRONGTYPE Operation against a key\r\n"));
        assertEquals("WRONGTYPE", e.code());
        assertEquals("WRONGTYPE Operation against a key", e.message());
        assertFalse(e.bulk());
    }

    @Test
    void bulkErrorMayContainLineBreaks() {
        assertEquals(new RespError("SYNTAX a\r\nb", true), decode("!11\r\nSYNTAX a\r\nb\r\n"));
    }

    @Test
    void integersDecodeIncludingTheExtremesAndSmallOnesAreShared() {
        assertSame(RespInteger.of(0), decode(":0\r\n"));
        assertSame(RespInteger.of(-1), decode(":-1\r\n"));
        assertSame(RespInteger.of(255), decode(":255\r\n"));
        assertEquals(RespInteger.of(5), decode(":+5\r\n"));
        assertEquals(RespInteger.of(Long.MAX_VALUE), decode(":9223372036854775807\r\n"));
        assertEquals(RespInteger.of(Long.MIN_VALUE), decode(":-9223372036854775808\r\n"));
    }

    @Test
    void bulkStringDecodesBinaryPayloadContainingCrlf() {
        RespBulkString b = assertInstanceOf(RespBulkString.class, decode("$6\r\na\r\nb\0c\r\n"));
        assertArrayEquals(new byte[] {'a', '\r', '\n', 'b', 0, 'c'}, b.bytes());
    }

    @Test
    void emptyBulkStringDecodesToTheSharedEmptyValue() {
        assertSame(RespBulkString.EMPTY, decode("$0\r\n\r\n"));
    }

    @Test
    void allThreeNullEncodingsDecodeToTheSingleton() {
        assertSame(RespNull.INSTANCE, decode("_\r\n"));
        assertSame(RespNull.INSTANCE, decode("$-1\r\n"));
        assertSame(RespNull.INSTANCE, decode("*-1\r\n"));
    }

    @Test
    void doublesDecodeIncludingInfinitiesAndNan() {
        assertEquals(new RespDouble(1.5), decode(",1.5\r\n"));
        assertEquals(new RespDouble(-0.0), decode(",-0.0\r\n"));
        assertEquals(new RespDouble(10), decode(",10\r\n"));
        assertEquals(new RespDouble(1e10), decode(",1e10\r\n"));
        assertEquals(new RespDouble(1.23e-5), decode(",1.23E-5\r\n"));
        assertEquals(new RespDouble(3.0000000000000001e+300), decode(",3.0000000000000001e+300\r\n"));
        assertEquals(new RespDouble(Double.POSITIVE_INFINITY), decode(",inf\r\n"));
        assertEquals(new RespDouble(Double.POSITIVE_INFINITY), decode(",+inf\r\n"));
        assertEquals(new RespDouble(Double.NEGATIVE_INFINITY), decode(",-inf\r\n"));
        assertTrue(Double.isNaN(((RespDouble) decode(",nan\r\n")).value()));
    }

    @Test
    void booleansDecodeToSharedInstances() {
        assertSame(RespBoolean.TRUE, decode("#t\r\n"));
        assertSame(RespBoolean.FALSE, decode("#f\r\n"));
    }

    @Test
    void bigNumbersBeyondSixtyFourBitsDecode() {
        assertEquals(new RespBigNumber(new BigInteger("3492890328409238509324850943850943825024385")),
                decode("(3492890328409238509324850943850943825024385\r\n"));
        assertEquals(new RespBigNumber(new BigInteger("-3492890328409238509324850943850943825024385")),
                decode("(-3492890328409238509324850943850943825024385\r\n"));
    }

    @Test
    void verbatimStringDecodesFormatAndText() {
        RespVerbatimString v = assertInstanceOf(RespVerbatimString.class, decode("=15\r\ntxt:Some string\r\n"));
        assertEquals("txt", v.format());
        assertEquals("Some string", v.asString());
        assertEquals(RespVerbatimString.of("mkd", ""), decode("=4\r\nmkd:\r\n"));
    }

    @Test
    void emptyAggregatesDecode() {
        assertEquals(RespArray.EMPTY, decode("*0\r\n"));
        assertEquals(RespMap.EMPTY, decode("%0\r\n"));
        assertEquals(RespSet.EMPTY, decode("~0\r\n"));
        assertEquals(RespPush.of(), decode(">0\r\n"));
    }

    @Test
    void nestedAggregatesDecode() {
        RespValue v = decode("*3\r\n:1\r\n*2\r\n+a\r\n~1\r\n$1\r\nx\r\n%1\r\n+k\r\n*0\r\n");
        assertEquals(RespArray.of(
                RespInteger.of(1),
                RespArray.of(new RespSimpleString("a"), RespSet.of(RespBulkString.of("x"))),
                new RespMap(List.of(new RespMap.Entry(new RespSimpleString("k"), RespArray.EMPTY)))), v);
    }

    @Test
    void mapKeepsWireOrderAndAllowsAnyKeyType() {
        RespMap map = assertInstanceOf(RespMap.class, decode("%3\r\n+z\r\n:1\r\n:7\r\n_\r\n+a\r\n#t\r\n"));
        assertEquals(List.of(
                new RespMap.Entry(new RespSimpleString("z"), RespInteger.of(1)),
                new RespMap.Entry(RespInteger.of(7), RespNull.INSTANCE),
                new RespMap.Entry(new RespSimpleString("a"), RespBoolean.TRUE)), map.entries());
    }

    @Test
    void attributeIsReturnedTogetherWithTheValueThatFollows() {
        RespValue v = decode("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n:9543892\r\n");
        Attributed a = assertInstanceOf(Attributed.class, v);
        assertEquals(RespArray.of(RespInteger.of(2039123), RespInteger.of(9543892)), a.value());
        RespMap popularity = assertInstanceOf(RespMap.class, a.attributes().get("key-popularity"));
        assertEquals(new RespDouble(0.19), popularity.get("a"));
    }

    @Test
    void emptyAttributeStillWrapsTheFollowingValue() {
        assertEquals(new Attributed(RespMap.EMPTY, RespSimpleString.OK), decode("|0\r\n+OK\r\n"));
    }

    @Test
    void attributeInsideAnArrayAnnotatesOnlyTheNextElement() {
        RespValue v = decode("*2\r\n|1\r\n+ttl\r\n:3\r\n$1\r\na\r\n:5\r\n");
        RespMap attrs = new RespMap(List.of(new RespMap.Entry(new RespSimpleString("ttl"), RespInteger.of(3))));
        assertEquals(RespArray.of(new Attributed(attrs, RespBulkString.of("a")), RespInteger.of(5)), v);
    }

    @Test
    void pushDecodesAsPushNotArray() {
        RespPush p = assertInstanceOf(RespPush.class, decode(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"));
        assertEquals("message", p.kind());
        assertEquals(RespBulkString.of("hi"), p.elements().get(2));
    }

    @Test
    void severalValuesInOneBufferAreReturnedOneAtATime() {
        RespDecoder decoder = new RespDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes("+OK\r\n:1\r\n$1\r\nx\r\n*1\r\n_\r\n"));
        assertSame(RespSimpleString.OK, decoder.next(in));
        assertEquals(5, in.position());
        assertEquals(RespInteger.of(1), decoder.next(in));
        assertEquals(9, in.position());
        assertEquals(RespBulkString.of("x"), decoder.next(in));
        assertEquals(RespArray.of(RespNull.INSTANCE), decoder.next(in));
        assertFalse(in.hasRemaining());
        assertNull(decoder.next(in));
    }

    @Test
    void incompleteInputIsConsumedAndTheValueFinishesLater() {
        RespDecoder decoder = new RespDecoder();
        ByteBuffer first = ByteBuffer.wrap(bytes("*2\r\n$5\r\nhel"));
        assertNull(decoder.next(first));
        assertFalse(first.hasRemaining());
        assertTrue(decoder.isMidValue());
        assertEquals(RespArray.of(RespBulkString.of("hello"), RespInteger.of(42)),
                decoder.next(ByteBuffer.wrap(bytes("lo\r\n:42\r\n"))));
        assertFalse(decoder.isMidValue());
        assertEquals(11 + 9, decoder.bytesConsumed());
    }

    @Test
    void tenMegabyteBulkStringArrivingInFourKilobyteReadsIsAssembledIncrementally() {
        byte[] payload = new byte[10 * 1024 * 1024];
        new Random(1).nextBytes(payload);
        RespEncoder encoder = new RespEncoder();
        encoder.writeBulkString(payload);
        byte[] wire = encoder.output().toByteArray();
        RespDecoder decoder = new RespDecoder();
        RespValue result = null;
        int calls = 0;
        for (int off = 0; off < wire.length; off += 4096) {
            ByteBuffer chunk = ByteBuffer.wrap(wire, off, Math.min(4096, wire.length - off));
            RespValue v = decoder.next(chunk);
            calls++;
            // Each partial read is consumed in full: the caller never re-presents old bytes.
            assertFalse(chunk.hasRemaining(), "chunk at " + off + " not fully consumed");
            if (v != null) {
                result = v;
            }
        }
        assertEquals(wire.length / 4096 + 1, calls);
        assertArrayEquals(payload, assertInstanceOf(RespBulkString.class, result).bytes());
    }

    @Test
    void hundredThousandElementArrayArrivingInSmallReadsIsAssembledIncrementally() {
        List<RespValue> elements = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            elements.add(i % 2 == 0 ? RespInteger.of(i) : RespBulkString.of("v" + i));
        }
        RespArray expected = new RespArray(elements);
        byte[] wire = RespEncoder.encodeToBytes(expected);
        RespDecoder decoder = new RespDecoder();
        RespValue result = null;
        for (int off = 0; off < wire.length; off += 4096) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(Math.min(4096, wire.length - off));
            chunk.put(wire, off, chunk.capacity()).flip();
            RespValue v = decoder.next(chunk);
            assertFalse(chunk.hasRemaining());
            if (v != null) {
                result = v;
            }
        }
        assertEquals(expected, result);
    }

    @Test
    void everyBufferFlavourDecodesTheSameValues() {
        byte[] wire = bytes("*2\r\n$3\r\nabc\r\n,2.5\r\n+OK\r\n");
        for (RespTestSupport.Flavour flavour : RespTestSupport.Flavour.values()) {
            RespDecoder decoder = new RespDecoder();
            ByteBuffer in = RespTestSupport.buffer(wire, 0, wire.length, flavour);
            assertEquals(RespArray.of(RespBulkString.of("abc"), new RespDouble(2.5)), decoder.next(in), flavour.name());
            assertSame(RespSimpleString.OK, decoder.next(in), flavour.name());
            assertFalse(in.hasRemaining(), flavour.name());
        }
    }

    @Test
    void decodeOneRejectsTruncatedInputAndTrailingBytes() {
        RespProtocolException truncated = assertThrows(RespProtocolException.class, () -> decode("$5\r\nab"));
        assertTrue(truncated.getMessage().contains("before the value is complete"), truncated.getMessage());
        RespProtocolException trailing = assertThrows(RespProtocolException.class, () -> decode("+OK\r\n+OK\r\n"));
        assertEquals(5, trailing.offset());
    }

    @Test
    void steadyStateDecodingOfCommonRepliesAllocatesNothing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(RespTestSupport.allocationMeasurable());
        byte[] wire = bytes("+OK\r\n:1\r\n+QUEUED\r\n:-1\r\n_\r\n#t\r\n:200\r\n");
        byte[] many = new byte[wire.length * 100];
        for (int i = 0; i < 100; i++) {
            System.arraycopy(wire, 0, many, i * wire.length, wire.length);
        }
        RespDecoder decoder = new RespDecoder();
        ByteBuffer in = ByteBuffer.wrap(many);
        int decoded = 0;
        for (int round = 0; round < 2_000; round++) { // warm-up: class loading and first-use initialisation
            in.clear();
            while (decoder.next(in) != null) {
                decoded++;
            }
        }
        long before = RespTestSupport.allocatedBytes();
        for (int round = 0; round < 1_000; round++) {
            in.clear();
            while (decoder.next(in) != null) {
                decoded++;
            }
        }
        long allocated = RespTestSupport.allocatedBytes() - before;
        assertEquals(3_000 * 700, decoded);
        // 700,000 replies; a single allocation per reply would be >= 11 MB.
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for 700000 replies");
    }

    @Test
    void streamOffsetsAreCountedAcrossCalls() {
        RespDecoder decoder = new RespDecoder();
        assertSame(RespSimpleString.OK, decoder.next(ByteBuffer.wrap(bytes("+OK\r\n"))));
        assertNull(decoder.next(ByteBuffer.wrap(bytes(":12"))));
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> decoder.next(ByteBuffer.wrap(bytes("x4\r\n"))));
        assertEquals(8, e.offset()); // "+OK\r\n" (5 bytes) and ":12" (3 bytes) came before the 'x'
        assertTrue(e.getMessage().contains("0x78"), e.getMessage());
        assertTrue(e.getMessage().contains("offset 8"), e.getMessage());
    }
}
