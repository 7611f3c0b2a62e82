package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How XTRIM (or XADD) trims a stream: MAXLEN (keep at most so many entries) or MINID (drop
 * entries below an id), exact ({@code =}) or approximate ({@code ~}, cheaper) with an optional
 * LIMIT on how many entries one call may evict. Immutable; start from {@link #maxLen} or
 * {@link #minId}.
 */
public final class StreamTrim {

    private final String strategy;
    private final String threshold;
    private final boolean approximate;
    private final long limit;

    private StreamTrim(String strategy, String threshold, boolean approximate, long limit) {
        this.strategy = strategy;
        this.threshold = threshold;
        this.approximate = approximate;
        this.limit = limit;
    }

    /** MAXLEN = {@code count}: keep the newest {@code count} entries. */
    public static StreamTrim maxLen(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("MAXLEN must not be negative, got " + count);
        }
        return new StreamTrim("MAXLEN", Long.toString(count), false, 0);
    }

    /** MINID = {@code id}: drop the entries whose id is below {@code id}. */
    public static StreamTrim minId(String id) {
        Objects.requireNonNull(id, "id");
        return new StreamTrim("MINID", id, false, 0);
    }

    /** {@code ~}: trim approximately (whole radix-tree nodes), which is cheaper. */
    public StreamTrim approximate() {
        return new StreamTrim(strategy, threshold, true, limit);
    }

    /** LIMIT {@code count}: evict at most so many entries per call; only with {@link #approximate()}. */
    public StreamTrim limit(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException(strategy + " LIMIT must be positive, got " + count);
        }
        return new StreamTrim(strategy, threshold, approximate, count);
    }

    /** The words this trim adds to XTRIM or XADD, checked. */
    List<String> arguments() {
        if (limit > 0 && !approximate) {
            throw new IllegalArgumentException(strategy + " LIMIT needs approximate trimming (~)");
        }
        List<String> args = new ArrayList<>(5);
        args.add(strategy);
        args.add(approximate ? "~" : "=");
        args.add(threshold);
        if (limit > 0) {
            args.add("LIMIT");
            args.add(Long.toString(limit));
        }
        return args;
    }

    @Override
    public String toString() {
        return "StreamTrim" + String.join(" ", arguments());
    }
}
