package dev.tether.examples.memcached;

import dev.tether.core.pipe.PipeException;
import java.util.Objects;

/**
 * A memcached call failed; {@link #reason()} says how. An error line from the server
 * ({@code ERROR}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}) fails that request alone and the
 * connection carries on. The other reasons are the pipe's, one for one with
 * {@link PipeException.Reason} and meant as documented there; the {@link PipeException} is then
 * the cause.
 */
public final class MemcachedException extends RuntimeException {

    /** How the call failed. */
    public enum Reason {
        /** The server's {@code ERROR}: it did not know the command. */
        ERROR,
        /** The server's {@code CLIENT_ERROR}: it refused the request, e.g. incr of a non-number. */
        CLIENT_ERROR,
        /** The server's {@code SERVER_ERROR}: it could not do it, e.g. a value too large. */
        SERVER_ERROR,
        /** Not connected: never written, safe to retry. */
        CLOSED,
        /** The connection dropped with the request written: it may have run. */
        DISCONNECTED,
        /** No reply within the deadline: it may have run. */
        TIMEOUT,
        /** Too many requests unfinished: never written. */
        OVERLOADED,
        /** The client was closed. */
        STOPPED,
        /** The handshake was refused (this example's client has none, so it does not happen here). */
        HANDSHAKE_REFUSED
    }

    private final Reason reason;

    /** A failure for {@code reason}; {@code cause} may be null. */
    public MemcachedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The pipe's error translator: the same reason, the PipeException as the cause. */
    static MemcachedException from(PipeException e) {
        Reason reason = switch (e.reason()) { // exhaustive: a new pipe reason fails to compile here
            case CLOSED -> Reason.CLOSED;
            case DISCONNECTED -> Reason.DISCONNECTED;
            case TIMEOUT -> Reason.TIMEOUT;
            case OVERLOADED -> Reason.OVERLOADED;
            case STOPPED -> Reason.STOPPED;
            case HANDSHAKE_REFUSED -> Reason.HANDSHAKE_REFUSED;
        };
        return new MemcachedException(reason, e.getMessage(), e);
    }

    /** How the call failed. */
    public Reason reason() {
        return reason;
    }

    /** True when the request was certainly not written (CLOSED, OVERLOADED): a retry cannot run it twice. */
    public boolean neverSent() {
        return reason == Reason.CLOSED || reason == Reason.OVERLOADED;
    }
}
