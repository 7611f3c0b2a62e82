package dev.tether.redis.testkit;

import java.io.Serial;

/**
 * A {@link RedisServer} could not be started, stopped or signalled: the binary is missing, the
 * server did not become ready in time, it exited early, or it did not die when told to. Messages
 * carry the tail of the server's log when there is one.
 */
public class RedisServerException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with the log tail if relevant
     */
    public RedisServerException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, with the log tail if relevant
     * @param cause the underlying failure
     */
    public RedisServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
