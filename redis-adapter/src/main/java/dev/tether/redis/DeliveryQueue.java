package dev.tether.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber's bounded queue and its delivery thread: the reader puts messages in, the thread
 * takes everything waiting in one go and runs the listeners, so a burst costs one wake-up, not
 * one per message. Only messages count against the capacity; what happens when it is reached is
 * the {@link DeliveryPolicy}. Notices never wait and are never dropped.
 *
 * <p>A message is matched to the subscriptions holding its channel (or pattern) when it is
 * delivered, not when it is queued: a subscription closed meanwhile gets nothing more.
 */
final class DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    /** A notice for one subscription. */
    private record Targeted(DefaultSubscription target, PubSubNotice notice) {
    }

    /** A notice for every subscription open when it is delivered. */
    private record Broadcast(PubSubNotice notice) {
    }

    private final DeliveryPolicy policy;
    private final SubscriptionRegistry registry;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private ArrayDeque<Object> queue = new ArrayDeque<>(); // guarded by lock
    private int messages; // messages in the queue; guarded by lock
    private long droppedInGap; // guarded by lock
    private long droppedTotal; // guarded by lock
    private boolean consumerWaiting; // guarded by lock
    private boolean closed; // guarded by lock
    private boolean finishing; // guarded by lock: deliver what is queued, then end
    private final Thread thread;

    DeliveryQueue(DeliveryPolicy policy, SubscriptionRegistry registry, String name) {
        this.policy = policy;
        this.registry = registry;
        this.thread = new Thread(this::run, "tether-pubsub-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues {@code message}, from the reader. When the queue is full: drop and count under the
     * drop policy, or past twice the capacity when {@code mayWait} is false; otherwise wait for
     * room (the reader stops reading: backpressure).
     */
    void message(PubSubMessage message, boolean mayWait) {
        lock.lock();
        try {
            while (messages >= policy.capacity() && !closed) {
                if (policy.drops() || !mayWait && messages >= 2 * policy.capacity()) {
                    droppedInGap++;
                    droppedTotal++;
                    return;
                }
                if (!mayWait) {
                    break;
                }
                notFull.awaitUninterruptibly();
            }
            if (closed) {
                return;
            }
            if (droppedInGap > 0) {
                queue.add(new Broadcast(new PubSubNotice.MessagesDropped(droppedInGap, droppedTotal)));
                droppedInGap = 0;
            }
            queue.add(message);
            messages++;
            wake();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a notice for {@code target}. Never waits. */
    void notice(DefaultSubscription target, PubSubNotice notice) {
        put(new Targeted(target, notice));
    }

    /** Queues a notice for every subscription open when it is delivered. Never waits. */
    void noticeAll(PubSubNotice notice) {
        put(new Broadcast(notice));
    }

    private void put(Object entry) {
        lock.lock();
        try {
            if (!closed && !finishing) {
                queue.add(entry);
                wake();
            }
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        if (consumerWaiting) {
            consumerWaiting = false;
            notEmpty.signal();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return droppedTotal;
        } finally {
            lock.unlock();
        }
    }

    /** Stops delivering: what is queued is dropped, a waiting reader is let go. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue = new ArrayDeque<>();
            messages = 0;
            notFull.signalAll();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Delivers what is queued (a last notice, say), then ends; nothing queued after this is delivered. */
    void finish() {
        lock.lock();
        try {
            finishing = true;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    if (finishing) {
                        return;
                    }
                    consumerWaiting = true;
                    notEmpty.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                batch.addAll(queue);
                queue.clear();
                if (messages >= policy.capacity()) {
                    notFull.signalAll();
                }
                messages = 0;
            } finally {
                lock.unlock();
            }
            for (Object entry : batch) {
                deliver(entry);
            }
            batch.clear();
        }
    }

    private void deliver(Object entry) {
        switch (entry) {
            case PubSubMessage m -> {
                String key = m.kind() == Subscription.Kind.PATTERN ? m.pattern() : m.channel();
                for (DefaultSubscription s : registry.holders(m.kind(), key)) {
                    safely(s, () -> s.listener().onMessage(m));
                }
            }
            case Targeted t -> {
                if (t.target().isOpen()) {
                    safely(t.target(), () -> t.target().listener().onNotice(t.notice()));
                }
            }
            case Broadcast b -> {
                for (DefaultSubscription s : registry.subscriptions()) {
                    safely(s, () -> s.listener().onNotice(b.notice()));
                }
            }
            default -> throw new IllegalStateException("not a delivery: " + entry);
        }
    }

    private static void safely(DefaultSubscription s, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("the listener of {} threw; delivery goes on", s, e);
        }
    }
}
