package dev.tether.examples.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Catches the first success after an outage began, to time the recovery. Only commands issued
 * after {@link #arm()} count: a command issued before the outage may still complete after it
 * with a reply the old server sent, and that would say nothing about recovery. A command issued
 * after the server went away can only succeed through a new connection to the server that came
 * back.
 */
final class RecoveryWatch {

    /** One outage's watch: replaced wholesale on arm, so a late worker never writes into the next one. */
    private record Window(long armedNanos, AtomicReference<Success> first, CountDownLatch seen) {
    }

    /**
     * The first success after an outage.
     *
     * @param at when it completed, by the wall clock (comparable with redis-server's log)
     * @param roundTrip how long that command took: a slow first reply means a slow server, not a
     *     slow reconnect
     */
    record Success(Instant at, Duration roundTrip) {
    }

    private final AtomicReference<Window> window = new AtomicReference<>();

    /** Starts watching; call right after the server was taken away. */
    void arm() {
        window.set(new Window(System.nanoTime(), new AtomicReference<>(), new CountDownLatch(1)));
    }

    /** A worker's command succeeded; {@code issuedNanos} is when it was issued ({@link System#nanoTime()}). */
    void succeeded(long issuedNanos) {
        Window w = window.get();
        if (w != null && issuedNanos - w.armedNanos() >= 0 && w.first().get() == null) {
            Success success = new Success(Instant.now(), Duration.ofNanos(System.nanoTime() - issuedNanos));
            if (w.first().compareAndSet(null, success)) {
                w.seen().countDown();
            }
        }
    }

    /** The first counted success, waiting at most {@code max} for it; null if none came. */
    Success awaitFirstSuccess(Duration max) throws InterruptedException {
        Window w = window.get();
        if (w == null) {
            return null;
        }
        w.seen().await(Math.max(0, max.toNanos()), TimeUnit.NANOSECONDS);
        return w.first().get();
    }
}
