package dev.tether.connection;

import java.time.Duration;

/**
 * What {@link Connection#connect(Object)} may return: {@link Ok}, {@link Backoff} or
 * {@link Stop}. A connect cannot chain into another connect or into disconnect.
 */
public sealed interface ConnectResult permits Ok, Backoff, Stop {

    /** Connected. */
    static ConnectResult ok() {
        return Ok.INSTANCE;
    }

    /** Connected, with an idle timeout. */
    static ConnectResult ok(Duration idleTimeout) {
        return new Ok(idleTimeout);
    }

    /** Not connected; retry per {@code backoff}. */
    static ConnectResult backoff(Backoff backoff) {
        return backoff;
    }

    /** Not connected; retry after the policy's next delay, recording the cause. */
    static ConnectResult backoffByPolicy(Throwable cause) {
        return Backoff.byPolicy().because(cause);
    }

    /** Give up and stop the process. */
    static ConnectResult stop(StopReason reason) {
        return new Stop<>(reason);
    }
}
