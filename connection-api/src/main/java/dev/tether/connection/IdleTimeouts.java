package dev.tether.connection;

import java.time.Duration;

/** Validation shared by the results that carry an optional idle timeout. */
final class IdleTimeouts {

    private IdleTimeouts() {
    }

    static Duration check(Duration idleTimeout) {
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        return idleTimeout;
    }
}
