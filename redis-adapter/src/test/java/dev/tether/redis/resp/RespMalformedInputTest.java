package dev.tether.redis.resp;

import static dev.tether.redis.resp.RespTestSupport.bytes;
import static dev.tether.redis.resp.RespTestSupport.feed;
import static dev.tether.redis.resp.RespTestSupport.randomCuts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RespMalformedInputTest {

    private static RespProtocolException rejects(RespDecoder decoder, String wire) {
        return assertThrows(RespProtocolException.class, () -> decoder.next(ByteBuffer.wrap(bytes(wire))), wire);
    }

    @ParameterizedTest(name = "{0} is rejected at offset {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`X1\\r\\n`                 | 0  | unknown RESP type byte 'X'",
        "`$abc\\r\\n`               | 1  | non-digit 'a'",
        "`$\\r\\n`                  | 1  | empty length",
        "`$-2\\r\\n`                | 1  | negative length",
        "`%-1\\r\\n`                | 0  | only valid for $ and *",
        "`!-1\\r\\n`                | 0  | only valid for $ and *",
        "`$99999999999\\r\\n`       | 1  | too large",
        "`$3\\r\\nabcd\\r\\n`       | 7  | not followed by CRLF",
        "`$3\\r\\nabc\\rx`          | 8  | not followed by CRLF",
        "`:12a\\r\\n`               | 3  | non-digit byte 0x61",
        "`:\\r\\n`                  | 1  | integer without digits",
        "`:9223372036854775808\\r\\n` | 1 | does not fit 64 bits",
        "`#x\\r\\n`                 | 1  | invalid boolean",
        "`#tt\\r\\n`                | 1  | invalid boolean",
        "`_x\\r\\n`                 | 1  | null must be followed directly by CRLF",
        "`+a\\nb\\r\\n`             | 2  | LF without preceding CR",
        "`+ab\\rc\\r\\n`            | 4  | expected LF after CR",
        "`,1.2.3\\r\\n`             | 1  | invalid double",
        "`,Infinity\\r\\n`          | 1  | invalid double",
        "`,0x1p3\\r\\n`             | 1  | invalid double",
        "`,1e\\r\\n`                | 1  | invalid double",
        "`, 1\\r\\n`                | 1  | invalid double",
        "`(12z\\r\\n`               | 3  | non-digit 'z'",
        "`(-\\r\\n`                 | 1  | big number without digits",
        "`=3\\r\\ntxt\\r\\n`        | 0  | cannot hold its 'fmt:' prefix",
        "`=5\\r\\ntxt;a\\r\\n`      | 7  | lacks ':'",
        "`=5\\r\\nt t:a\\r\\n`      | 5  | not printable ASCII",
        "`*1\\r\\n*1\\r\\n?`        | 8  | unknown RESP type byte '?'",
    })
    void malformedInputIsRejectedWithWhatAndWhere(String escaped, long offset, String fragment) {
        String wire = escaped.replace("\\r", "\r").replace("\\n", "\n");
        RespProtocolException e = rejects(new RespDecoder(), wire);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + offset), e.getMessage());
    }

    @Test
    void decoderStaysFailedAfterAProtocolError() {
        RespDecoder decoder = new RespDecoder();
        RespProtocolException first = rejects(decoder, "?");
        RespProtocolException again = rejects(decoder, "+OK\r\n");
        assertEquals(first, again.getCause());
        assertTrue(again.getMessage().contains("unusable"), again.getMessage());
    }

    @Test
    void everyProperPrefixOfValidInputAsksForMoreBytes() {
        long seed = RespTestSupport.seed();
        Random rnd = new Random(seed);
        RandomRespValues gen = new RandomRespValues(rnd);
        for (int i = 0; i < 150; i++) {
            byte[] wire = RespEncoder.encodeToBytes(gen.value(3));
            int step = Math.max(1, wire.length / 200); // long encodings: sample the prefixes
            for (int len = 0; len < wire.length; len += step) {
                RespDecoder decoder = new RespDecoder();
                ByteBuffer prefix = ByteBuffer.wrap(wire, 0, len);
                assertNull(decoder.next(prefix), "seed " + seed + ", case " + i + ", prefix " + len);
                assertFalse(prefix.hasRemaining(), "seed " + seed + ", case " + i + ", prefix " + len);
                assertEquals(len > 0, decoder.isMidValue(), "seed " + seed + ", case " + i + ", prefix " + len);
            }
        }
    }

    @Test
    void corruptedBytesYieldValuesOrAProtocolExceptionButNeverAnythingElse() {
        long seed = RespTestSupport.seed();
        Random rnd = new Random(seed);
        RandomRespValues gen = new RandomRespValues(rnd);
        byte[] interesting = bytes("\r\n-+:$*_,#(!=%~>|019tfe.");
        int rejected = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] wire = RespEncoder.encodeToBytes(RespArray.of(gen.value(3), gen.value(2)));
            int corruptions = 1 + rnd.nextInt(3);
            for (int c = 0; c < corruptions; c++) {
                int at = rnd.nextInt(wire.length);
                wire[at] = rnd.nextBoolean() ? interesting[rnd.nextInt(interesting.length)] : (byte) rnd.nextInt(256);
            }
            try {
                List<RespValue> values = feed(new RespDecoder(), wire, randomCuts(rnd, wire.length, rnd.nextInt(6)), rnd);
                assertTrue(values.size() <= wire.length, "seed " + seed + ", case " + i);
            } catch (RespProtocolException expected) {
                rejected++;
            } catch (Throwable t) {
                fail("seed " + seed + ", case " + i + ": unexpected " + t, t);
            }
        }
        assertTrue(rejected > 0, "seed " + seed + ": corruption was never detected");
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherExceptionType() {
        long seed = RespTestSupport.seed();
        Random rnd = new Random(seed);
        byte[] alphabet = bytes("\r\n-+:$*_,#(!=%~>|0123456789tfinaE.");
        for (int i = 0; i < 5_000; i++) {
            byte[] garbage = new byte[1 + rnd.nextInt(64)];
            for (int b = 0; b < garbage.length; b++) {
                garbage[b] = alphabet[rnd.nextInt(alphabet.length)];
            }
            try {
                feed(new RespDecoder(), garbage, randomCuts(rnd, garbage.length, rnd.nextInt(4)), rnd);
            } catch (RespProtocolException expected) {
                // fine: rejected
            } catch (Throwable t) {
                fail("seed " + seed + ", case " + i + ": unexpected " + t, t);
            }
        }
    }

    @Test
    void declaredBulkLengthAboveTheLimitIsRejectedBeforeAnyPayloadArrives() {
        RespDecoder decoder = new RespDecoder(RespLimits.DEFAULT.withMaxBulkLength(10));
        assertEquals(RespBulkString.of("0123456789"), decoder.next(ByteBuffer.wrap(bytes("$10\r\n0123456789\r\n"))));
        RespProtocolException e = rejects(decoder, "$11\r\n");
        assertTrue(e.getMessage().contains("exceeds maxBulkLength 10"), e.getMessage());
        assertTrue(rejects(new RespDecoder(), "$536870913\r\n").getMessage().contains("maxBulkLength"));
        assertTrue(rejects(new RespDecoder(RespLimits.DEFAULT.withMaxBulkLength(3)), "=5\r\n")
                .getMessage().contains("maxBulkLength"));
    }

    @Test
    void hugeDeclaredLengthsWithinTheLimitsAreNotAllocatedUpFront() {
        org.junit.jupiter.api.Assumptions.assumeTrue(RespTestSupport.allocationMeasurable());
        RespLimits generous = RespLimits.DEFAULT.withMaxBulkLength(Integer.MAX_VALUE - 8)
                .withMaxAggregateLength(Integer.MAX_VALUE - 8);
        // 10^8 rather than ~2^31: large enough that eager allocation shows up as hundreds of MB, small
        // enough that it fails this assertion instead of killing the test JVM with an OutOfMemoryError.
        long before = RespTestSupport.allocatedBytes();
        RespDecoder bulk = new RespDecoder(generous);
        assertNull(bulk.next(ByteBuffer.wrap(bytes("$100000000\r\nabc"))));
        RespDecoder array = new RespDecoder(generous);
        assertNull(array.next(ByteBuffer.wrap(bytes("*100000000\r\n:1\r\n"))));
        RespDecoder map = new RespDecoder(generous);
        assertNull(map.next(ByteBuffer.wrap(bytes("%100000000\r\n+k\r\n"))));
        long allocated = RespTestSupport.allocatedBytes() - before;
        assertTrue(allocated < 8 * 1024 * 1024, "allocated " + allocated + " bytes for three forged headers");
    }

    @Test
    void aggregateLongerThanTheLimitIsRejected() {
        RespDecoder decoder = new RespDecoder(RespLimits.DEFAULT.withMaxAggregateLength(3));
        assertEquals(3, assertInstanceOf(RespArray.class, decoder.next(ByteBuffer.wrap(bytes("*3\r\n_\r\n_\r\n_\r\n")))).size());
        assertTrue(rejects(decoder, "*4\r\n").getMessage().contains("exceeds maxAggregateLength 3"));
        assertTrue(rejects(new RespDecoder(RespLimits.DEFAULT.withMaxAggregateLength(3)), "%4\r\n")
                .getMessage().contains("maxAggregateLength"));
        assertTrue(rejects(new RespDecoder(), "~16777217\r\n").getMessage().contains("maxAggregateLength"));
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() {
        String sixtyFour = "*1\r\n".repeat(63) + "*0\r\n";
        RespValue v = RespDecoder.decodeOne(bytes(sixtyFour));
        for (int level = 0; level < 63; level++) {
            v = ((RespArray) v).get(0);
        }
        assertEquals(RespArray.EMPTY, v);
        RespProtocolException e = rejects(new RespDecoder(), "*1\r\n".repeat(64) + "*0\r\n");
        assertTrue(e.getMessage().contains("maxNestingDepth 64"), e.getMessage());
        assertEquals(64 * 4, e.offset());
        // Attributes and maps count as levels too.
        RespDecoder shallow = new RespDecoder(RespLimits.DEFAULT.withMaxNestingDepth(2));
        assertTrue(rejects(shallow, "|1\r\n+a\r\n%1\r\n+k\r\n*0\r\n").getMessage().contains("maxNestingDepth 2"));
    }

    @Test
    void lineLongerThanTheLimitIsRejectedEvenBeforeItsEndArrives() {
        RespLimits limits = RespLimits.DEFAULT.withMaxLineLength(100);
        String hundred = "a".repeat(100);
        assertEquals(new RespSimpleString(hundred),
                new RespDecoder(limits).next(ByteBuffer.wrap(bytes("+" + hundred + "\r\n"))));
        RespDecoder decoder = new RespDecoder(limits);
        assertNull(decoder.next(ByteBuffer.wrap(bytes("+" + hundred.substring(0, 60)))));
        RespProtocolException e = rejects(decoder, hundred.substring(0, 41));
        assertTrue(e.getMessage().contains("maxLineLength 100"), e.getMessage());
        // A CR right after the last allowed byte, then LF in the next read, is still fine.
        RespDecoder split = new RespDecoder(limits);
        assertNull(split.next(ByteBuffer.wrap(bytes("-" + hundred + "\r"))));
        assertEquals(RespError.of(hundred), split.next(ByteBuffer.wrap(bytes("\n"))));
    }

    @Test
    void truncatedStreamNeverThrowsWhenFedOneByteAtATime() {
        byte[] wire = bytes("*3\r\n$5\r\nhello\r\n%1\r\n+k\r\n,3.25\r\n|1\r\n+a\r\n:1\r\n(123\r\n");
        RespDecoder decoder = new RespDecoder();
        for (int i = 0; i < wire.length - 1; i++) {
            assertNull(decoder.next(ByteBuffer.wrap(wire, i, 1)), "byte " + i);
        }
        RespValue v = decoder.next(ByteBuffer.wrap(wire, wire.length - 1, 1));
        assertEquals(3, assertInstanceOf(RespArray.class, v).size());
    }
}
