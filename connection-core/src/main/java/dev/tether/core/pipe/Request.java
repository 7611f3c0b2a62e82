package dev.tether.core.pipe;

import java.time.Duration;

/**
 * One request of a request/reply protocol, typed by its reply: {@code Pipe.call(Request<T>)}
 * returns a {@code T}, so a client facade needs no casts. A protocol usually declares a sealed
 * interface of its requests that extends this one, and its {@link Codec} switches over it.
 *
 * <p>Requests are values: the pipe may hold one in its in-flight queue long after the caller gave
 * up, and hands it back to {@link Codec#decode} as the head of that queue.
 *
 * <p><b>Null replies.</b> Null is a legal reply: {@link #reply(Object)} may return null (a cache
 * miss, say), and the caller receives null. Nothing else in the pipe treats null specially.
 *
 * @param <T> what the caller receives
 */
public interface Request<T> {

    /**
     * How many reply frames answer this request: 1 (the default), N for a batch written as one
     * request (a pipeline, a transaction), or 0 for a request the server never answers
     * (fire-and-forget), which completes with null once written.
     */
    default int replyFrames() {
        return 1;
    }

    /**
     * This request's own deadline, in place of the pipe's call timeout; null (the default) for
     * the pipe's. A command that blocks on the server (a long poll) returns its block time plus
     * some slack here. An explicit timeout given to {@code call} wins over both.
     */
    default Duration timeout() {
        return null;
    }

    /**
     * Turns what the codec decoded into the caller's reply. It receives the frame itself when
     * {@link #replyFrames()} is 1, and an {@code Object[]} of the frames in order when it is more.
     * Throwing fails this caller alone with the thrown exception (a server-side error reply, for
     * example); the connection carries on. Runs on whichever thread read the reply: keep it short.
     * Default: an unchecked cast.
     */
    @SuppressWarnings("unchecked")
    default T reply(Object decoded) {
        return (T) decoded;
    }
}
