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

    private final PipeException.Reason reason;

    /** A failure for {@code reason}; {@code cause} may be null. */
    public LineClientException(PipeException.Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The pipe's failure as the line client reports it: the pipe's translator. */
    static LineClientException from(PipeException e) {
        return new LineClientException(e.reason(), e.getMessage(), e.getCause());
    }

    /**
     * Why the call failed, in the pipe's terms: CLOSED (never sent, retry later), DISCONNECTED
     * (lost in flight: an {@code INCR} may have counted), TIMEOUT (may have been handled; a late
     * reply is dropped), OVERLOADED (refused before writing), STOPPED (the client was closed).
     */
    public PipeException.Reason reason() {
        return reason;
    }

    /** True when the request was certainly not written, so sending it again cannot run it twice. */
    public boolean neverSent() {
        return reason == PipeException.Reason.CLOSED || reason == PipeException.Reason.OVERLOADED;
    }
}
