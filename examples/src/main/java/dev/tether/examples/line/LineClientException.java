package dev.tether.examples.line;

import dev.tether.connection.ConnectionException;
import java.util.Objects;

/**
 * A call to a {@link LineClient} failed because of the connection, not because of the server's
 * answer (the server's errors are ordinary reply lines starting with {@code ERR}). The
 * {@link #reason()} tells whether the request may have reached the server.
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
        DISCONNECTED
    }

    private final Reason reason;

    /** A failure for {@code reason}; {@code cause} may be null. */
    public LineClientException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the call failed. */
    public Reason reason() {
        return reason;
    }
}
