package dev.tether.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The decoder's text fast path: it takes only whole bulk strings and leaves everything else as it was. */
class RespDecoderBulkTextTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWholeBulkStringIsTakenAsTextAndTheNextValueFollows() {
        RespDecoder decoder = new RespDecoder();
        ByteBuffer in = bytes("$5\r\nh\u00e9ll\r\n:7\r\n"); // "é" is two bytes in UTF-8
        assertEquals("h\u00e9ll", decoder.nextBulkText(in));
        assertEquals(new RespInteger(7), decoder.next(in));
        assertEquals(in.limit(), in.position());
        assertEquals(in.limit(), decoder.bytesConsumed());
    }

    @Test
    void anEmptyBulkStringIsEmptyText() {
        assertEquals("", new RespDecoder().nextBulkText(bytes("$0\r\n\r\n")));
    }

    @Test
    void everythingElseIsLeftUntouchedForTheOrdinaryPath() {
        for (String other : new String[] {"$-1\r\n", "_\r\n", "-ERR no\r\n", "+OK\r\n", "$5\r\nhel", "$5\r", "$", "*1\r\n$1\r\na\r\n",
                ">2\r\n$1\r\na\r\n$1\r\nb\r\n", "$x\r\n"}) {
            RespDecoder decoder = new RespDecoder();
            ByteBuffer in = bytes(other);
            assertNull(decoder.nextBulkText(in), other);
            assertEquals(0, in.position(), () -> "consumed bytes of " + other.trim());
            assertEquals(0, decoder.bytesConsumed());
        }
    }

    @Test
    void aBulkStringSplitAcrossReadsIsFinishedByTheOrdinaryPath() {
        RespDecoder decoder = new RespDecoder();
        ByteBuffer first = bytes("$5\r\nhel");
        assertNull(decoder.nextBulkText(first));
        assertNull(decoder.next(first)); // partial: held by the decoder
        assertNull(decoder.nextBulkText(bytes("lo\r\n")), "mid-value: the fast path stays out");
        assertEquals("hello", ((RespBulkString) decoder.next(bytes("lo\r\n"))).asString());
    }

    @Test
    void aBulkStringOverTheLimitIsReportedByTheOrdinaryPath() {
        RespDecoder decoder = new RespDecoder(new RespLimits(4, 16, 8, 64));
        ByteBuffer in = bytes("$5\r\nhello\r\n");
        assertNull(decoder.nextBulkText(in));
        assertInstanceOf(RespProtocolException.class, assertThrows(RespProtocolException.class, () -> decoder.next(in)));
    }

    @Test
    void aBulkStringWithoutItsTerminatorIsReportedByTheOrdinaryPath() {
        RespDecoder decoder = new RespDecoder();
        ByteBuffer in = bytes("$2\r\nabXY");
        assertNull(decoder.nextBulkText(in));
        assertThrows(RespProtocolException.class, () -> decoder.next(in));
    }
}
