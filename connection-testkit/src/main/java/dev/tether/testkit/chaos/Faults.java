package dev.tether.testkit.chaos;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * The faults in force for one direction of a {@link ChaosProxy}: an immutable value that the
 * pumps read once per chunk (and again while they wait), so a switch takes effect on bytes already
 * queued as well as on new ones.
 *
 * <p>Delay, slow drip and corruption combine; a blackhole wins over all of them.
 *
 * @param delay how long after it was read a chunk is forwarded; zero for none
 * @param blackhole whether bytes are read and discarded instead of forwarded
 * @param dripBytes at most this many bytes per {@code dripInterval}; zero for no limit
 * @param dripInterval the pause between two drips
 * @param corruptProbability the chance that a forwarded byte gets one bit flipped
 * @param corruptRandom the seeded source of those flips, or null when not corrupting
 */
record Faults(
        Duration delay,
        boolean blackhole,
        int dripBytes,
        Duration dripInterval,
        double corruptProbability,
        Random corruptRandom) {

    /** Forward faithfully. */
    static final Faults PASS = new Faults(Duration.ZERO, false, 0, Duration.ZERO, 0.0, null);

    Faults {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(dripInterval, "dripInterval");
    }

    Faults withDelay(Duration newDelay) {
        return new Faults(newDelay, blackhole, dripBytes, dripInterval, corruptProbability, corruptRandom);
    }

    Faults withBlackhole() {
        return new Faults(delay, true, dripBytes, dripInterval, corruptProbability, corruptRandom);
    }

    Faults withDrip(int bytes, Duration interval) {
        return new Faults(delay, blackhole, bytes, interval, corruptProbability, corruptRandom);
    }

    Faults withCorruption(double probability, long seed) {
        return new Faults(delay, blackhole, dripBytes, dripInterval, probability, new Random(seed));
    }

    long delayNanos() {
        return saturatedNanos(delay);
    }

    long dripIntervalNanos() {
        return saturatedNanos(dripInterval);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // centuries: forever, as far as a test is concerned
        }
    }

    boolean dripping() {
        return dripBytes > 0;
    }

    boolean corrupting() {
        return corruptProbability > 0.0 && corruptRandom != null;
    }

    /**
     * Flips one random bit in each byte of {@code data[off, off+len)} that the seeded coin picks.
     *
     * @return how many bytes were changed
     */
    int corrupt(byte[] data, int off, int len) {
        if (!corrupting()) {
            return 0;
        }
        int changed = 0;
        for (int i = off; i < off + len; i++) {
            if (corruptRandom.nextDouble() < corruptProbability) {
                data[i] ^= (byte) (1 << corruptRandom.nextInt(8));
                changed++;
            }
        }
        return changed;
    }
}
