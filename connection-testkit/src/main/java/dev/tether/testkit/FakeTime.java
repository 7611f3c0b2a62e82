package dev.tether.testkit;

import dev.tether.connection.Cancellable;
import dev.tether.connection.Scheduler;
import dev.tether.connection.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fake clock and scheduler in one: time moves only when the test calls {@link #advance}, which
 * runs the tasks that fell due, in due order. Inject it as both the ticker and the scheduler of a
 * connection ({@code ConnectionOptions.builder().ticker(time).scheduler(time)}) to test backoff,
 * idle timeouts and deadlines without sleeping; for a pipe, also its stall check, early-connect
 * window and write deadlines. Blocking waits stay in real time: the connect timeout is real
 * time, and a waiting synchronous caller or the write watchdog sees fake time move within a
 * second of real time at most.
 *
 * <p>Thread-safe. Tasks run on the thread that calls {@code advance}, outside the internal lock.
 */
public final class FakeTime implements Ticker, Scheduler {

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final List<Duration> scheduledDelays = new ArrayList<>();
    private long now = 1_000_000_000L;
    private long sequence;

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            Task t = new Task(now + Math.max(0, delay.toNanos()), sequence++, task);
            tasks.add(t);
            scheduledDelays.add(delay);
            return () -> cancel(t);
        } finally {
            lock.unlock();
        }
    }

    private boolean cancel(Task t) {
        lock.lock();
        try {
            return tasks.remove(t);
        } finally {
            lock.unlock();
        }
    }

    /** Moves time forward by {@code amount}, running every task that falls due, in order. */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, got " + amount);
        }
        long target;
        lock.lock();
        try {
            target = now + amount.toNanos();
        } finally {
            lock.unlock();
        }
        while (true) {
            Task due;
            lock.lock();
            try {
                Task head = tasks.peek();
                if (head == null || head.dueNanos > target) {
                    now = target;
                    return;
                }
                due = tasks.poll();
                now = Math.max(now, due.dueNanos);
            } finally {
                lock.unlock();
            }
            due.task.run();
        }
    }

    /** Runs the earliest pending task now, moving time to its due time; false if none. */
    public boolean runNext() {
        Task due;
        lock.lock();
        try {
            due = tasks.poll();
            if (due == null) {
                return false;
            }
            now = Math.max(now, due.dueNanos);
        } finally {
            lock.unlock();
        }
        due.task.run();
        return true;
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public int pendingTasks() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    /** Time until the earliest pending task is due, or null if none. */
    public Duration nextDue() {
        lock.lock();
        try {
            Task head = tasks.peek();
            return head == null ? null : Duration.ofNanos(head.dueNanos - now);
        } finally {
            lock.unlock();
        }
    }

    /** Every delay ever passed to {@link #schedule}, in order: what backoff tests assert on. */
    public List<Duration> scheduledDelays() {
        lock.lock();
        try {
            return List.copyOf(scheduledDelays);
        } finally {
            lock.unlock();
        }
    }

    private record Task(long dueNanos, long sequence, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }
}
