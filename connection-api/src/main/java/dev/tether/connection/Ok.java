package dev.tether.connection;

import java.time.Duration;

/**
 * Success. From {@code init}: the loop starts and {@code connect} is not called (connect inside
 * init). From {@code connect}: the connection is up.
 *
 * @param idleTimeout if not null, {@link Signal#IDLE_TIMEOUT} is delivered to handleInfo when no
 *     message arrives within it
 */
public record Ok(Duration idleTimeout) implements InitResult, ConnectResult {
    static final Ok INSTANCE = new Ok(null);

    /** Checks the idle timeout: {@code idleTimeout}, when given, must be positive. */
    public Ok {
        IdleTimeouts.check(idleTimeout);
    }
}
