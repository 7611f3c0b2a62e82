package dev.tether.core.loop;

import dev.tether.connection.CallTimeoutException;
import dev.tether.connection.Cancellable;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.Ticker;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One call's reply handle. The future is the single source of truth: whichever of reply, fail,
 * timeout or the caller's cancel completes it first wins, and the rest are no-ops.
 */
final class PendingCall<R> implements ReplyTo<R> {

    final CompletionFuture<R> future;
    private final String connection;
    private final Duration timeout;
    private final Ticker ticker;
    private final long deadlineNanos;
    private final Function<ConnectionException, ? extends RuntimeException> errors;
    private volatile Cancellable timer;

    PendingCall(String connection, Duration timeout, Ticker ticker, Executor completion,
                Function<ConnectionException, ? extends RuntimeException> errors) {
        this.errors = errors;
        this.future = new CompletionFuture<>(completion);
        this.connection = connection;
        this.timeout = timeout;
        this.ticker = ticker;
        long now = ticker.nanoTime();
        long t = timeout.toNanos();
        this.deadlineNanos = now + t < now ? Long.MAX_VALUE : now + t;
    }

    /** Arms the timer that expires an async call; cancelled when the call completes first. */
    void timer(Cancellable timer) {
        this.timer = timer;
    }

    @Override
    public boolean reply(R value) {
        boolean won = future.complete(value);
        cancelTimer();
        return won;
    }

    @Override
    public boolean fail(Throwable error) {
        boolean won = future.completeExceptionally(java.util.Objects.requireNonNull(error, "error"));
        cancelTimer();
        return won;
    }

    /** Fails the call with a timeout; false if it was already complete. */
    boolean expire() {
        return future.completeExceptionally(errors.apply(new CallTimeoutException(connection, timeout)));
    }

    boolean deadlinePassed() {
        return ticker.nanoTime() - deadlineNanos >= 0;
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public Duration remaining() {
        long left = deadlineNanos - ticker.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private void cancelTimer() {
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
    }
}
