package dev.tether.core.loop;

import dev.tether.connection.Cancellable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A message sent with {@code sendAfter}. Cancel and delivery race on one atomic state, so a
 * cancel that wins guarantees the message is never delivered even when its timer already fired
 * and the fire is queued.
 */
final class DelayedMessage implements Cancellable {

    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int DELIVERED = 2;

    final Object message;
    private final AtomicInteger state = new AtomicInteger(PENDING);
    private volatile Cancellable timer;

    DelayedMessage(Object message) {
        this.message = message;
    }

    void timer(Cancellable timer) {
        this.timer = timer;
    }

    /** Claims the message for delivery; false if it was cancelled. */
    boolean claimDelivery() {
        return state.compareAndSet(PENDING, DELIVERED);
    }

    @Override
    public boolean cancel() {
        if (!state.compareAndSet(PENDING, CANCELLED)) {
            return false;
        }
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        return true;
    }
}
