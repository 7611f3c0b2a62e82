package dev.tether.redis;

/**
 * The server answered a command with an error. The connection is fine; only this command
 * failed. Pipelines report such errors as {@link RedisError} values instead.
 */
public class RedisErrorException extends RuntimeException {

    private final transient RedisError error;

    public RedisErrorException(RedisError error) {
        super(error.message());
        this.error = error;
    }

    /** The server's error. */
    public RedisError error() {
        return error;
    }

    /** The error code, e.g. {@code WRONGTYPE}. */
    public String code() {
        return error.code();
    }

    /**
     * This error as a blocking caller sees it: made on the calling thread, so its stack trace
     * shows the caller's own line, with the same server error, and this exception as the cause.
     * The one place that copies this exception's state.
     */
    RedisErrorException forCaller() {
        RedisErrorException here = new RedisErrorException(error);
        here.initCause(this);
        return here;
    }
}
