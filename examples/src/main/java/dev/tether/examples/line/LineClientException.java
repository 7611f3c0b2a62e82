package dev.tether.examples.line;

import dev.tether.connection.ConnectionException;
import dev.tether.core.pipe.PipeException;
import java.util.Objects;

/**
 * A call to a {@link LineClient} failed because of the connection, not because of the server's
 * answer (the server's errors are ordinary reply lines starting with {@code ERR}). The
 * {@link #reason()} tells whether the request may have reached the server. Made from the pipe's
 * {@link PipeException}, reason for reason.
 */
public final class LineClientException extends ConnectionException {

    /** Why the call failed. */
    public enum Reason {
        /** There was no connection when the call came: the request was never sent. Retry later. */
        CLOSED,
        /**
         * The connection was lost while the request was in flight: it may or may not have been
         * handled (an {@code INCR} may have counted).
         */
        DISCONNECTED,
        /** No reply within the deadline: it may or may not have been handled; a late reply is dropped. */
        TIMEOUT,
        /** Too many requests unfinished: refused before anything was written. Retry later. */
        OVERLOADED,
        /** The client was closed; a request in flight at that moment may have been handled. */
        STOPPED
    }

    private final Reason reason;

    /** A failure for {@code reason}; {@code cause} may be null. */
    public LineClientException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The pipe's failure as the line client reports it: the pipe's translator. */
    static LineClientException from(PipeException e) {
        Reason reason = switch (e.reason()) {
            case CLOSED -> Reason.CLOSED;
            case DISCONNECTED -> Reason.DISCONNECTED;
            case TIMEOUT -> Reason.TIMEOUT;
            case OVERLOADED -> Reason.OVERLOADED;
            case STOPPED -> Reason.STOPPED;
        };
        return new LineClientException(reason, e.getMessage(), e.getCause());
    }

    /** Why the call failed. */
    public Reason reason() {
        return reason;
    }

    /** True when the request was certainly not written, so sending it again cannot run it twice. */
    public boolean neverSent() {
        return reason == Reason.CLOSED || reason == Reason.OVERLOADED;
    }
}
