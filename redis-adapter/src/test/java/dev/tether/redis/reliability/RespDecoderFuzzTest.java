package dev.tether.redis.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespDecoder;
import dev.tether.redis.resp.RespEncoder;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.resp.RespProtocolException;
import dev.tether.redis.resp.RespValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: the RESP decoder against at least a million mutated frames. Valid frames of every
 * RESP2/RESP3 type (nested up to three levels, attributes included) are mutated (bit flips,
 * byte replacement, insertion, deletion, truncation, duplicated slices, lengths swapped for huge,
 * negative or limit-crossing numbers) and fed in random splits, through heap and direct buffers,
 * under the default limits and under tight ones. Only valid values or {@link RespProtocolException}
 * may come out: no other exception, no hang (per-frame work is bounded and the whole run is
 * under a preemptive timeout), no OutOfMemoryError; when {@code next} returns null it has consumed
 * everything; a failed decoder stays failed; every value that comes out re-encodes to bytes that
 * decode to the same value. Unmutated control frames must decode exactly.
 *
 * <p>Reproduce a failure with {@code -Dtether.fuzz.seed=SEED} (printed on failure and in the
 * summary line); {@code -Dtether.fuzz.frames=N} changes the count.
 */
class RespDecoderFuzzTest {

    private static final RespLimits TIGHT = new RespLimits(1024, 64, 8, 256);
    /** Boundary lengths within or just past the tight limits: cheap to try. */
    private static final byte[][] SMALL_NUMBERS = ascii("-1", "-2", "0", "1", "3", "4", "63", "64", "65", "255", "256",
            "257", "1023", "1024", "1025", "", "00", "-0", "+1");
    /**
     * Boundary lengths of the default limits and of int: a claim of up to 1 MiB makes the decoder
     * allocate that much at once (by design), so these are drawn rarely to keep the run fast.
     */
    private static final byte[][] LARGE_NUMBERS = ascii("2147483647", "2147483648", "536870912", "536870913",
            "16777216", "16777217", "99999999999999999999", "1048576", "1048577", "9223372036854775808");

