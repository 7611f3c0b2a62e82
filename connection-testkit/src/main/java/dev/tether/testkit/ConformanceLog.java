package dev.tether.testkit;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * What {@link ConnectionConformance} saw, in one order: the lifecycle events of the connection
 * under test (as its listener) and the callbacks its {@link ConformanceRecorder} observed. Tests
 * wait on it for an entry to appear, so they need neither sleeps nor polling: adding an entry
 * wakes the waiters.
 */
final class ConformanceLog implements ConnectionListener {

    /** One callback seen by the recorder; {@code argument} is its info, request or reason. */
    record Callback(String name, Object argument) {
        @Override
        public String toString() {
            return name + "(" + argument + ")";
        }
    }

    /**
     * One entry.
     *
     * @param index its position in the log, from 0
     * @param nanos {@link System#nanoTime()} when it was added
     * @param what a {@link ConnectionEvent} or a {@link Callback}
     */
    record Entry(int index, long nanos, Object what) {
        @Override
        public String toString() {
            return index + ":" + what;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<Entry> entries = new ArrayList<>();

    @Override
    public void onEvent(ConnectionEvent event) {
        add(event);
    }

    void callback(String name, Object argument) {
        add(new Callback(name, argument));
    }

    private void add(Object what) {
        long now = System.nanoTime();
        lock.lock();
        try {
            entries.add(new Entry(entries.size(), now, what));
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The index the next entry will get: pass it to {@link #await} to wait for what comes next. */
    int mark() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Every entry from {@code from} on. */
    List<Entry> since(int from) {
        lock.lock();
        try {
            return List.copyOf(entries.subList(Math.min(from, entries.size()), entries.size()));
        } finally {
            lock.unlock();
        }
    }

    /** The first entry at or after {@code from} that is an event of {@code type}, waiting up to {@code timeout}. */
    <E extends ConnectionEvent> Entry await(int from, Class<E> type, Duration timeout) {
        return await(from, type::isInstance, type.getSimpleName() + " event", timeout);
    }

    /** The first entry at or after {@code from} that is a callback named {@code name}, waiting up to {@code timeout}. */
    Entry awaitCallback(int from, String name, Duration timeout) {
        return await(from, w -> w instanceof Callback c && c.name().equals(name), name + " callback", timeout);
    }

    /**
     * The first entry at or after {@code from} whose {@link Entry#what()} matches, waiting up to
     * {@code timeout}; otherwise an {@link AssertionError} listing what was seen instead.
     */
    Entry await(int from, Predicate<Object> match, String description, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            int next = from;
            while (true) {
                for (; next < entries.size(); next++) {
                    if (match.test(entries.get(next).what())) {
                        return entries.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + description + " within " + timeout.toMillis()
                            + " ms; seen since entry " + from + ": " + entries.subList(Math.min(from, entries.size()),
                            entries.size()));
                }
                added.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + description, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ConformanceLog" + since(0);
    }
}
