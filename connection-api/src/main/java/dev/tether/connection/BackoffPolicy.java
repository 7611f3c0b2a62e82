package dev.tether.connection;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait between connect attempts, and when to give up. Immutable; the runtime keeps
 * the per-connection count of attempts and applies it for {@link Backoff#byPolicy()}.
 *
 * <p>The strategies are those of the AWS Architecture Blog article "Exponential Backoff And
 * Jitter", with {@code attempt} counted from 1 for the first failure:
 * <ul>
 *   <li>{@link Strategy#CONSTANT}: {@code base}.</li>
 *   <li>{@link Strategy#EXPONENTIAL}: {@code min(cap, base * 2^(attempt-1))}.</li>
 *   <li>{@link Strategy#FULL_JITTER}: uniform in {@code [0, min(cap, base * 2^(attempt-1))]}.</li>
 *   <li>{@link Strategy#EQUAL_JITTER}: with {@code t = min(cap, base * 2^(attempt-1))},
 *       {@code t/2 + uniform[0, t/2]}.</li>
 *   <li>{@link Strategy#DECORRELATED_JITTER}: {@code min(cap, uniform[base, previous * 3])},
 *       where {@code previous} starts at {@code base}.</li>
 * </ul>
 *
 * <p><b>Reset rule.</b> The attempt count goes back to zero only once a connection has stayed
 * up for {@link #resetAfter()}: a server that accepts and then drops every connection still
 * sees growing delays. <b>Giving up.</b> With {@link #maxAttempts()} or {@link #maxOutage()}
 * set, the runtime stops the process with {@link StopReason.BackoffExhausted} when the count of
 * failed attempts reaches the maximum or the outage has lasted that long.
 *
 * <p>The default ({@link #defaultPolicy()}): full jitter, base 100 ms (the first retry comes
 * within 100 ms), cap 10 s, reset after 10 s up, never gives up.
 */
public final class BackoffPolicy {

    /** The delay formulas; see the class documentation. */
    public enum Strategy {
        /** Always {@code base}. */
        CONSTANT,
        /** {@code base} doubling per attempt, up to {@code cap}. */
        EXPONENTIAL,
        /** Uniform between zero and the exponential delay. */
        FULL_JITTER,
        /** Half the exponential delay plus a uniform part of up to the other half. */
        EQUAL_JITTER,
        /** Uniform between {@code base} and three times the previous delay, up to {@code cap}. */
        DECORRELATED_JITTER
    }

    private static final Duration DEFAULT_RESET_AFTER = Duration.ofSeconds(10);
    private static final BackoffPolicy DEFAULT =
            fullJitter(Duration.ofMillis(100), Duration.ofSeconds(10));

    private final Strategy strategy;
    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    private final Duration maxOutage;
    private final Duration resetAfter;

    private BackoffPolicy(Strategy strategy, Duration base, Duration cap, int maxAttempts,
                          Duration maxOutage, Duration resetAfter) {
        this.strategy = strategy;
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.maxOutage = maxOutage;
        this.resetAfter = resetAfter;
    }

    private static BackoffPolicy of(Strategy strategy, Duration base, Duration cap) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative()) {
            throw new IllegalArgumentException("backoff base must not be negative, got " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " is below its base " + base);
        }
        if (strategy == Strategy.DECORRELATED_JITTER && base.isZero()) {
            throw new IllegalArgumentException("decorrelated jitter needs a positive base");
        }
        return new BackoffPolicy(strategy, base, cap, 0, null, DEFAULT_RESET_AFTER);
    }

    /** The default: full jitter, base 100 ms, cap 10 s, reset after 10 s, never gives up. */
    public static BackoffPolicy defaultPolicy() {
        return DEFAULT;
    }

    /** Always {@code delay}. */
    public static BackoffPolicy constant(Duration delay) {
        return of(Strategy.CONSTANT, delay, delay);
    }

    /** {@code base}, doubled per attempt, at most {@code cap}; no jitter. */
    public static BackoffPolicy exponential(Duration base, Duration cap) {
        return of(Strategy.EXPONENTIAL, base, cap);
    }

    /** Exponential with full jitter (AWS): uniform in [0, exponential delay]. */
    public static BackoffPolicy fullJitter(Duration base, Duration cap) {
        return of(Strategy.FULL_JITTER, base, cap);
    }

    /** Exponential with equal jitter (AWS): half the exponential delay plus up to half again. */
    public static BackoffPolicy equalJitter(Duration base, Duration cap) {
        return of(Strategy.EQUAL_JITTER, base, cap);
    }

    /** Decorrelated jitter (AWS): uniform in [base, 3 x previous], at most cap. */
    public static BackoffPolicy decorrelatedJitter(Duration base, Duration cap) {
        return of(Strategy.DECORRELATED_JITTER, base, cap);
    }

    /** The same policy, giving up once {@code attempts} connect attempts in a row have failed. */
    public BackoffPolicy withMaxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + attempts);
        }
        return new BackoffPolicy(strategy, base, cap, attempts, maxOutage, resetAfter);
    }

    /** The same policy, giving up once an outage has lasted {@code outage}. */
    public BackoffPolicy withMaxOutage(Duration outage) {
        Objects.requireNonNull(outage, "outage");
        if (outage.isNegative() || outage.isZero()) {
            throw new IllegalArgumentException("max outage must be positive, got " + outage);
        }
        return new BackoffPolicy(strategy, base, cap, maxAttempts, outage, resetAfter);
    }

    /** The same policy, resetting the attempt count once a connection stayed up for {@code stable}. */
    public BackoffPolicy withResetAfter(Duration stable) {
        Objects.requireNonNull(stable, "stable");
        if (stable.isNegative()) {
            throw new IllegalArgumentException("reset window must not be negative, got " + stable);
        }
        return new BackoffPolicy(strategy, base, cap, maxAttempts, maxOutage, stable);
    }

    /**
     * The delay before the next attempt.
     *
     * @param attempt failed attempts so far in this outage, from 1
     * @param previous the previous delay in this outage, or null for the first
     * @param random the source of jitter
     */
    public Duration delay(int attempt, Duration previous, RandomGenerator random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        }
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        long nanos = switch (strategy) {
            case CONSTANT -> baseNanos;
            case EXPONENTIAL -> exponentialNanos(attempt, baseNanos, capNanos);
            case FULL_JITTER -> uniform(random, 0, exponentialNanos(attempt, baseNanos, capNanos));
            case EQUAL_JITTER -> {
                long t = exponentialNanos(attempt, baseNanos, capNanos);
                yield t / 2 + uniform(random, 0, t - t / 2);
            }
            case DECORRELATED_JITTER -> {
                long prev = previous == null ? baseNanos : Math.max(baseNanos, previous.toNanos());
                long upper = prev > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : prev * 3;
                yield Math.min(capNanos, uniform(random, baseNanos, upper));
            }
        };
        return Duration.ofNanos(nanos);
    }

    /**
     * True when the policy gives up.
     *
     * @param failedAttempts failed attempts in this outage, including the latest
     * @param outage time since the first failure of this outage
     */
    public boolean exhausted(int failedAttempts, Duration outage) {
        return (maxAttempts > 0 && failedAttempts >= maxAttempts)
                || (maxOutage != null && outage.compareTo(maxOutage) >= 0);
    }

    private static long exponentialNanos(int attempt, long baseNanos, long capNanos) {
        int shift = attempt - 1;
        if (shift >= 63 || baseNanos > (capNanos >> Math.min(shift, 62))) {
            return capNanos;
        }
        return Math.min(capNanos, baseNanos << shift);
    }

    private static long uniform(RandomGenerator random, long low, long high) {
        return high <= low ? low : random.nextLong(low, high == Long.MAX_VALUE ? high : high + 1);
    }

    /** The delay formula. */
    public Strategy strategy() {
        return strategy;
    }

    /** The base delay. */
    public Duration base() {
        return base;
    }

    /** The largest delay. */
    public Duration cap() {
        return cap;
    }

    /** Failed attempts in a row after which the policy gives up; 0 for never. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Outage length after which the policy gives up; null for never. */
    public Duration maxOutage() {
        return maxOutage;
    }

    /** How long a connection must stay up before the attempt count resets. */
    public Duration resetAfter() {
        return resetAfter;
    }

    @Override
    public String toString() {
        return "BackoffPolicy[" + strategy + ", base=" + base + ", cap=" + cap
                + (maxAttempts > 0 ? ", maxAttempts=" + maxAttempts : "")
                + (maxOutage != null ? ", maxOutage=" + maxOutage : "")
                + ", resetAfter=" + resetAfter + "]";
    }
}
