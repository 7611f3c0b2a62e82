package dev.tether.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code close(Duration drain)}, written once for the clients that hold more than one connection
 * (dedicated connections, cluster nodes, Sentinel replicas): the drain checked, and the
 * connections closed side by side, each draining on its own virtual thread, so closing n
 * connections takes one drain, not n. A zero drain closes them as {@code close()} always did.
 */
final class Closing {

    private static final Logger log = LoggerFactory.getLogger(Closing.class);

    private Closing() {
    }

    /** {@code drain} if it is a drain time: not null, not negative. */
    static Duration checked(Duration drain) {
        Objects.requireNonNull(drain, "drain");
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative, got " + drain);
        }
        return drain;
    }

    /**
     * Closes {@code clients}: with a zero drain plainly, one after another; else each with
     * {@code drain}, all at once ({@link #concurrently}).
     */
    static void all(List<? extends RedisClient> clients, Duration drain) {
        if (drain.isZero()) {
            clients.forEach(RedisClient::close);
            return;
        }
        List<Runnable> closes = new ArrayList<>(clients.size());
        for (RedisClient c : clients) {
            closes.add(() -> c.close(drain));
        }
        concurrently(closes);
    }

    /**
     * Runs every close at once and returns when all have returned. Each close is bounded (its
     * drain plus the stop timeout), so this is too; an interrupt does not cut it short, it only
     * stays set. A close that throws is logged; the others still run.
     */
    static void concurrently(List<Runnable> closes) {
        List<Thread> threads = new ArrayList<>(closes.size());
        for (Runnable close : closes) {
            threads.add(Thread.ofVirtual().name("tether-close").start(() -> {
                try {
                    close.run();
                } catch (RuntimeException e) {
                    log.warn("closing a connection failed", e);
                }
            }));
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
