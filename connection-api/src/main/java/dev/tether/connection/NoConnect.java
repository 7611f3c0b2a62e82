package dev.tether.connection;

import java.time.Duration;

/**
 * From disconnect: stay disconnected and idle ({@link ConnectionState#DISCONNECTED}) until some
 * callback returns Connect.
 */
public record NoConnect(Duration idleTimeout) implements DisconnectResult {
    static final NoConnect INSTANCE = new NoConnect(null);

    /** Checks the idle timeout: {@code idleTimeout}, when given, must be positive. */
    public NoConnect {
        IdleTimeouts.check(idleTimeout);
    }
}
