package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What ZRANGE and ZRANGESTORE select: an index range, a score range (BYSCORE) or a lexicographic
 * range (BYLEX), optionally reversed (REV) and, for score and lex ranges, paged (LIMIT). Bounds are
 * always given low end first; a reversed range sends them high end first, as the server wants.
 * Immutable.
 */
public final class ZRange {

    private final String by; // null for an index range, else BYSCORE or BYLEX
    private final String low;
    private final String high;
    private final boolean reversed;
    private final long offset;
    private final long count; // -1: no LIMIT

    private ZRange(String by, String low, String high, boolean reversed, long offset, long count) {
        this.by = by;
        this.low = low;
        this.high = high;
        this.reversed = reversed;
        this.offset = offset;
        this.count = count;
    }

    /** Members from index {@code start} to {@code stop}, both inclusive; negative counts from the end. */
    public static ZRange byIndex(long start, long stop) {
        return new ZRange(null, Long.toString(start), Long.toString(stop), false, 0, -1);
    }

    /** BYSCORE: members with scores between {@code min} and {@code max}. */
    public static ZRange byScore(ScoreBound min, ScoreBound max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        return new ZRange("BYSCORE", min.wire(), max.wire(), false, 0, -1);
    }

    /** BYLEX: members between {@code min} and {@code max} (for members of equal score). */
    public static ZRange byLex(LexBound min, LexBound max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        return new ZRange("BYLEX", min.wire(), max.wire(), false, 0, -1);
    }

    /** REV: highest first. Index ranges then count from the highest; bounds stay given low end first. */
    public ZRange reversed() {
        return new ZRange(by, low, high, !reversed, offset, count);
    }

    /** LIMIT offset count: skip {@code offset} matches and return at most {@code count}. Score and lex ranges only. */
    public ZRange limit(long offset, long count) {
        if (by == null) {
            throw new IllegalArgumentException("ZRANGE LIMIT needs a score or lex range, not an index range");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("ZRANGE LIMIT offset must not be negative, got " + offset);
        }
        if (count < 0) {
            throw new IllegalArgumentException("ZRANGE LIMIT count must not be negative, got " + count);
        }
        return new ZRange(by, low, high, reversed, offset, count);
    }

    boolean isLex() {
        return "BYLEX".equals(by);
    }

    /** start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count]. */
    List<Object> arguments() {
        List<Object> args = new ArrayList<>(7);
        boolean swap = reversed && by != null;
        args.add(swap ? high : low);
        args.add(swap ? low : high);
        if (by != null) {
            args.add(by);
        }
        if (reversed) {
            args.add("REV");
        }
        if (count >= 0) {
            args.add("LIMIT");
            args.add(offset);
            args.add(count);
        }
        return args;
    }

    @Override
    public String toString() {
        return "ZRange" + arguments();
    }
}
