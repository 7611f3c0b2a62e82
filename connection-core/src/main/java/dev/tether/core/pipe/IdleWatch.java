package dev.tether.core.pipe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Puts a reader on every plain-TCP lane that went quiet, so that a server closing an idle
 * connection, or pushing to it, is seen at once rather than by the next request.
 *
 * <p>On such lanes callers read their own replies, and nobody reads while nothing is due. One
 * shared daemon looks at the open lanes every {@link #INTERVAL_NANOS}; a lane that read nothing
 * since the last look, with nothing due and nobody reading, gets a watcher: a virtual thread
 * blocked in a read, which holds no platform thread while it waits (the JDK's poller does). A
 * busy lane never gets one, so the serial fast path keeps its single wake-up per request; the
 * first request after a quiet spell is answered through the watcher, which then leaves (see
 * {@link Lane#watchIfQuiet()}). A lane with a watcher is out of the set until the watcher
 * leaves, so ten thousand idle connections cost the daemon nothing. It waits without waking
 * while the set is empty.
 */
final class IdleWatch {

    /** How often quiet lanes are looked for: a lane quiet this long gets a watcher within as long again. */
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final Set<Lane<?>> LANES = ConcurrentHashMap.newKeySet();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Condition OPENED = LOCK.newCondition();
    private static Thread sweeper; // guarded by LOCK

    private IdleWatch() {
    }

    /** Watches {@code lane} from now until {@link #forget}. */
    static void watch(Lane<?> lane) {
        LANES.add(lane);
        LOCK.lock();
        try {
            if (sweeper == null) {
                Thread t = new Thread(IdleWatch::sweep, "tether-idle-watch");
                t.setDaemon(true);
                t.start();
                sweeper = t;
            } else {
                OPENED.signal();
            }
        } finally {
            LOCK.unlock();
        }
    }

    static void forget(Lane<?> lane) {
        LANES.remove(lane);
    }

    /** Lanes looked at now (for tests: a closed lane must never stay). */
    static int size() {
        return LANES.size();
    }

    private static void sweep() {
        while (true) {
            LOCK.lock();
            try {
                while (LANES.isEmpty()) {
                    OPENED.awaitUninterruptibly(); // no lane open: no wake-ups at all
                }
            } finally {
                LOCK.unlock();
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
            for (Lane<?> lane : LANES) {
                lane.watchIfQuiet();
            }
        }
    }
}
