package dev.tether.redis;

import java.util.Objects;

/**
 * One end of a lexicographic range (ZRANGE ... BYLEX): a member, inclusive or exclusive, or the
 * open ends {@code -} and {@code +}. Immutable.
 */
public final class LexBound {

    private static final LexBound MIN = new LexBound("-");
    private static final LexBound MAX = new LexBound("+");

    private final String wire;

    private LexBound(String wire) {
        this.wire = wire;
    }

    /** The range includes {@code member} ({@code [member}). */
    public static LexBound inclusive(String member) {
        return new LexBound("[" + Objects.requireNonNull(member, "member"));
    }

    /** The range stops short of {@code member} ({@code (member}). */
    public static LexBound exclusive(String member) {
        return new LexBound("(" + Objects.requireNonNull(member, "member"));
    }

    /** {@code -}: no lower end. */
    public static LexBound min() {
        return MIN;
    }

    /** {@code +}: no upper end. */
    public static LexBound max() {
        return MAX;
    }

    String wire() {
        return wire;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LexBound b && b.wire.equals(wire);
    }

    @Override
    public int hashCode() {
        return wire.hashCode();
    }

    @Override
    public String toString() {
        return wire;
    }
}
