package dev.tether.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Where the blocking face meets a failure made on another thread: a connection's loop, the reader
 * of a reply, a delivery thread. A {@link RedisConnectionException} or {@link RedisErrorException}
 * is thrown to a blocking caller as a copy made on the caller's thread, of the same type, reason
 * and message (see each one's {@code forCaller()}), so its stack trace shows the caller's own
 * line, with the original, and the frames of the thread that saw the failure, as its cause.
 * Nothing is copied on success.
 *
 * <p>The single-connection client's commands reach this through {@code DefaultRedisClient.call};
 * there the pipe already translated a connection failure on the caller's thread, with the pipe's
 * own exception as the cause, so only a server error reply is copied.
 */
final class SyncWait {

    private SyncWait() {
    }

    /** The future's value, or what failed it, thrown as {@link #forCaller} makes it. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw forCaller(r);
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server's reply", e);
        }
    }

    /**
     * {@code failure} as a blocking caller sees it: a copy made on this thread for the client's
     * own exception types (a subclass someone else made is left as it is), else {@code failure}.
     */
    static RuntimeException forCaller(RuntimeException failure) {
        if (failure.getClass() == RedisConnectionException.class) {
            return ((RedisConnectionException) failure).forCaller();
        }
        if (failure.getClass() == RedisErrorException.class) {
            return ((RedisErrorException) failure).forCaller();
        }
        return failure;
    }
}
