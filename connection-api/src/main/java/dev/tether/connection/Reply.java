package dev.tether.connection;

import java.time.Duration;

/**
 * From handleCall: answer the caller with {@code value} (null is a legal reply). A pending
 * backoff timer keeps running.
 */
public record Reply<R>(R value, Duration idleTimeout) implements CallResult<R> {
    public Reply {
        IdleTimeouts.check(idleTimeout);
    }
}
