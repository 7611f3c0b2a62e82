package dev.tether.redis;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber's bounded queue and its delivery thread: the reader puts the messages of one read
 * in and wakes the thread once ({@link #flush}), and the thread takes everything waiting in one
 * go and runs the listeners, so a burst costs one wake-up, not one per message. Only messages count against the capacity; what happens when it is reached is
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
    /** Told of each message delivered and each dropped. */
    private final CommandObserver observer;
    private long droppedInGap; // guarded by lock
    private long droppedTotal; // guarded by lock
    private boolean consumerWaiting; // guarded by lock
    private boolean closed; // guarded by lock
    private boolean finishing; // guarded by lock: deliver what is queued, then end
    private final Thread thread;

    DeliveryQueue(DeliveryPolicy policy, SubscriptionRegistry registry, String name, CommandObserver observer) {
        this.policy = policy;
        this.registry = registry;
        this.observer = observer;
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
        boolean dropped = false;
        lock.lock();
        try {
            while (messages >= policy.capacity() && !closed) {
                if (policy.drops() || !mayWait && messages >= 2 * policy.capacity()) {
                    droppedInGap++;
                    droppedTotal++;
                    dropped = true;
                    return;
                }
                if (!mayWait) {
                    break;
                }
                wake(); // what is queued must be delivered for room to appear
                notFull.awaitUninterruptibly();
            }
            if (closed) {
                return;
            }
            queue.add(message);
            messages++; // the consumer is woken by flush(), once per read
        } finally {
            lock.unlock();
            if (dropped) {
                observer.dropped(1); // outside the lock: the listener is the user's code
            }
        }
    }

    /** From the reader after each read that brought messages: wakes the delivery thread once for all of them. */
    void flush() {
        lock.lock();
        try {
            if (!queue.isEmpty()) {
                wake();
            }
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
        while (true) {
            ArrayDeque<Object> batch;
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
                // Take the whole queue: one wake-up per burst, and a burst's grown array goes with it.
                batch = queue;
                queue = new ArrayDeque<>();
                if (droppedInGap > 0) {
                    // Drops happen only while the queue is full, so the gap is right after what it
                    // held, and before anything that fits from now on.
                    batch.add(new Broadcast(new PubSubNotice.MessagesDropped(droppedInGap, droppedTotal)));
                    droppedInGap = 0;
                }
                if (messages >= policy.capacity()) {
                    notFull.signalAll();
                }
                messages = 0;
            } finally {
                lock.unlock();
            }
            for (Object entry; (entry = batch.poll()) != null; ) {
                deliver(entry);
            }
        }
    }

    private void deliver(Object entry) {
        switch (entry) {
            case PubSubMessage m -> {
                String key = m.kind() == Subscription.Kind.PATTERN ? m.pattern() : m.channel();
                for (DefaultSubscription s : registry.holders(m.kind(), key)) {
                    safely(s, () -> s.listener().onMessage(m));
                }
                observer.delivered();
            }
            case Targeted t -> {
                // A refusal is news even for a subscription it closed (every name refused).
                if (t.target().isOpen() || t.notice() instanceof PubSubNotice.SubscribeFailed) {
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
