package dev.tether.redis.resp;

import static dev.tether.redis.resp.RespTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespEncoderTest {

    private static String wire(RespEncoder encoder) {
        return new String(encoder.output().toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void commandIsEncodedAsAnArrayOfBulkStrings() {
        RespEncoder encoder = new RespEncoder();
        encoder.writeCommand(bytes("SET"), bytes("key"), bytes("value"));
        assertEquals("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", wire(encoder));
        assertEquals(encoder.output().size(), RespEncoder.commandSize(bytes("SET"), bytes("key"), bytes("value")));
    }

    @Test
    void stringCommandsEncodeLikeTheirUtf8Bytes() {
        String[] args = {"SET", "k\u00e9y", "\u20ac \ud83d\ude00", "lone \ud800 high", "lone \udc00 low", "end\ud83d", ""};
        RespEncoder fromStrings = new RespEncoder();
        fromStrings.writeCommand(args);
        RespEncoder fromBytes = new RespEncoder();
        List<byte[]> utf8 = new ArrayList<>();
        for (String a : args) {
            utf8.add(a.getBytes(StandardCharsets.UTF_8));
        }
        fromBytes.writeCommand(utf8);
        assertArrayEquals(fromBytes.output().toByteArray(), fromStrings.output().toByteArray());
        assertEquals(fromStrings.output().size(), RespEncoder.commandSize(args));
        assertEquals(fromStrings.output().size(), RespEncoder.commandSize(utf8));
    }

    @Test
    void lengthsOnBothSidesOfTheHeaderCacheAreEncodedCorrectly() {
        for (int len : new int[] {0, 9, 10, 1023, 1024, 1025, 100_000}) {
            RespEncoder encoder = new RespEncoder(new RespOutput(0));
            encoder.writeBulkString(new byte[len]);
            byte[] expectedHeader = ("$" + len + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] out = encoder.output().toByteArray();
            assertArrayEquals(expectedHeader, java.util.Arrays.copyOf(out, expectedHeader.length), "len " + len);
            assertEquals(expectedHeader.length + len + 2, out.length, "len " + len);
            RespEncoder arrays = new RespEncoder();
            arrays.writeArrayHeader(len);
            assertEquals("*" + len + "\r\n", wire(arrays));
        }
    }

    @Test
    void numericArgumentsAreWrittenAsDecimalBulkStrings() {
        RespEncoder encoder = new RespEncoder();
        encoder.writeArrayHeader(5);
        encoder.writeBulkString("EXPIRE");
        encoder.writeBulkString(0);
        encoder.writeBulkString(-42);
        encoder.writeBulkString(Long.MIN_VALUE);
        encoder.writeBulkString(Long.MAX_VALUE);
        assertEquals("*5\r\n$6\r\nEXPIRE\r\n$1\r\n0\r\n$3\r\n-42\r\n$20\r\n-9223372036854775808\r\n"
                + "$19\r\n9223372036854775807\r\n", wire(encoder));
    }

    @Test
    void bulkStringSliceEncodesOnlyTheSlice() {
        RespEncoder encoder = new RespEncoder();
        encoder.writeBulkString(bytes("xxhelloxx"), 2, 5);
        assertEquals("$5\r\nhello\r\n", wire(encoder));
        assertThrows(IndexOutOfBoundsException.class, () -> encoder.writeBulkString(bytes("abc"), 2, 5));
    }

    @Test
    void emptyCommandIsRejected() {
        RespEncoder encoder = new RespEncoder();
        assertThrows(IllegalArgumentException.class, () -> encoder.writeCommand(new byte[0][]));
        assertThrows(IllegalArgumentException.class, () -> encoder.writeCommand(List.of()));
        assertThrows(IllegalArgumentException.class, () -> encoder.writeCommand(new String[0]));
        assertEquals(0, encoder.output().size());
    }

    @Test
    void everyValueTypeEncodesToItsWireForm() {
        Map<RespValue, String> cases = new LinkedHashMap<>();
        cases.put(RespSimpleString.OK, "+OK\r\n");
        cases.put(RespError.of("ERR bad"), "-ERR bad\r\n");
        cases.put(new RespError("ERR a\r\nb", true), "!8\r\nERR a\r\nb\r\n");
        cases.put(RespInteger.of(-7), ":-7\r\n");
        cases.put(RespBulkString.of("h\u00e9"), "$3\r\nh\u00e9\r\n");
        cases.put(RespBulkString.EMPTY, "$0\r\n\r\n");
        cases.put(RespNull.INSTANCE, "_\r\n");
        cases.put(new RespDouble(1.5), ",1.5\r\n");
        cases.put(new RespDouble(Double.POSITIVE_INFINITY), ",inf\r\n");
        cases.put(new RespDouble(Double.NEGATIVE_INFINITY), ",-inf\r\n");
        cases.put(new RespDouble(Double.NaN), ",nan\r\n");
        cases.put(RespBoolean.TRUE, "#t\r\n");
        cases.put(RespBoolean.FALSE, "#f\r\n");
        cases.put(new RespBigNumber(new BigInteger("-123456789012345678901234567890")),
                "(-123456789012345678901234567890\r\n");
        cases.put(RespVerbatimString.of("txt", "Some string"), "=15\r\ntxt:Some string\r\n");
        cases.put(RespArray.of(RespInteger.of(1), RespArray.EMPTY), "*2\r\n:1\r\n*0\r\n");
        cases.put(new RespMap(List.of(new RespMap.Entry(RespBulkString.of("k"), RespBoolean.TRUE))),
                "%1\r\n$1\r\nk\r\n#t\r\n");
        cases.put(RespSet.of(RespInteger.of(1)), "~1\r\n:1\r\n");
        cases.put(RespPush.of(RespBulkString.of("message")), ">1\r\n$7\r\nmessage\r\n");
        cases.put(new Attributed(new RespMap(List.of(new RespMap.Entry(new RespSimpleString("a"), RespInteger.of(1)))),
                RespSimpleString.OK), "|1\r\n+a\r\n:1\r\n+OK\r\n");
        for (Map.Entry<RespValue, String> c : cases.entrySet()) {
            byte[] encoded = RespEncoder.encodeToBytes(c.getKey());
            assertEquals(c.getValue(), new String(encoded, StandardCharsets.UTF_8), c.getKey().toString());
            assertEquals(encoded.length, RespEncoder.encodedSize(c.getKey()), c.getKey().toString());
            assertEquals(c.getKey(), RespDecoder.decodeOne(encoded), c.getKey().toString());
        }
    }

    @Test
    void resp2NullFormsAreAvailableForTestServers() {
        RespEncoder encoder = new RespEncoder();
        encoder.writeResp2NullBulkString();
        encoder.writeResp2NullArray();
        assertEquals("$-1\r\n*-1\r\n", wire(encoder));
    }

    @Test
    void outputGrowsGeometricallyClearsAndExposesItsBytes() {
        RespOutput out = new RespOutput(0);
        Random rnd = new Random(7);
        byte[] expected = new byte[100_000];
        rnd.nextBytes(expected);
        for (int i = 0; i < expected.length; i += 1000) {
            out.write(expected, i, 1000);
        }
        assertArrayEquals(expected, out.toByteArray());
        ByteBuffer view = out.toByteBuffer();
        assertEquals(expected.length, view.remaining());
        assertEquals(expected[99_999], view.get(99_999));
        int capacity = out.capacity();
        out.clear();
        assertEquals(0, out.size());
        assertEquals(capacity, out.capacity());
        out.writeDecimal(Long.MIN_VALUE);
        assertEquals("-9223372036854775808", new String(out.toByteArray(), StandardCharsets.US_ASCII));
        out.clear(1024);
        assertEquals(1024, out.capacity());
        assertEquals(0, out.size());
    }

    @Test
    void decimalLengthMatchesLongToString() {
        long[] samples = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000_000L};
        for (long v : samples) {
            assertEquals(Long.toString(v).length(), RespOutput.decimalLength(v), Long.toString(v));
        }
    }

    @Test
    void steadyStateCommandEncodingAllocatesNothing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(RespTestSupport.allocationMeasurable());
        RespEncoder encoder = new RespEncoder();
        byte[][] command = {bytes("SET"), bytes("user:1000:name"), bytes("some value of moderate length")};
        for (int i = 0; i < 50_000; i++) { // warm-up: grows the output to its steady-state size
            encoder.output().clear();
            encoder.writeCommand(command);
            encoder.writeCommand("GET", "user:1000:name");
            encoder.writeArrayHeader(2);
            encoder.writeBulkString("INCRBY");
            encoder.writeBulkString(i);
        }
        int size = encoder.output().size();
        long before = RespTestSupport.allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            encoder.output().clear();
            encoder.writeCommand(command);
            encoder.writeArrayHeader(2);
            encoder.writeBulkString("INCRBY");
            encoder.writeBulkString(i);
        }
        long allocated = RespTestSupport.allocatedBytes() - before;
        assertTrue(size > 0);
        // 200,000 commands; one allocation per command would be >= 3 MB.
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for 200000 commands");
    }
}
