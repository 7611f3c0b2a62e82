package dev.tether.redis;

import dev.tether.connection.ConnectionException;
import dev.tether.core.pipe.PipeException;

/**
 * The one exception for everything that goes wrong between the client and the server, as
 * opposed to the server answering with an error ({@link RedisErrorException}). The
 * {@link #reason()} says what happened; {@link #written()} says, for this command, whether any of
 * it reached the socket and so whether it may have run (a command's failure message ends with
 * "(not sent)" or "(sent; it may have run)"). Recognise a failure by its reason, never by its text.
 */
public class RedisConnectionException extends ConnectionException {

    /** What went wrong. Whether the command was sent is {@link #written()}, per command. */
    public enum Reason {
        /** Not connected when the command was issued (or the attempt it waited for failed); usually not sent. */
        CLOSED,
        /** The connection dropped before the reply came; usually after the command was sent. It is never replayed. */
        DISCONNECTED,
        /**
         * No reply within the command's deadline: either it still waited for a connection (not
         * sent) or it waited for its reply (sent: it may have run). A late reply is dropped.
         */
        TIMEOUT,
        /**
         * The health check tore the connection down: the oldest reply was overdue by a health
         * interval past its deadline (however many bytes trickled in meanwhile), or an idle
         * connection did not answer its PING. Usually sent.
         */
        HEALTH_CHECK,
        /** The server sent bytes that are not valid RESP; the connection was torn down. */
        PROTOCOL_ERROR,
        /**
         * Refused before anything was written: too many commands in flight or queued (the
         * mailbox, the hold queue, the pipe's limit on unfinished commands), or every dedicated connection busy
         * past the command's timeout.
         */
        OVERLOADED,
        /** The client is closed or stopped; a command in flight at that moment may have run. */
        STOPPED,
        /**
         * The server refused this client's handshake (WRONGPASS, NOAUTH, NOPERM, a database it does
         * not have: any error reply to HELLO, AUTH, CLIENT SETNAME or SELECT but a transient state
         * such as LOADING or BUSY), or, with Sentinel, no sentinel monitors the service or every
         * one refused the sentinel credentials. Never sent. With fixed credentials the client
         * stops; with a credentials supplier it retries by its backoff policy (the supplier may
         * rotate them). Either way every command fails with this reason, not CLOSED or STOPPED,
         * for as long as the refusal is why there is no connection, and the server's words appear
         * once in the message.
         */
        HANDSHAKE_REFUSED
    }

    private final Reason reason;
    private final boolean written;

    /** A failure for {@code reason} with a message saying what went wrong; see {@link #written()}. */
    public RedisConnectionException(Reason reason, String message) {
        this(reason, message, null);
    }

    /**
     * A failure for {@code reason} with a message and an optional cause. {@link #written()} is the
     * first {@link PipeException} in the cause chain's, if there is one (that knows what happened to
     * this command), else what the reason usually means: sent for DISCONNECTED, TIMEOUT,
     * HEALTH_CHECK and PROTOCOL_ERROR, not sent for the others.
     */
    public RedisConnectionException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
        this.written = written(reason, cause);
    }

    private static boolean written(Reason reason, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PipeException p) {
                return p.written();
            }
        }
        return switch (reason) {
            case DISCONNECTED, TIMEOUT, HEALTH_CHECK, PROTOCOL_ERROR -> true;
            case CLOSED, OVERLOADED, STOPPED, HANDSHAKE_REFUSED -> false;
        };
    }

    /** A copy of {@code original} with it as the cause; see {@link #forCaller()}. */
    private RedisConnectionException(RedisConnectionException original) {
        super(original.getMessage(), original); // the message already starts with the reason
        this.reason = original.reason;
        this.written = original.written;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /**
     * True when some of the command was handed to the socket, so it may have run on the server;
     * false when none of it was, so sending it again cannot run it twice.
     */
    public boolean written() {
        return written;
    }

    /**
     * This failure as a blocking caller sees it: made on the calling thread, so its stack trace
     * shows the caller's own line, with the same reason, {@link #written()} and message, and this
     * exception as the cause. The one place that copies this exception's state: a field added
     * here is copied in the constructor above.
     */
    RedisConnectionException forCaller() {
        return new RedisConnectionException(this);
    }
}
