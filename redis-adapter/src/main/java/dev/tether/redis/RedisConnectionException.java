package dev.tether.redis;

import dev.tether.connection.ConnectionException;

/**
 * The one exception for everything that goes wrong between the client and the server, as
 * opposed to the server answering with an error ({@link RedisErrorException}). The
 * {@link #reason()} says what happened and what the caller may assume about its command.
 */
public class RedisConnectionException extends ConnectionException {

    /** What went wrong. */
    public enum Reason {
        /** Not connected when the command was issued; the command was never sent. */
        CLOSED,
        /** The connection dropped while the command was in flight: it may or may not have run. It is never replayed. */
        DISCONNECTED,
        /** No reply within the command's deadline; it may or may not have run. A late reply is dropped. */
        TIMEOUT,
        /** The health check found the connection dead (no bytes read while replies were due) and tore it down. */
        HEALTH_CHECK,
        /** The server sent bytes that are not valid RESP; the connection was torn down. */
        PROTOCOL_ERROR,
        /** Too many commands queued (the mailbox or the hold queue is full); the command was not sent. */
        OVERLOADED,
        /** The client is closed or stopped (for instance the server refused its credentials). */
        STOPPED
    }

    private final Reason reason;

    public RedisConnectionException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public RedisConnectionException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** A copy of {@code original} with it as the cause; see {@link #forCaller()}. */
    private RedisConnectionException(RedisConnectionException original) {
        super(original.getMessage(), original); // the message already starts with the reason
        this.reason = original.reason;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /**
     * This failure as a blocking caller sees it: made on the calling thread, so its stack trace
     * shows the caller's own line, with the same reason and message, and this exception as the
     * cause. The one place that copies this exception's state: a field added here is copied in
     * the constructor above.
     */
    RedisConnectionException forCaller() {
        return new RedisConnectionException(this);
    }
}
