package dev.tether.connection;

import java.time.Duration;

/**
 * The handle for answering one call. Handed to {@link Connection#handleCall(Object, ReplyTo)};
 * a behaviour that returns {@link NoReply} keeps it and completes it later, from any callback or
 * any thread.
 *
 * <p>The first completion wins: a second {@link #reply} or {@link #fail}, or one after the caller
 * timed out or cancelled, returns false and is otherwise ignored; it never throws into the loop.
 *
 * @param <R> the reply type
 */
public interface ReplyTo<R> {

    /**
     * Answers the caller.
     *
     * @return true if this completed the call; false if it was already complete (answered,
     *     failed, timed out or cancelled)
     */
    boolean reply(R value);

    /**
     * Fails the call with {@code error}, which the caller receives as is (for a synchronous
     * call, wrapped only if it is a checked exception).
     *
     * @return true if this completed the call
     */
    boolean fail(Throwable error);

    /** True once the call is complete for any reason, including the caller giving up. */
    boolean isDone();

    /**
     * The caller's deadline on the connection's {@link Ticker}. Work for a caller whose deadline
     * has passed is wasted: skip it (a Redis client does not send an expired INCR).
     */
    long deadlineNanos();

    /** Time left until the deadline, never negative. */
    Duration remaining();

    /** True if the deadline has passed or the call is already complete. */
    default boolean isExpired() {
        return isDone() || remaining().isZero();
    }
}
