package dev.tether.core.loop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A many-producer, one-consumer queue with a bound for senders and a park/unpark hand-off for the
 * consumer. Senders never block: {@link #offer} fails when full. The runtime's own messages
 * (timer fires, delayed self-messages) use {@link #offerUnbounded}: there is at most one timer per
 * slot, so they cannot grow without bound.
 */
final class Mailbox<M> {

    private final ConcurrentLinkedQueue<M> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final int capacity;
    private volatile Thread consumer;

    Mailbox(int capacity) {
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size.get();
    }

    /** Must be called by the consumer thread before it first parks. */
    void bindConsumer(Thread thread) {
        this.consumer = thread;
    }

    /** Adds {@code message} unless the mailbox holds {@code capacity} messages already. */
    boolean offer(M message) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.offer(message);
        wake();
        return true;
    }

    /** Adds {@code message} regardless of the bound (runtime messages only). */
    void offerUnbounded(M message) {
        size.incrementAndGet();
        queue.offer(message);
        wake();
    }

    /** Takes {@code message} back if it is still queued (a sender racing with a stop). */
    boolean remove(M message) {
        if (queue.remove(message)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }

    /** The next message, or null. Consumer only. */
    M poll() {
        M m = queue.poll();
        if (m != null) {
            size.decrementAndGet();
        }
        return m;
    }

    /**
     * Parks the consumer until a message may be available or {@link #wake()} is called. May return
     * spuriously; callers re-check. Consumer only.
     */
    void await() {
        parked.set(true);
        if (queue.isEmpty()) {
            LockSupport.park(this);
        }
        parked.set(false);
    }

    /**
     * Wakes the consumer for a signal that is not a queued message (a stop request): it gets a
     * permit even if it has not parked yet, so the signal cannot be missed.
     */
    void wakeAlways() {
        Thread t = consumer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Wakes the consumer if it is parked (or about to park). */
    void wake() {
        if (parked.get() && parked.compareAndSet(true, false)) {
            Thread t = consumer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
