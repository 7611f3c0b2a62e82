package dev.tether.redis.reliability;

import dev.tether.redis.RedisConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * N caller threads issuing commands back to back until stopped, each loop bounded in count and
 * in time. Every command's future is watched: a completion callback counts how often it
 * completes (exactly once expected), and the caller waits at most {@code bound} for it (a future
 * still pending then is "stuck"). Outcomes are tallied by reason; failure latencies go to a
 * histogram.
 */
final class Load {

    /** One command of caller {@code thread}, its {@code n}th. A sync call returns an already completed future. */
    interface Op {
        CompletableFuture<?> issue(int thread, long n);

        /** Checks a reply (e.g. ECHO returns what was sent); an exception thrown here is "unexpected". */
        default void succeeded(int thread, long n, Object value) {
        }

        /** Told about each connection failure, e.g. to remember an id as in doubt. */
        default void failed(int thread, long n, RedisConnectionException e, long tookNanos) {
        }
    }

    final LongAdder issued = new LongAdder();
    final LongAdder ok = new LongAdder();
    final Reliability.Tally failed = new Reliability.Tally();
    final LongAdder stuck = new LongAdder();
    final LongAdder completions = new LongAdder();
    final LongAdder doubleCompletions = new LongAdder();
    final Reliability.Histogram failureLatency = new Reliability.Histogram();
    final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final int callers;
    private final Duration bound;
    private final Duration hardLimit;
    private final long maxPerThread;
    private final Op op;

    Load(int callers, Duration bound, Duration hardLimit, long maxPerThread, Op op) {
        this.callers = callers;
        this.bound = bound;
        this.hardLimit = hardLimit;
        this.maxPerThread = maxPerThread;
        this.op = op;
    }

    /** How long this JVM or machine stalled while the load ran: tells a slow outlier from a client bug. */
    private final Reliability.StallMonitor stalls = new Reliability.StallMonitor();

    Load start(String name) {
        long hardDeadline = System.nanoTime() + hardLimit.toNanos();
        for (int t = 0; t < callers; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().name(name + "-" + t).daemon(true)
                    .start(() -> run(thread, hardDeadline)));
        }
        return this;
    }

    private void run(int thread, long hardDeadline) {
        for (long n = 0; n < maxPerThread && !stop.get() && System.nanoTime() - hardDeadline < 0; n++) {
            long start = System.nanoTime();
            CompletableFuture<?> f;
            try {
                f = op.issue(thread, n);
            } catch (RuntimeException e) {
                unexpected.add(e);
                continue;
            }
            issued.increment();
            AtomicInteger times = new AtomicInteger();
            f.whenComplete((v, e) -> {
                if (times.incrementAndGet() == 1) {
                    completions.increment();
                } else {
                    doubleCompletions.increment();
                }
            });
            try {
                Object value = f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
                if (System.nanoTime() - start > bound.toNanos()) {
                    stuck.increment(); // a sync call that took longer than the bound
                }
                ok.increment();
                op.succeeded(thread, n, value);
            } catch (ExecutionException e) {
                long took = System.nanoTime() - start;
                if (took > bound.toNanos()) {
                    stuck.increment();
                }
                if (e.getCause() instanceof RedisConnectionException r) {
                    failed.add(r.reason());
                    failureLatency.record(took);
                    op.failed(thread, n, r, took);
                } else {
                    unexpected.add(e.getCause());
                }
            } catch (TimeoutException e) {
                stuck.increment();
                describeStuck(f, start);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | AssertionError e) {
                unexpected.add(e);
            }
        }
    }

    /** What became of futures still pending past the bound (at most 20 recorded), for the failure message. */
    final Queue<String> stuckDetails = new ConcurrentLinkedQueue<>();

    private void describeStuck(CompletableFuture<?> f, long start) {
        String outcome;
        try {
            f.get(10, TimeUnit.SECONDS);
            outcome = "replied";
        } catch (ExecutionException e) {
            outcome = e.getCause() instanceof RedisConnectionException r ? r.reason().name() : String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            outcome = "still pending";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        if (stuckDetails.size() < 20) {
            stuckDetails.add(outcome + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    /** Asks every caller to finish its current command and waits (bounded) for them. */
    void stop() throws InterruptedException {
        stop.set(true);
        stalls.close();
        long deadline = System.nanoTime() + bound.plusSeconds(5).toNanos();
        for (Thread t : threads) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    List<Thread> stillRunning() {
        return threads.stream().filter(Thread::isAlive).toList();
    }

    /** Issued commands whose future has not completed (yet): 0 once {@link #awaitSettled} returned true. */
    long lost() {
        return issued.sum() - completions.sum();
    }

    /** Waits (bounded) until every issued future's completion callback has run. */
    boolean awaitSettled(Duration timeout) {
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                    .until(() -> completions.sum() + doubleCompletions.sum() >= issued.sum());
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    /** The common part of every summary line. */
    String figures() {
        return "issued=" + issued.sum() + " ok=" + ok.sum() + " failed=" + failed + " lost=" + lost()
                + " stuck=" + stuck.sum() + (stuckDetails.isEmpty() ? "" : stuckDetails.toString().replace(' ', '_'))
                + " unexpected=" + unexpected.size() + " " + stalls;
    }
}
