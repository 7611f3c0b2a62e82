package dev.tether.testkit.chaos;

/**
 * Which way through a {@link ChaosProxy} a fault applies to, or a counter counts.
 *
 * <p>{@link #UPSTREAM} is client → server (the bytes the client writes), {@link #DOWNSTREAM} is
 * server → client (the bytes the client reads), {@link #BOTH} is both of them.
 */
public enum Direction {
    /** Client → server: what the client sends. */
    UPSTREAM,
    /** Server → client: what the client receives. */
    DOWNSTREAM,
    /** Both ways. */
    BOTH;

    /** Whether this direction covers {@code single}, which is {@link #UPSTREAM} or {@link #DOWNSTREAM}. */
    boolean includes(Direction single) {
        return this == BOTH || this == single;
    }
}
