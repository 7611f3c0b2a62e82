package dev.tether.redis;

import dev.tether.redis.resp.RespPush;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands RESP3 push frames to the user's listener, in order, on a virtual thread of its own: the
 * reader thread never runs user code. Bounded: when the listener falls 10,000 frames behind,
 * further frames are dropped and counted in a warning.
 */
final class PushDispatcher {

    private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);
    private static final int CAPACITY = 10_000;
    private static final RespPush POISON = new RespPush(java.util.List.of());

    private final Consumer<RespPush> listener;
    private final BlockingQueue<RespPush> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;

    PushDispatcher(Consumer<RespPush> listener, String name) {
        this.listener = listener;
        if (listener == null) {
            this.queue = null;
            this.thread = null;
        } else {
            this.queue = new ArrayBlockingQueue<>(CAPACITY);
            this.thread = Thread.ofVirtual().name("tether-push-" + name).start(this::run);
        }
    }

    /** Called on the reader thread. */
    void offer(RespPush push) {
        if (queue == null) {
            log.debug("push frame without a listener dropped: {}", push);
            return;
        }
        if (!queue.offer(push)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.warn("push listener is {} frames behind; {} push frames dropped so far", CAPACITY, n);
            }
        }
    }

    void close() {
        if (thread != null) {
            queue.clear();
            queue.offer(POISON);
        }
    }

    private void run() {
        try {
            while (true) {
                RespPush push = queue.take();
                if (push == POISON) {
                    return;
                }
                try {
                    listener.accept(push);
                } catch (RuntimeException e) {
                    log.warn("push listener threw on {}", push, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
