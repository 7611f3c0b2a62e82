package dev.tether.examples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The load: {@code count} virtual threads, each sending one command at a time through the one
 * shared client until the run's end. Concurrency comes from the threads; the client pipelines
 * what they issue together.
 */
final class Workers {

    /** After a failure a worker pauses this long, so an outage is not a busy loop of fast CLOSED failures. */
    private static final long PAUSE_AFTER_FAILURE_NANOS = Duration.ofMillis(1).toNanos();

    private final Target target;
    private final Tally tally;
    private final Ledger ledger;
    private final RecoveryWatch watch;
    private final List<Thread> threads = new ArrayList<>();
    private volatile long endNanos;

    Workers(Target target, Tally tally, Ledger ledger, RecoveryWatch watch) {
        this.target = target;
        this.tally = tally;
        this.ledger = ledger;
        this.watch = watch;
    }

    /** Starts one worker per book of the ledger; they stop issuing at {@code endNanos}. */
    void start(long endNanos) {
        this.endNanos = endNanos;
        for (int w = 0; w < ledger.workers(); w++) {
            int worker = w;
            threads.add(Thread.ofVirtual().name("demo-worker-" + w).start(() -> work(worker)));
        }
    }

    /** Makes every worker stop after its current command. */
    void stop() {
        long now = System.nanoTime();
        if (endNanos - now > 0) {
            endNanos = now;
        }
    }

    private void work(int worker) {
        while (System.nanoTime() - endNanos < 0) {
            int sequence = ledger.issue(worker);
            tally.issued();
            long issuedAt = System.nanoTime();
            try {
                target.send(Ledger.id(worker, sequence));
                ledger.settle(worker, sequence, Ledger.SUCCEEDED);
                tally.succeeded();
                watch.succeeded(issuedAt);
            } catch (RuntimeException e) {
                Failure failure = target.classify(e);
                ledger.settle(worker, sequence,
                        failure.delivery() == Failure.Delivery.IN_DOUBT ? Ledger.IN_DOUBT : Ledger.NOT_APPLIED);
                tally.failed(failure);
                LockSupport.parkNanos(PAUSE_AFTER_FAILURE_NANOS);
            }
        }
    }

    /**
     * Waits at most {@code max} for every worker to finish its last command; returns how many
     * did not (a command that outlived its own deadline: a hang).
     */
    int join(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        int stuck = 0;
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            boolean ended = left > 0 ? t.join(Duration.ofNanos(left)) : !t.isAlive();
            if (!ended) {
                stuck++;
            }
        }
        return stuck;
    }
}
