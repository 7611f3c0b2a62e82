package dev.tether.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * Arm the connection's single backoff timer; when it fires, {@code connect(Signal.BACKOFF)}
 * runs. The process keeps answering messages meanwhile ({@link ConnectionState#BACKING_OFF}).
 * Any later Connect or Disconnect result cancels the timer.
 *
 * <ul>
 *   <li>{@link #after(Duration)}: an explicit delay chosen by the behaviour.</li>
 *   <li>{@link #byPolicy()}: the next delay of the connection's {@link BackoffPolicy}. The
 *       runtime counts attempts, applies the policy's reset rule, reports the attempt in
 *       {@link ConnectionEvent.BackingOff}, and stops the process with
 *       {@link StopReason.BackoffExhausted} when the policy gives up.</li>
 *   <li>{@link #forever()}: arm nothing; only another Connect result reconnects.</li>
 * </ul>
 *
 * @param kind how the delay is chosen
 * @param delay the delay for {@link Kind#AFTER}, null otherwise
 * @param cause why the connect failed, or null; reported in events and in a failed synchronous start
 * @param idleTimeout optional idle timeout, see {@link Ok}
 */
public record Backoff(Kind kind, Duration delay, Throwable cause, Duration idleTimeout)
        implements InitResult, ConnectResult, DisconnectResult {

    /** How the delay is chosen. */
    public enum Kind {
        /** {@link #delay()} as given. */
        AFTER,
        /** The next delay of the connection's backoff policy. */
        BY_POLICY,
        /** No timer: the connection waits for a Connect result. */
        FOREVER
    }

    /**
     * Checks the components: a kind; a delay with {@link Kind#AFTER} and only with it, never
     * negative; {@code idleTimeout}, when given, must be positive.
     */
    public Backoff {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.AFTER) != (delay != null)) {
            throw new IllegalArgumentException("a delay goes with Kind.AFTER and only with it");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("backoff delay must not be negative, got " + delay);
        }
        IdleTimeouts.check(idleTimeout);
    }

    /** Back off for exactly {@code delay}. */
    public static Backoff after(Duration delay) {
        return new Backoff(Kind.AFTER, Objects.requireNonNull(delay, "delay"), null, null);
    }

    /** Back off for the next delay of the connection's policy; attempts counted by the runtime. */
    public static Backoff byPolicy() {
        return new Backoff(Kind.BY_POLICY, null, null, null);
    }

    /** Arm nothing: stay backing off until a callback returns Connect. */
    public static Backoff forever() {
        return new Backoff(Kind.FOREVER, null, null, null);
    }

    /** The same backoff, recording why the connect failed. */
    public Backoff because(Throwable cause) {
        return new Backoff(kind, delay, cause, idleTimeout);
    }

    /** The same backoff with an idle timeout. */
    public Backoff withIdleTimeout(Duration timeout) {
        return new Backoff(kind, delay, cause, timeout);
    }
}
