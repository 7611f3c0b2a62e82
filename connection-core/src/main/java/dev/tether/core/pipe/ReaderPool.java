package dev.tether.core.pipe;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform threads that drain busy plain-TCP connections: a cached pool shared by every pipe.
 * A connection borrows a thread only while replies are due to several callers at once, and gives
 * it back when none is; an idle pool thread ends after a few seconds. So an idle connection holds
 * no platform thread, and a busy one reads with plain blocking reads (one wake-up per batch of
 * replies, no poller hop), where a virtual thread would pay the poller and scheduler hand-offs.
 */
final class ReaderPool {

    private static final long KEEP_ALIVE_SECONDS = 5;
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final ThreadFactory FACTORY = r -> {
        Thread t = new Thread(r, "tether-pipe-reader-" + IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), FACTORY);

    private ReaderPool() {
    }

    /** Runs {@code drain} on a pool thread. */
    static void run(Runnable drain) {
        POOL.execute(drain);
    }
}
