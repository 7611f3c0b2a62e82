package dev.tether.core.loop;

import dev.tether.connection.Cancellable;
import dev.tether.connection.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link Scheduler}: one daemon platform thread shared by every connection. Its tasks
 * only enqueue a message or complete a future, so one thread is plenty; cancelled tasks are
 * removed at once so cancelled timers do not pile up.
 */
final class SystemScheduler implements Scheduler {

    private static final SystemScheduler SHARED = new SystemScheduler();

    private final ScheduledThreadPoolExecutor executor;

    private SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tether-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** The scheduler shared by every connection that was not given one. */
    static SystemScheduler shared() {
        return SHARED;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
