package dev.tether.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * Why a connection process stopped. Passed to {@link Connection#terminate(StopReason)},
 * completes {@link ConnectionRef#stopped()}, and is carried by the
 * {@link ConnectionStoppedException} that every caller still waiting receives.
 *
 * <p>{@link Normal} and {@link Shutdown} are the expected ends of a life and are not logged
 * as errors. A {@link Failure} (the behaviour's own decision, explained) is logged as a warning
 * on one line; a {@link Crash} and {@link BackoffExhausted} as errors. A stack trace is logged
 * for a crash, and for any other reason only when its cause is unchecked (a bug's signature).
 */
public sealed interface StopReason {

    /** The ordinary end: {@link ConnectionRef#stop()} or a behaviour returning {@code Stop(normal())}. */
    static StopReason normal() {
        return Normal.INSTANCE;
    }

    /** An orderly shutdown with a detail for humans (application stopping, pool shrinking). */
    static StopReason shutdown(String detail) {
        return new Shutdown(detail);
    }

    /** An abnormal stop decided by the behaviour itself, e.g. the server refused our password. */
    static StopReason failure(String message) {
        return new Failure(message, null);
    }

    /** An abnormal stop decided by the behaviour itself, with the exception behind it. */
    static StopReason failure(String message, Throwable cause) {
        return new Failure(message, cause);
    }

    /** True for {@link Normal} and {@link Shutdown}. */
    default boolean isNormal() {
        return this instanceof Normal || this instanceof Shutdown;
    }

    /** The exception behind this reason, or null. */
    default Throwable cause() {
        return null;
    }

    /** A one-line description for logs and exception messages. */
    String describe();

    /** The ordinary end. */
    record Normal() implements StopReason {
        static final Normal INSTANCE = new Normal();

        @Override
        public String describe() {
            return "normal";
        }
    }

    /** An orderly shutdown. */
    record Shutdown(String detail) implements StopReason {
        /** Checks that {@code detail} is not null. */
        public Shutdown {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "shutdown: " + detail;
        }
    }

    /** An abnormal stop chosen by the behaviour. */
    record Failure(String message, Throwable cause) implements StopReason {
        /** Checks that {@code message} is not null; {@code cause} may be. */
        public Failure {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String describe() {
            return cause == null ? "failure: " + message : "failure: " + message + " (" + cause + ")";
        }
    }

    /**
     * A callback threw, or returned null or a result it may not return (then {@code exception}
     * is a {@link BadReturnValueException}). Decided by the runtime.
     */
    record Crash(String callback, Throwable exception) implements StopReason {
        /** Checks that {@code callback} and {@code exception} are not null. */
        public Crash {
            Objects.requireNonNull(callback, "callback");
            Objects.requireNonNull(exception, "exception");
        }

        @Override
        public Throwable cause() {
            return exception;
        }

        @Override
        public String describe() {
            return "crash in " + callback + ": " + exception;
        }
    }

    /**
     * The connection's {@link BackoffPolicy} gave up ({@link BackoffPolicy#maxAttempts()} or
     * {@link BackoffPolicy#maxOutage()} reached) after a {@link Backoff#byPolicy()} result.
     *
     * @param attempts failed connect attempts in this outage
     * @param outage time since the first failure of this outage
     * @param lastCause the cause carried by the last Backoff result, or null
     */
    record BackoffExhausted(int attempts, Duration outage, Throwable lastCause) implements StopReason {
        @Override
        public Throwable cause() {
            return lastCause;
        }

        @Override
        public String describe() {
            return "backoff policy gave up after " + attempts + " attempts over " + outage
                    + (lastCause == null ? "" : " (last: " + lastCause + ")");
        }
    }
}
