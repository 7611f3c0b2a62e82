package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The RANK and MAXLEN options of LPOS (COUNT is a parameter of the list-returning form).
 * Immutable; start from {@link #none()}.
 */
public final class LposOptions {

    private static final LposOptions NONE = new LposOptions(0, -1);

    private final long rank;
    private final long maxLength;

    private LposOptions(long rank, long maxLength) {
        this.rank = rank;
        this.maxLength = maxLength;
    }

    /** No options: the first match, scanning the whole list from the head. */
    public static LposOptions none() {
        return NONE;
    }

    /**
     * RANK: skip to the {@code rank}-th match (1 is the first); negative ranks count from the
     * tail. Must not be 0.
     */
    public LposOptions rank(long rank) {
        if (rank == 0) {
            throw new IllegalArgumentException("LPOS rank must not be 0");
        }
        if (rank == Long.MIN_VALUE) {
            throw new IllegalArgumentException("LPOS rank out of range: " + rank);
        }
        return new LposOptions(rank, maxLength);
    }

    /** MAXLEN: compare at most {@code maxLength} elements; 0 means the whole list. */
    public LposOptions maxLength(long maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("LPOS maxlen must not be negative, got " + maxLength);
        }
        return new LposOptions(rank, maxLength);
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(4);
        if (rank != 0) {
            args.add("RANK");
            args.add(Long.toString(rank));
        }
        if (maxLength >= 0) {
            args.add("MAXLEN");
            args.add(Long.toString(maxLength));
        }
        return args;
    }

    @Override
    public String toString() {
        return "LposOptions" + arguments();
    }
}
