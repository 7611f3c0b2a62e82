package dev.tether.core.loop;

import dev.tether.connection.BackoffPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Counts failed connect attempts for {@code Backoff.byPolicy()} and applies the policy's reset
 * rule. Pure: every decision takes {@code now}; the loop owns it, so it needs no locks.
 */
final class BackoffTracker {

    /**
     * What to do after a failure: wait {@code delay}, or give up ({@code delay} null).
     * {@code jitterError} is what the jitter source threw, if it did; the delay is then the cap.
     */
    record Decision(Duration delay, int attempt, Duration outage, RuntimeException jitterError) {
        boolean gaveUp() {
            return delay == null;
        }
    }

    private final BackoffPolicy policy;
    private int attempts;
    private long outageStartNanos;
    private Duration previous;
    private long connectedAtNanos;
    private boolean connected;

    BackoffTracker(BackoffPolicy policy) {
        this.policy = policy;
    }

    int attempts() {
        return attempts;
    }

    /** The connection came up at {@code now}. */
    void connected(long now) {
        connected = true;
        connectedAtNanos = now;
    }

    /** A connect failed, or a connection went down, at {@code now}: the next delay or give up. */
    Decision failed(long now, RandomGenerator random) {
        if (connected) {
            connected = false;
            // Reset only after a stable window: a server that accepts and drops at once must
            // still see growing delays (docs/behaviour-contract.md, 'Timers').
            if (now - connectedAtNanos >= policy.resetAfter().toNanos()) {
                attempts = 0;
            }
        }
        if (attempts == 0) {
            outageStartNanos = now;
            previous = null;
        }
        attempts++;
        Duration outage = Duration.ofNanos(now - outageStartNanos);
        if (policy.exhausted(attempts, outage)) {
            return new Decision(null, attempts, outage, null);
        }
        RuntimeException jitterError = null;
        try {
            previous = policy.delay(attempts, previous, random);
        } catch (RuntimeException e) {
            // A user-supplied jitter source must not kill the loop: the cap is the safe delay.
            jitterError = e;
            previous = policy.cap();
        }
        return new Decision(previous, attempts, outage, jitterError);
    }
}
