package dev.tether.redis.resp;

/**
 * A RESP3 boolean ({@code #t\r\n} / {@code #f\r\n}).
 *
 * <p>There are only two values, so the decoder hands out {@link #TRUE} and {@link #FALSE}
 * and never allocates; use {@link #of(boolean)} for the same effect.
 *
 * @param value the boolean
 */
public record RespBoolean(boolean value) implements RespValue {

    /** Shared {@code #t}. */
    public static final RespBoolean TRUE = new RespBoolean(true);
    /** Shared {@code #f}. */
    public static final RespBoolean FALSE = new RespBoolean(false);

    /**
     * Returns the shared instance for the given boolean.
     *
     * @param value the boolean
     * @return {@link #TRUE} or {@link #FALSE}
     */
    public static RespBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    @Override
    public String toString() {
        return value ? "#t" : "#f";
    }
}
