package dev.tether.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How {@link PipeConformance} waits: conditions polled by Awaitility every few milliseconds on
 * the calling thread (never a sleep), and the caller threads a case starts, holds at a start gate
 * and joins, each within {@link PipeConformance#WAIT}.
 */
final class PipeWaits {

    private PipeWaits() {
    }

    /** An Awaitility condition factory polling every few milliseconds, on the calling thread. */
    static ConditionFactory waitUpTo(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInSameThread()
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    /** Starts {@code count} daemon threads named {@code name-t}, each running {@code body.apply(t)}. */
    static Thread[] startThreads(String name, int count, IntFunction<Runnable> body) {
        Thread[] threads = new Thread[count];
        for (int t = 0; t < count; t++) {
            threads[t] = Thread.ofPlatform().daemon().name(name + "-" + t).start(body.apply(t));
        }
        return threads;
    }

    /** Joins {@code threads}, all within {@link PipeConformance#WAIT}; fails the test if one is still running. */
    static void join(Thread[] threads) throws InterruptedException {
        long deadline = System.nanoTime() + PipeConformance.WAIT.toNanos();
        for (Thread t : threads) {
            if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                fail(t.getName() + " did not finish within " + PipeConformance.WAIT.toMillis() + " ms");
            }
        }
    }

    /** Waits at a start gate; an interrupt ends the wait, a gate that never opens fails. */
    static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(PipeConformance.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the start gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
