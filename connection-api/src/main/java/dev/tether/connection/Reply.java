package dev.tether.connection;

import java.time.Duration;

/**
 * From handleCall: answer the caller with {@code value} (null is a legal reply). A pending
 * backoff timer keeps running.
 */
public record Reply<R>(R value, Duration idleTimeout) implements CallResult<R> {
    /** Checks the idle timeout: {@code idleTimeout}, when given, must be positive. */
    public Reply {
        IdleTimeouts.check(idleTimeout);
    }
}
