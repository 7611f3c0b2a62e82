package dev.tether.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code close(Duration drain)}, written once for the clients that hold more than one connection:
 * the drain checked, and the connections closed side by side, each draining on its own virtual
 * thread, so closing n connections takes one drain, not n.
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
