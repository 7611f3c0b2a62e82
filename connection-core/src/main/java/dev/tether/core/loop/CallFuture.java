package dev.tether.core.loop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of one call, as the caller sees it. Two completions, so that both halves of the
 * completion-thread rule hold (docs/behaviour-contract.md, 'Completion threads'):
 * <ul>
 *   <li>{@link #settled} is completed directly on the loop or reader thread; {@code get},
 *       {@code join} and the state queries read it, so a caller blocked in {@code get()} is woken
 *       by the completing thread itself, with no hop;</li>
 *   <li>this future proper carries the dependent stages, and {@link PendingCall} completes it on
 *       the completion executor whenever it has any, so no user stage (not even one attached
 *       through {@code allOf} or a plain future's {@code thenCombine}) runs on a loop, reader or
 *       timer thread.</li>
 * </ul>
 * Completing or cancelling it from outside completes both.
 */
final class CallFuture<T> extends CompletionFuture<T> {

    final CompletableFuture<T> settled = new CompletableFuture<>();

    CallFuture(Executor executor) {
        super(executor);
    }

    /** Completes the dependent side (this future proper) with what {@link #settled} holds. */
    void propagate() {
        if (settled.isCompletedExceptionally()) {
            super.completeExceptionally(settled.exceptionNow());
        } else {
            super.complete(settled.resultNow());
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return settled.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return settled.get(timeout, unit);
    }

    @Override
    public T join() {
        return settled.join();
    }

    @Override
    public T getNow(T valueIfAbsent) {
        return settled.getNow(valueIfAbsent);
    }

    @Override
    public T resultNow() {
        return settled.resultNow();
    }

    @Override
    public Throwable exceptionNow() {
        return settled.exceptionNow();
    }

    @Override
    public State state() {
        return settled.state();
    }

    @Override
    public boolean isDone() {
        return settled.isDone();
    }

    @Override
    public boolean isCompletedExceptionally() {
        return settled.isCompletedExceptionally();
    }

    @Override
    public boolean isCancelled() {
        return settled.isCancelled();
    }

    @Override
    public boolean complete(T value) {
        boolean won = settled.complete(value);
        super.complete(value);
        return won;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        boolean won = settled.completeExceptionally(error);
        super.completeExceptionally(error);
        return won;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean won = settled.cancel(mayInterruptIfRunning);
        super.cancel(mayInterruptIfRunning);
        return won;
    }
}
