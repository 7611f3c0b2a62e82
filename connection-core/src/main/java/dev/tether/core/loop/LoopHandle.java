package dev.tether.core.loop;

import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.MailboxFullException;
import dev.tether.connection.StopReason;
import dev.tether.connection.StopTimeoutException;
import dev.tether.connection.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle users hold: the {@link ConnectionRef} of one connection process, safe from any
 * thread. It only queues messages, reads the {@link Lifecycle}, or (stop) requests a stop, wakes
 * the loop and, if a callback is blocked, interrupts it; it never touches the loop's own state.
 * {@code Tether.start}, {@code Tether.whereis} and {@code context.self()} all return this object.
 */
final class LoopHandle<Q, R> implements ConnectionRef<Q, R> {

    private static final Duration INTERRUPT_GRACE = Duration.ofMillis(500);

    private final Lifecycle lifecycle;
    private final Engine.Settings options;
    private final Mailbox<Message> mailbox;
    private final Ticker ticker;

    LoopHandle(Lifecycle lifecycle, Engine.Settings options, Mailbox<Message> mailbox) {
        this.lifecycle = lifecycle;
        this.options = options;
        this.mailbox = mailbox;
        this.ticker = options.ticker();
    }

    @Override
    public String name() {
        return lifecycle.name;
    }

    @Override
    public R call(Q request) {
        return call(request, options.callTimeout());
    }

    @Override
    public R call(Q request, Duration timeout) {
        if (lifecycle.onLoop()) {
            throw new IllegalStateException(name() + ": a call from its own loop to itself would deadlock");
        }
        PendingCall<R> call = newCall(request, timeout, false);
        enqueue(new Mail.Call(request, call));
        try {
            return call.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.expire();
            return joinCompleted(call);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            call.future.cancel(false);
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting for " + name(), e);
        }
    }

    private R joinCompleted(PendingCall<R> call) {
        try {
            return call.future.join(); // completed: a reply that won the race, or the timeout
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new ConnectionException("call failed: " + cause, cause);
    }

    @Override
    public CompletableFuture<R> callAsync(Q request) {
        return callAsync(request, options.callTimeout());
    }

    @Override
    public CompletableFuture<R> callAsync(Q request, Duration timeout) {
        PendingCall<R> call = newCall(request, timeout, true);
        enqueue(new Mail.Call(request, call));
        // Armed after a successful enqueue, so a refused call leaves no timer behind.
        call.timer(options.scheduler().schedule(timeout, call::expire));
        return call.future;
    }

    private PendingCall<R> newCall(Q request, Duration timeout, boolean exposed) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("call timeout must be positive, got " + timeout);
        }
        return new PendingCall<>(name(), timeout, ticker, options.completionExecutor(), options.errorTranslator(),
                exposed);
    }

    @Override
    public void cast(Q request) {
        Objects.requireNonNull(request, "request");
        enqueue(new Mail.Cast(request));
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message");
        if (lifecycle.onLoop()) {
            // From the loop itself the bound could only deadlock or drop: same as context.send.
            mailbox.offerUnbounded(new Mail.Info(message));
            return;
        }
        enqueue(new Mail.Info(message));
    }

    /**
     * Delivers an info message from a runtime-owned producer (a socket reader) regardless of the
     * mailbox bound: such producers bound themselves (one outstanding event per link), and an
     * event they drop would be lost for good. After the loop stopped, the event goes nowhere.
     */
    void deliver(Object message) {
        if (!lifecycle.closed) {
            mailbox.offerUnbounded(new Mail.Info(Objects.requireNonNull(message, "message")));
        }
    }

    /**
     * Queues a message, refusing it once a stop is decided. A sender that raced with the final
     * drain of a stopping loop takes its message back and is told the process stopped; if the
     * loop already took it, it was handled, or failed (calls), or dropped with a warning (a cast
     * or info that slipped in just as the stop was decided).
     */
    private void enqueue(Message m) {
        if (lifecycle.refusing()) {
            throw lifecycle.translate(new ConnectionStoppedException(name(), lifecycle.reasonWhileStopping()));
        }
        if (!mailbox.offer(m)) {
            throw lifecycle.translate(new MailboxFullException(name(), "mailbox", mailbox.capacity()));
        }
        if (lifecycle.closed && mailbox.remove(m)) {
            throw lifecycle.translate(new ConnectionStoppedException(name(), lifecycle.reasonWhileStopping()));
        }
    }

    @Override
    public ConnectionState state() {
        return lifecycle.state;
    }

    @Override
    public CompletableFuture<StopReason> stopped() {
        return lifecycle.stopped.copy();
    }

    @Override
    public StopReason stop() {
        return stop(StopReason.normal(), options.stopTimeout());
    }

    @Override
    public StopReason stop(StopReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        if (lifecycle.onLoop()) {
            throw new IllegalStateException(name() + ": stop from its own loop would deadlock; return a Stop result");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!lifecycle.stopped.isDone()) {
            lifecycle.requestStop(reason);
            mailbox.wakeAlways();
            Callback callback = lifecycle.running();
            if (callback != null && callback.talksToPeer()) {
                lifecycle.interruptCallback();
            } else {
                long grace = Math.min(timeout.toNanos() / 2, INTERRUPT_GRACE.toNanos());
                if (awaitStopped(grace) == null) {
                    lifecycle.interruptCallback();
                }
            }
            if (awaitStopped(deadline - System.nanoTime()) == null) {
                throw new StopTimeoutException(name(), timeout);
            }
        }
        StopReason stopped = lifecycle.stopped.join();
        awaitLoopThreadEnd(deadline - System.nanoTime());
        return stopped;
    }

    /**
     * The loop's thread has a few instructions left after its process stopped; waiting for them
     * (within the stop timeout) means that once stop returns nothing of the process runs, and
     * {@code Tether.liveResources()} no longer lists it.
     */
    private void awaitLoopThreadEnd(long nanos) {
        Thread loop = lifecycle.thread;
        if (loop == null || loop == Thread.currentThread()) {
            return;
        }
        try {
            loop.join(Duration.ofNanos(Math.max(1, nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private StopReason awaitStopped(long nanos) {
        try {
            return lifecycle.stopped.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("stopped future failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while stopping " + name(), e);
        }
    }

    @Override
    public String toString() {
        return lifecycle.toString();
    }
}
