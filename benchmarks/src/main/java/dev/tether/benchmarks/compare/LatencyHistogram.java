package dev.tether.benchmarks.compare;

/**
 * A log-linear histogram of latencies in nanoseconds: exact below 128 ns, then 64 buckets per
 * power of two, so a reported percentile is within 1.6% of the true value (the midpoint of the
 * bucket is reported). Not thread-safe: one per thread, {@link #add merged} at the end.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private static final int HALF = SUB / 2;

    private final long[] counts = new long[SUB + (64 - SUB_BITS) * HALF];
    private long total;

    /** Records one latency. */
    public void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    /** Adds every count of {@code other}. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** Latencies recorded. */
    public long count() {
        return total;
    }

    /** The value at quantile {@code q} (0..1), in nanoseconds; NaN when empty. */
    public double quantileNanos(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long target = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= target) {
                return midpoint(i);
            }
        }
        return midpoint(counts.length - 1);
    }

    /** The value at quantile {@code q} (0..1), in microseconds; NaN when empty. */
    public double quantileMicros(double q) {
        return quantileNanos(q) / 1_000.0;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - (SUB_BITS - 1);
        long top = v >>> shift; // in [HALF, SUB)
        return SUB + (shift - 1) * HALF + (int) (top - HALF);
    }

    static double midpoint(int index) {
        if (index < SUB) {
            return index;
        }
        int k = index - SUB;
        int shift = k / HALF + 1;
        long top = k % HALF + HALF;
        double lower = (double) top * (double) (1L << shift);
        return lower + (double) (1L << shift) / 2.0;
    }
}