    private static byte[][] ascii(String... numbers) {
        byte[][] out = new byte[numbers.length][];
        for (int i = 0; i < numbers.length; i++) {
            out[i] = numbers[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
    private static final byte[] INTERESTING = "\r\n$*:+-_,#(!=%~>|0123456789-tfx.e".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void mutatedFramesYieldOnlyValuesOrProtocolErrors() {
        long seed = Long.getLong("tether.fuzz.seed", System.nanoTime());
        int frames = Integer.getInteger("tether.fuzz.frames", Reliability.soak() ? 10_000_000 : 1_000_000);
        Fuzzer fuzzer = new Fuzzer(seed);
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(Reliability.soak() ? 1200 : 120), () -> fuzzer.run(frames),
                () -> "fuzzing did not finish in time (a hang?) at frame " + fuzzer.frame + "; seed " + seed);
        long elapsed = System.nanoTime() - start;
        System.out.printf("reliability scenario=resp-fuzz seed=%d frames=%d controlFrames=%d mutatedFrames=%d"
                        + " framesWithValues=%d values=%d protocolErrors=%d incomplete=%d directBufferFrames=%d"
                        + " tightLimitFrames=%d reusedDecoders=%d bytesFed=%d chunks=%d maxCallsPerFrame=%d elapsedMs=%d (%.0f frames/s)%n",
                seed, frames, fuzzer.controls, frames - fuzzer.controls, fuzzer.framesWithValues, fuzzer.values,
                fuzzer.errors, fuzzer.incomplete, fuzzer.directFrames, fuzzer.tightFrames, fuzzer.reusedDecoders, fuzzer.bytes, fuzzer.chunks,
                fuzzer.maxCalls, Reliability.ms(elapsed), frames / (elapsed / 1e9));
        assertTrue(fuzzer.errors > 0, "the error path was never taken; seed " + seed);
        assertTrue(fuzzer.framesWithValues - fuzzer.controls > 0, "no mutated frame decoded to a value; seed " + seed);
        assertTrue(fuzzer.incomplete > 0, "no frame was left incomplete; seed " + seed);
        assertEquals(frames, fuzzer.frame, "seed " + seed);
    }

    /** Generates, mutates and feeds frames; one instance per run, buffers reused. */
    static final class Fuzzer {
        private final long seed;
        private final SplittableRandom random;
        private byte[] frameBuf = new byte[4096];
        private int frameLen;
        private byte[] mutated = new byte[8192];
        private int mutatedLen;
        private final ByteBuffer direct = ByteBuffer.allocateDirect(1 << 16);
        private final int[] splits = new int[64];
        private int splitCount;
        volatile int frame;
        long controls;
        long framesWithValues;
        long values;
        long errors;
        long incomplete;
        long directFrames;
        long tightFrames;
        long bytes;
        long chunks;
        long maxCalls;

        Fuzzer(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        void run(int frames) {
            for (frame = 0; frame < frames; frame++) {
                frameLen = 0;
                generate(0);
                boolean control = random.nextInt(16) == 0;
                ensureMutated(frameLen + 64);
                System.arraycopy(frameBuf, 0, mutated, 0, frameLen);
                mutatedLen = frameLen;
                if (!control) {
                    int ops = 1 + random.nextInt(3);
                    for (int i = 0; i < ops; i++) {
                        mutate();
                    }
                }
                boolean tight = random.nextInt(4) == 0;
                boolean useDirect = random.nextInt(4) == 0;
                chooseSplits();
                try {
                    feed(control, tight, useDirect);
                } catch (Throwable t) {
                    throw new AssertionError("seed " + seed + ", frame " + frame + (control ? " (control)" : "")
                            + (tight ? ", tight limits" : ", default limits") + (useDirect ? ", direct buffers" : ", heap buffers")
                            + ", splits " + Arrays.toString(Arrays.copyOf(splits, splitCount)) + ": " + t
                            + "\noriginal " + HexFormat.of().formatHex(frameBuf, 0, frameLen)
                            + "\nfed      " + HexFormat.of().formatHex(mutated, 0, mutatedLen), t);
                }
                if (control) {
                    controls++;
                }
                if (tight) {
                    tightFrames++;
                }
                if (useDirect) {
                    directFrames++;
                }
            }
        }

        /** Decoders whose last frame ended cleanly carry on with the next frame, like a live stream. */
        private RespDecoder defaultDecoder;
        private RespDecoder tightDecoder;
        long reusedDecoders;

        private RespDecoder decoder(boolean tight) {
            RespDecoder d = tight ? tightDecoder : defaultDecoder;
            if (d == null || d.isMidValue() || random.nextInt(8) == 0) {
                d = new RespDecoder(tight ? TIGHT : RespLimits.DEFAULT);
            } else {
                reusedDecoders++;
            }
            if (tight) {
                tightDecoder = d;
            } else {
                defaultDecoder = d;
            }
            return d;
        }

        private void forget(boolean tight) {
            if (tight) {
                tightDecoder = null;
            } else {
                defaultDecoder = null;
            }
        }

        private void feed(boolean control, boolean tight, boolean useDirect) {
            RespDecoder decoder = control ? new RespDecoder(tight ? TIGHT : RespLimits.DEFAULT) : decoder(tight);
            int produced = 0;
            RespValue first = null;
            long calls = 0;
            long maxCallsHere = mutatedLen + 2L * splitCount + 4; // every call consumes a byte or returns null
            int from = 0;
            try {
                for (int s = 0; s <= splitCount; s++) {
                    int to = s < splitCount ? splits[s] : mutatedLen;
                    ByteBuffer in;
                    if (useDirect) {
                        direct.clear();
                        direct.put(mutated, from, to - from);
                        direct.flip();
                        in = direct;
                    } else {
                        in = ByteBuffer.wrap(mutated, from, to - from);
                    }
                    chunks++;
                    for (;;) {
                        if (++calls > maxCallsHere) {
                            throw new AssertionError("decoder made no progress: " + calls + " calls for " + mutatedLen + " bytes");
                        }
                        int before = in.position();
                        RespValue v = decoder.next(in);
                        if (v == null) {
                            if (in.hasRemaining()) {
                                throw new AssertionError("next returned null with " + in.remaining() + " bytes unconsumed");
                            }
                            break;
                        }
                        if (decoder.isMidValue()) {
                            throw new AssertionError("a top-level value came out but the decoder is still mid-value");
                        }
                        if (in.position() == before) {
                            throw new AssertionError("a value came out of zero bytes");
                        }
                        if (produced == 0) {
                            first = v;
                        }
                        produced++;
                        values++;
                        checkRoundTrip(v);
                    }
                    bytes += to - from;
                    from = to;
                }
                maxCalls = Math.max(maxCalls, calls);
                if (produced > 0) {
                    framesWithValues++;
                } else {
                    incomplete++;
                }
                if (control) {
                    // an untouched frame is exactly one value, whatever the splits
                    if (produced != 1 || decoder.isMidValue()) {
                        throw new AssertionError("control frame gave " + produced + " values, midValue=" + decoder.isMidValue());
                    }
                    RespValue expected = RespDecoder.decodeOne(Arrays.copyOf(frameBuf, frameLen));
                    if (!expected.equals(first)) {
                        throw new AssertionError("control frame decoded in pieces to " + first + ", whole to " + expected);
                    }
                }
            } catch (RespProtocolException e) {
                forget(tight);
                if (control) {
                    // generated frames stay well inside even the tight limits
                    throw new AssertionError("a valid frame was refused", e);
                }
                errors++;
                maxCalls = Math.max(maxCalls, calls);
                try {
                    decoder.next(ByteBuffer.wrap(new byte[] {'+', 'O', 'K', '\r', '\n'}));
                    throw new AssertionError("a failed decoder accepted more input");
                } catch (RespProtocolException expected) {
                    // stays failed
                }
            }
        }

        /** A value that came out re-encodes to bytes that decode to an equal value. */
        private static void checkRoundTrip(RespValue v) {
            byte[] encoded = RespEncoder.encodeToBytes(v);
            RespValue again = RespDecoder.decodeOne(encoded);
            if (!again.equals(v)) {
                throw new AssertionError("round trip changed " + v + " into " + again);
            }
        }

        // ------------------------------------------------------------ splits

        private void chooseSplits() {
            splitCount = 0;
            if (mutatedLen <= 1) {
                return;
            }
            int mode = random.nextInt(4);
            if (mode == 0) {
                return; // whole
            }
            if (mode == 1) {
                for (int i = 1; i < mutatedLen && splitCount < splits.length; i++) {
                    splits[splitCount++] = i; // byte by byte (as far as 64 splits go)
                }
                return;
            }
            int n = 1 + random.nextInt(Math.min(8, mutatedLen - 1));
            for (int i = 0; i < n; i++) {
                splits[splitCount++] = 1 + random.nextInt(mutatedLen - 1);
            }
            Arrays.sort(splits, 0, splitCount);
        }

        // ------------------------------------------------------------ mutation

        private void ensureMutated(int capacity) {
            if (mutated.length < capacity) {
                mutated = Arrays.copyOf(mutated, Math.max(capacity, mutated.length * 2));
            }
        }

        private void mutate() {
            int op = random.nextInt(8);
            if (mutatedLen == 0) {
                op = 2;
            }
            switch (op) {
                case 0 -> mutated[random.nextInt(mutatedLen)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> mutated[random.nextInt(mutatedLen)] = randomByte();
                case 2 -> insert(random.nextInt(mutatedLen + 1), new byte[] {randomByte()});
                case 3 -> delete(random.nextInt(mutatedLen), 1 + random.nextInt(Math.min(4, mutatedLen)));
                case 4 -> mutatedLen = random.nextInt(mutatedLen); // truncate
                case 5 -> {
                    int from = random.nextInt(mutatedLen);
                    int len = 1 + random.nextInt(Math.min(16, mutatedLen - from));
                    insert(random.nextInt(mutatedLen + 1), Arrays.copyOfRange(mutated, from, from + len));
                }
                case 6 -> replaceNumber();
                default -> {
                    int i = random.nextInt(mutatedLen);
                    mutated[i] = random.nextBoolean() ? (byte) '\r' : (byte) '\n';
                }
            }
        }

        private byte randomByte() {
            return random.nextInt(3) == 0 ? (byte) random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
        }

        private void insert(int at, byte[] what) {
            ensureMutated(mutatedLen + what.length);
            System.arraycopy(mutated, at, mutated, at + what.length, mutatedLen - at);
            System.arraycopy(what, 0, mutated, at, what.length);
            mutatedLen += what.length;
        }

        private void delete(int at, int n) {
            n = Math.min(n, mutatedLen - at);
            System.arraycopy(mutated, at + n, mutated, at, mutatedLen - at - n);
            mutatedLen -= n;
        }

        /** Replaces the digits after a random type byte with a boundary number. */
        private void replaceNumber() {
            int start = random.nextInt(mutatedLen);
            for (int i = start; i < mutatedLen; i++) {
                byte b = mutated[i];
                if (b == '$' || b == '*' || b == '%' || b == '~' || b == '>' || b == '|' || b == '!' || b == '='
                        || b == ':' || b == '(') {
                    int digits = i + 1;
                    while (digits < mutatedLen && (mutated[digits] == '-' || (mutated[digits] >= '0' && mutated[digits] <= '9'))) {
                        digits++;
                    }
                    delete(i + 1, digits - (i + 1));
                    insert(i + 1, random.nextInt(16) == 0 ? LARGE_NUMBERS[random.nextInt(LARGE_NUMBERS.length)]
                            : SMALL_NUMBERS[random.nextInt(SMALL_NUMBERS.length)]);
                    return;
                }
            }
        }

        // ------------------------------------------------------------ generation

        private void put(byte b) {
            if (frameLen == frameBuf.length) {
                frameBuf = Arrays.copyOf(frameBuf, frameBuf.length * 2);
            }
            frameBuf[frameLen++] = b;
        }

        private void put(String s) {
            for (int i = 0; i < s.length(); i++) {
                put((byte) s.charAt(i));
            }
        }

        private void crlf() {
            put((byte) '\r');
            put((byte) '\n');
        }

        private void line(char type, String content) {
            put((byte) type);
            put(content);
            crlf();
        }

        private String text(int max) {
            int n = random.nextInt(max + 1);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append((char) (' ' + random.nextInt(95)));
            }
            return sb.toString();
        }

        private void bulk(char type, byte[] payload) {
            line(type, Integer.toString(payload.length));
            for (byte b : payload) {
                put(b);
            }
            crlf();
        }

        private byte[] payload(int max) {
            byte[] p = new byte[random.nextInt(max + 1)];
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) ('a' + random.nextInt(26));
            }
            if (p.length > 2 && random.nextInt(4) == 0) {
                p[random.nextInt(p.length - 1)] = '\r'; // CRLF inside a payload is data, not a terminator
            }
            return p;
        }

        /** Appends one valid value; aggregates nest up to depth 3. */
        private void generate(int depth) {
            int kinds = depth >= 3 ? 11 : 16;
            switch (random.nextInt(kinds)) {
                case 0 -> line('+', text(12));
                case 1 -> line('-', "ERR " + text(12));
                case 2 -> line(':', Long.toString(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1000) - 500));
                case 3 -> bulk('$', payload(24));
                case 4 -> put(random.nextBoolean() ? "_\r\n" : random.nextBoolean() ? "$-1\r\n" : "*-1\r\n");
                case 5 -> line(',', switch (random.nextInt(6)) {
                    case 0 -> "inf";
                    case 1 -> "-inf";
                    case 2 -> "nan";
                    case 3 -> Double.toString(random.nextDouble() * 1e6 - 5e5);
                    case 4 -> random.nextInt(100) + "e" + (random.nextInt(20) - 10);
                    default -> Integer.toString(random.nextInt(1000));
                });
                case 6 -> line('#', random.nextBoolean() ? "t" : "f");
                case 7 -> {
                    StringBuilder digits = new StringBuilder(random.nextBoolean() ? "-" : "");
                    int n = 1 + random.nextInt(40);
                    for (int i = 0; i < n; i++) {
                        digits.append((char) ('0' + random.nextInt(10)));
                    }
                    line('(', digits.toString());
                }
                case 8 -> bulk('!', ("SYNTAX " + text(10)).getBytes(StandardCharsets.UTF_8));
                case 9 -> {
                    byte[] body = payload(16);
                    byte[] v = new byte[4 + body.length];
                    System.arraycopy(random.nextBoolean() ? "txt:".getBytes(StandardCharsets.US_ASCII)
                            : "mkd:".getBytes(StandardCharsets.US_ASCII), 0, v, 0, 4);
                    System.arraycopy(body, 0, v, 4, body.length);
                    bulk('=', v);
                }
                case 10 -> bulk('$', new byte[0]);
                case 11, 12 -> aggregate(random.nextBoolean() ? '*' : '~', depth);
                case 13 -> {
                    int n = random.nextInt(4);
                    line('%', Integer.toString(n));
                    for (int i = 0; i < 2 * n; i++) {
                        generate(depth + 1);
                    }
                }
                case 14 -> {
                    int n = 1 + random.nextInt(3);
                    line('>', Integer.toString(n));
                    bulk('$', "message".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 1; i < n; i++) {
                        generate(depth + 1);
                    }
                }
                default -> {
                    // an attribute, then the value it annotates
                    int n = 1 + random.nextInt(2);
                    line('|', Integer.toString(n));
                    for (int i = 0; i < n; i++) {
                        line('+', "key-" + i);
                        generate(depth + 1);
                    }
                    generate(depth + 1);
                }
            }
        }

        private void aggregate(char type, int depth) {
            int n = random.nextInt(5);
            line(type, Integer.toString(n));
            for (int i = 0; i < n; i++) {
                generate(depth + 1);
            }
        }
    }
}
