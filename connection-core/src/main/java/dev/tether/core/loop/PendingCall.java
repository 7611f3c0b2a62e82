package dev.tether.core.loop;

import dev.tether.connection.CallTimeoutException;
import dev.tether.connection.Cancellable;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.Ticker;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One call's reply handle. Whichever of reply, fail, timeout or the caller's cancel comes first
 * wins, and the rest are no-ops.
 *
 * <p>Completion threads (spec section 7): a synchronous call's future never escapes, so it is
 * completed directly and the blocked caller wakes at once. An async call's future belongs to the
 * caller, who may have attached stages through paths {@link CompletionFuture} cannot redirect
 * ({@code allOf}, {@code anyOf}, a plain future's {@code thenCombine}); when it has dependents it
 * is therefore completed on the completion executor, so no user code runs on a loop, reader or
 * timer thread.
 */
final class PendingCall<R> implements ReplyTo<R> {

    final CompletionFuture<R> future;
    private final String connection;
    private final Duration timeout;
    private final Ticker ticker;
    private final long deadlineNanos;
    private final Function<ConnectionException, ? extends RuntimeException> errors;
    private final Executor completion;
    private final boolean exposed;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile Cancellable timer;

    PendingCall(String connection, Duration timeout, Ticker ticker, Executor completion,
                Function<ConnectionException, ? extends RuntimeException> errors, boolean exposed) {
        this.errors = errors;
        this.completion = completion;
        this.exposed = exposed;
        this.future = new CompletionFuture<>(completion);
        this.connection = connection;
        this.timeout = timeout;
        this.ticker = ticker;
        long now = ticker.nanoTime();
        long t = timeout.toNanos();
        this.deadlineNanos = now + t < now ? Long.MAX_VALUE : now + t;
    }

    /** Arms the timer that expires an async call; cancelled at once if the call already completed. */
    void timer(Cancellable timer) {
        this.timer = timer;
        if (isDone()) {
            timer.cancel();
        }
    }

    @Override
    public boolean reply(R value) {
        return complete(value, null);
    }

    @Override
    public boolean fail(Throwable error) {
        return complete(null, java.util.Objects.requireNonNull(error, "error"));
    }

    /** Fails the call with a timeout; false if it was already complete. */
    boolean expire() {
        if (isDone()) {
            return false;
        }
        return complete(null, errors.apply(new CallTimeoutException(connection, timeout)));
    }

    private boolean complete(R value, Throwable error) {
        if (future.isDone() || !claimed.compareAndSet(false, true)) {
            return false;
        }
        cancelTimer();
        if (exposed && future.getNumberOfDependents() > 0) {
            try {
                completion.execute(() -> settle(value, error));
                return true;
            } catch (RejectedExecutionException e) {
                // The executor is shut down: completing here beats never completing.
            }
        }
        settle(value, error);
        return true;
    }

    private void settle(R value, Throwable error) {
        if (error == null) {
            future.complete(value);
        } else {
            future.completeExceptionally(error);
        }
    }

    boolean deadlinePassed() {
        return ticker.nanoTime() - deadlineNanos >= 0;
    }

    @Override
    public boolean isDone() {
        return claimed.get() || future.isDone();
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
