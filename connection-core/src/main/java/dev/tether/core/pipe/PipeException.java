package dev.tether.core.pipe;

import dev.tether.connection.ConnectionException;
import java.util.Objects;

/**
 * Why a {@link Pipe} could not answer a request. The {@link Reason} says what the caller may
 * assume about the request's effect on the server: {@link Reason#CLOSED} and
 * {@link Reason#OVERLOADED} were never written, so retrying is safe; {@link Reason#DISCONNECTED}
 * and {@link Reason#TIMEOUT} may or may not have run.
 *
 * <p>A protocol's facade usually turns these into its own exception type with
 * {@link Pipe.Builder#errorTranslator}.
 */
public final class PipeException extends ConnectionException {

    /** What happened to the request. */
    public enum Reason {
        /** Not connected (or the attempt this request waited for failed): never written. */
        CLOSED,
        /** The connection dropped with the request written and unanswered: it may have run. */
        DISCONNECTED,
        /** The deadline passed before the reply came: it may have run; a late reply is dropped. */
        TIMEOUT,
        /** Too many requests in flight or queued: refused before anything was written. */
        OVERLOADED,
        /** The pipe was closed; a request in flight at that moment may have run. */
        STOPPED
    }

    /** What happened to the request. */
    private final Reason reason;

    /** An exception with {@code reason}, a message saying what went wrong, and an optional cause. */
    public PipeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** What happened to the request. */
    public Reason reason() {
        return reason;
    }

    /** True when the request was certainly not written, so sending it again cannot run it twice. */
    public boolean neverSent() {
        return reason == Reason.CLOSED || reason == Reason.OVERLOADED;
    }
}
