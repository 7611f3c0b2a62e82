package dev.tether.redis.resp;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers: feeding bytes to a decoder in chunks, seeds, allocation measurement. */
final class RespTestSupport {

    private RespTestSupport() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A per-run seed, overridable with {@code -Dresp.seed=...} to replay a failure; the tests
     * print it in every failure message.
     */
    static long seed() {
        String fixed = System.getProperty("resp.seed");
        return fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
    }

    /** Buffer flavours the decoder must treat identically. */
    enum Flavour { HEAP, HEAP_WITH_OFFSET, DIRECT, READ_ONLY }

    static ByteBuffer buffer(byte[] data, int from, int to, Flavour flavour) {
        int n = to - from;
        return switch (flavour) {
            case HEAP -> ByteBuffer.wrap(data, from, n);
            case HEAP_WITH_OFFSET -> {
                // A slice has a non-zero arrayOffset, which the array fast path must honour.
                byte[] padded = new byte[n + 7];
                System.arraycopy(data, from, padded, 5, n);
                yield ByteBuffer.wrap(padded, 5, n).slice();
            }
            case DIRECT -> ByteBuffer.allocateDirect(n).put(data, from, n).flip();
            case READ_ONLY -> ByteBuffer.wrap(data, from, n).asReadOnlyBuffer();
        };
    }

    /**
     * Feeds {@code data} split at {@code cuts} (ascending, exclusive of 0 and length) and
     * collects every value. Asserts the consumption contract as it goes: a null result means
     * the chunk was consumed completely. The inner loop is bounded by the chunk length because
     * every returned value consumes at least one byte.
     */
    static List<RespValue> feed(RespDecoder decoder, byte[] data, int[] cuts, Random rnd) {
        List<RespValue> out = new ArrayList<>();
        int from = 0;
        for (int c = 0; c <= cuts.length; c++) {
            int to = c < cuts.length ? cuts[c] : data.length;
            Flavour flavour = Flavour.values()[rnd.nextInt(Flavour.values().length)];
            ByteBuffer chunk = buffer(data, from, to, flavour);
            for (int guard = 0; guard <= to - from; guard++) {
                RespValue v = decoder.next(chunk);
                if (v == null) {
                    if (chunk.hasRemaining()) {
                        throw new AssertionError("decoder returned null but left " + chunk.remaining() + " bytes");
                    }
                    break;
                }
                out.add(v);
            }
            from = to;
        }
        return out;
    }

    /** Random ascending cut points in (0, length); roughly {@code count} of them. */
    static int[] randomCuts(Random rnd, int length, int count) {
        if (length < 2) {
            return new int[0];
        }
        return rnd.ints(count, 1, length).distinct().sorted().toArray();
    }

    static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    static boolean allocationMeasurable() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes allocated by the current thread so far (HotSpot's per-thread TLAB accounting). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
