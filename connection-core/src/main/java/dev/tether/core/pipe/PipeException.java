package dev.tether.core.pipe;

import dev.tether.connection.ConnectionException;
import java.util.Objects;

/**
 * Why a {@link Pipe} could not answer a request. The {@link Reason} says what happened;
 * {@link #written()} says, for this request, whether any of it was handed to the socket, and so
 * whether it may have run on the server: the message ends with "(not sent)" or "(sent; it may
 * have run)" accordingly. A request that was not written can be sent again without running twice.
 *
 * <p>A protocol's facade usually turns these into its own exception type with
 * {@link Pipe.Builder#errorTranslator}.
 */
public final class PipeException extends ConnectionException {

    /** What happened to the request. Whether it was written is {@link #written()}, per request. */
    public enum Reason {
        /** Not connected (or the attempt this request waited for failed); usually never written. */
        CLOSED,
        /** The connection dropped before the reply came; usually after the request was written. */
        DISCONNECTED,
        /**
         * The deadline passed before the reply came: either while the request waited for a
         * connection (not written) or while it waited for its reply (written); a late reply is dropped.
         */
        TIMEOUT,
        /** Too many requests in flight or queued: refused before anything was written. */
        OVERLOADED,
        /** The pipe was closed; a request in flight at that moment may have run. */
        STOPPED,
        /**
         * The server refused this client during the handshake (wrong credentials, a database or
         * a permission it does not grant), or the {@link AddressResolver} refused to name one:
         * never written. A plain {@link Handshake.Refused} stops the pipe; one that
         * {@linkplain Handshake.Refused#retry() allows a retry} makes it back off and try again.
         * Either way every request fails with this reason for as long as the refusal is why the
         * pipe is down, never with a generic {@link #CLOSED} or {@link #STOPPED}.
         */
        HANDSHAKE_REFUSED
    }

    /** What happened to the request. */
    private final Reason reason;
    private final boolean written;
    private final String detail;

    /**
     * An exception with {@code reason}, a message saying what went wrong, and an optional cause;
     * {@link #written()} is what {@code reason} usually means: true for DISCONNECTED, TIMEOUT and
     * STOPPED (they may have run), false for the others. A pipe corrects it for each request it fails.
     */
    public PipeException(Reason reason, String message, Throwable cause) {
        this(reason, usuallyWritten(reason), message, cause);
    }

    /**
     * An exception with {@code reason}, whether the request was {@code written}, a message saying
     * what went wrong (the "(not sent)" or "(sent; it may have run)" ending is added here), and
     * an optional cause.
     */
    public PipeException(Reason reason, boolean written, String message, Throwable cause) {
        super(message + (written ? " (sent; it may have run)" : " (not sent)"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.written = written;
        this.detail = message;
    }

    private static boolean usuallyWritten(Reason reason) {
        Objects.requireNonNull(reason, "reason");
        return reason == Reason.DISCONNECTED || reason == Reason.TIMEOUT || reason == Reason.STOPPED;
    }

    /** What happened to the request. */
    public Reason reason() {
        return reason;
    }

    /**
     * True when some of the request was handed to the socket, so it may have run on the server;
     * false when none of it was, so sending it again cannot run it twice.
     */
    public boolean written() {
        return written;
    }

    /**
     * This failure as a synchronous caller sees it: a copy made on the calling thread, so its
     * stack trace shows the caller's own line, with the same reason, {@link #written()} and
     * message, and this exception (with the frames of the thread that saw the failure) as its
     * cause. With {@link #copy(boolean)}, the one place that copies a pipe exception's state.
     */
    PipeException forCaller() {
        return new PipeException(reason, written, detail, this);
    }

    /** True when the request was certainly not written, so sending it again cannot run it twice. */
    public boolean neverSent() {
        return !written;
    }

    /** The message without its "(not sent)" or "(sent; ...)" ending. */
    String detail() {
        return detail;
    }

    /** A fresh copy (its stack trace is the current thread's), saying {@code written}. */
    PipeException copy(boolean written) {
        return new PipeException(reason, written, detail, getCause());
    }
}
