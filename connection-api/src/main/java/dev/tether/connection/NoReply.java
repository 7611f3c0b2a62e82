package dev.tether.connection;

import java.time.Duration;

/**
 * Carry on. From handleCall the caller keeps waiting: the behaviour keeps the {@link ReplyTo} and
 * completes it later, from any callback or any thread. A pending backoff timer keeps running.
 */
public record NoReply<R>(Duration idleTimeout) implements CallResult<R>, CastResult, InfoResult {
    static final NoReply<?> INSTANCE = new NoReply<>(null);

    /** Checks the idle timeout: {@code idleTimeout}, when given, must be positive. */
    public NoReply {
        IdleTimeouts.check(idleTimeout);
    }
}
