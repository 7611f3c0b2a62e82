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
 * <p>Completion threads (docs/behaviour-contract.md, 'Completion threads'): the waiting side of
 * the {@link CallFuture} is completed
 * directly, so a caller blocked in {@code get()} wakes at once; its dependent side is completed on
 * the completion executor whenever stages are attached, so no user code runs on a loop, reader or
 * timer thread.
 */
final class PendingCall<R> implements ReplyTo<R> {

    final CallFuture<R> future;
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
        this.future = new CallFuture<>(completion);
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
        if (error == null) {
            future.settled.complete(value);
        } else {
            future.settled.completeExceptionally(error);
        }
        if (exposed && future.getNumberOfDependents() > 0) {
            try {
                completion.execute(future::propagate);
                return true;
            } catch (RejectedExecutionException e) {
                // The executor is shut down: completing here beats never completing.
            }
        }
        future.propagate();
        return true;
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
