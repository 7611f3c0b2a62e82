package dev.tether.redis.resp;

import static dev.tether.redis.resp.RespTestSupport.everyByte;
import static dev.tether.redis.resp.RespTestSupport.feed;
import static dev.tether.redis.resp.RespTestSupport.randomCuts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Encode random values, feed the bytes to a decoder cut at random places, expect the same
 * values back. Seeds are random per run and printed on failure; replay with -Dresp.seed=N.
 */
class RespRoundTripPropertyTest {

    private static final int CASES = 400;

    @Test
    void randomValuesRoundTripWhenSplitAtRandomByteBoundaries() {
        long seed = RespTestSupport.seed();
        Random rnd = new Random(seed);
        RandomRespValues gen = new RandomRespValues(rnd);
        for (int i = 0; i < CASES; i++) {
            RespValue value = gen.value(4);
            byte[] wire = RespEncoder.encodeToBytes(value);
            List<RespValue> decoded = feed(new RespDecoder(), wire, randomCuts(rnd, wire.length, 1 + rnd.nextInt(8)), rnd);
            assertEquals(List.of(value), decoded, "seed " + seed + ", case " + i);
        }
    }

    @Test
    void randomValuesRoundTripWhenFedOneByteAtATime() {
        long seed = RespTestSupport.seed();
        Random rnd = new Random(seed);
        RandomRespValues gen = new RandomRespValues(rnd);
        for (int i = 0; i < CASES / 4; i++) {
            RespValue value = gen.value(3);
            byte[] wire = RespEncoder.encodeToBytes(value);
            List<RespValue> decoded = feed(new RespDecoder(), wire, everyByte(wire.length), rnd);
            assertEquals(List.of(value), decoded, "seed " + seed + ", case " + i);
        }
    }

    @Test
    void concatenatedRandomValuesDecodeInOrderFromOneStream() {
        long seed = RespTestSupport.seed();
        Random rnd = new Random(seed);
        RandomRespValues gen = new RandomRespValues(rnd);
        for (int i = 0; i < CASES / 8; i++) {
            List<RespValue> values = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int count = 1 + rnd.nextInt(20);
            for (int v = 0; v < count; v++) {
                RespValue value = gen.value(3);
                values.add(value);
                stream.writeBytes(RespEncoder.encodeToBytes(value));
            }
            byte[] wire = stream.toByteArray();
            RespDecoder decoder = new RespDecoder();
            int[] cuts = rnd.nextBoolean() ? new int[0] : randomCuts(rnd, wire.length, 1 + rnd.nextInt(40));
            assertEquals(values, feed(decoder, wire, cuts, rnd), "seed " + seed + ", case " + i);
            assertEquals(wire.length, decoder.bytesConsumed(), "seed " + seed + ", case " + i);
            assertFalse(decoder.isMidValue(), "seed " + seed + ", case " + i);
        }
    }

    @Test
    void encodedSizeMatchesTheEncodingForRandomValues() {
        long seed = RespTestSupport.seed();
        Random rnd = new Random(seed);
        RandomRespValues gen = new RandomRespValues(rnd);
        for (int i = 0; i < CASES; i++) {
            RespValue value = gen.value(4);
            assertEquals(RespEncoder.encodeToBytes(value).length, RespEncoder.encodedSize(value),
                    "seed " + seed + ", case " + i + ": " + value);
        }
    }

    @Test
    void mixedValueSplitAtEveryByteBoundaryRoundTrips() {
        RespValue value = RespArray.of(
                RespBulkString.of("a\r\nb"),
                new RespMap(List.of(new RespMap.Entry(new RespSimpleString("k"), new RespDouble(-1.25e-7)))),
                new Attributed(RespMap.EMPTY, RespVerbatimString.of("txt", "v")),
                RespPush.of(RespInteger.of(Long.MIN_VALUE), RespNull.INSTANCE, RespBoolean.FALSE),
                new RespError("ERR x\r\ny", true),
                new RespBigNumber(java.math.BigInteger.TEN.pow(40).negate()));
        byte[] wire = RespEncoder.encodeToBytes(value);
        Random rnd = new Random(0);
        for (int cut = 1; cut < wire.length; cut++) {
            assertEquals(List.of(value), feed(new RespDecoder(), wire, new int[] {cut}, rnd), "cut at " + cut);
        }
    }

    @Test
    void bulkStringSplitAtEveryByteBoundaryRoundTrips() {
        byte[] payload = new byte[300];
        new Random(3).nextBytes(payload);
        RespValue value = new RespBulkString(payload);
        byte[] wire = RespEncoder.encodeToBytes(value);
        Random rnd = new Random(0);
        for (int cut = 1; cut < wire.length; cut++) {
            for (int second = cut + 1; second < Math.min(wire.length, cut + 4); second++) {
                assertEquals(List.of(value), feed(new RespDecoder(), wire, new int[] {cut, second}, rnd),
                        "cuts at " + cut + ", " + second);
            }
        }
    }
}
