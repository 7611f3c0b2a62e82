package dev.tether.connection;

import java.time.Duration;

/**
 * Runs a task once after a delay. The runtime arms every timer (backoff, idle timeout,
 * {@link ConnectionContext#sendAfter send-after}, async call deadlines) through one, so tests
 * can inject a fake scheduler together with a fake {@link Ticker}.
 *
 * <p>Tasks must be short: the runtime's tasks only enqueue a message. Implementations must
 * tolerate {@link Cancellable#cancel()} racing with the task running.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} to run once after {@code delay}.
     *
     * @param delay how long to wait; zero or negative runs as soon as possible
     * @param task what to run; it must not block
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Duration delay, Runnable task);
}
