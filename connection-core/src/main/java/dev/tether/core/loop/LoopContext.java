package dev.tether.core.loop;

import dev.tether.connection.Cancellable;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.Scheduler;
import dev.tether.connection.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link ConnectionContext} given to a behaviour's callbacks. Its loop-only methods
 * ({@code sendAfter}, {@code backoffAttempt}) check that they run on the loop; {@code send}
 * and {@code self} go through the handle. {@link Engine#deliveryTo} recognises it to give
 * socket readers the unbounded path into the mailbox.
 */
final class LoopContext<Q, R> implements ConnectionContext<Q, R> {

    private final LoopHandle<Q, R> handle;
    private final Lifecycle lifecycle;
    private final Mailbox<Message> mailbox;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final BackoffTracker tracker;

    LoopContext(LoopHandle<Q, R> handle, Lifecycle lifecycle, Mailbox<Message> mailbox, Scheduler scheduler,
                Ticker ticker, BackoffTracker tracker) {
        this.handle = handle;
        this.lifecycle = lifecycle;
        this.mailbox = mailbox;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.tracker = tracker;
    }

    /** The handle, for {@link Engine#deliveryTo}. */
    LoopHandle<Q, R> handle() {
        return handle;
    }

    @Override
    public ConnectionRef<Q, R> self() {
        return handle;
    }

    @Override
    public String name() {
        return lifecycle.name;
    }

    @Override
    public void send(Object message) {
        handle.send(message);
    }

    @Override
    public Cancellable sendAfter(Object message, Duration delay) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(delay, "delay");
        requireLoop("sendAfter");
        DelayedMessage token = new DelayedMessage(message);
        token.timer(scheduler.schedule(delay, () -> mailbox.offerUnbounded(new Mail.Delayed(token))));
        return token;
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public int backoffAttempt() {
        requireLoop("backoffAttempt");
        return lifecycle.state == ConnectionState.CONNECTED ? 0 : tracker.attempts();
    }

    @Override
    public boolean onLoop() {
        return lifecycle.onLoop();
    }

    private void requireLoop(String what) {
        if (!onLoop()) {
            throw new IllegalStateException(what + " is for callbacks of " + lifecycle.name + ", on its loop; "
                    + "other threads use the ConnectionRef");
        }
    }

    @Override
    public String toString() {
        return lifecycle.toString();
    }
}
