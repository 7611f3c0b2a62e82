package dev.tether.connection;

import java.time.Duration;

/**
 * A lifecycle event, delivered to {@link ConnectionListener}s on the connection's loop.
 */
public sealed interface ConnectionEvent {

    /** The connection's name. */
    String connection();

    /** {@code connect} returned Ok (or {@code init} did). */
    record Connected(String connection) implements ConnectionEvent {
    }

    /** {@code disconnect} is about to run, with the info that asked for it. */
    record Disconnected(String connection, Object info) implements ConnectionEvent {
    }

    /**
     * A backoff timer was armed.
     *
     * @param delay the delay, or null for {@link Backoff#forever()}
     * @param attempt the failed attempts counted in this outage (1 for the first); 0 when the
     *     behaviour chose an explicit delay, which the runtime does not count
     * @param cause why connect failed, or null
     */
    record BackingOff(String connection, Duration delay, int attempt, Throwable cause) implements ConnectionEvent {
    }

    /** The process stopped; terminate has run. */
    record Stopped(String connection, StopReason reason) implements ConnectionEvent {
    }
}
