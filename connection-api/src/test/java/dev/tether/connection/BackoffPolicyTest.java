package dev.tether.connection;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The backoff strategies of the AWS article, their bounds, and the policy's validation
 * (docs/behaviour-contract.md, 'Timers').
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackoffPolicyTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(10);
    private static final int SAMPLES = 200;

    private final RandomGenerator random = new SplittableRandom(42);

    /** min(cap, base * 2^(attempt-1)) in nanos, computed without overflow. */
    private static long exponentialBound(Duration base, Duration cap, int attempt) {
        BigInteger t = BigInteger.valueOf(base.toNanos()).shiftLeft(attempt - 1);
        return t.min(BigInteger.valueOf(cap.toNanos())).longValueExact();
    }

    private static void assertWithin(long low, long high, Duration delay, String what) {
        long nanos = delay.toNanos();
        assertTrue(low <= nanos && nanos <= high, what + ": " + nanos + " not in [" + low + ", " + high + "]");
    }

    @Test
    void constant_always_waits_its_delay() {
        BackoffPolicy policy = BackoffPolicy.constant(BASE);
        for (int attempt = 1; attempt <= 1_000; attempt++) {
            assertEquals(BASE, policy.delay(attempt, BASE, random));
        }
        assertEquals(BASE, policy.delay(Integer.MAX_VALUE, null, random));
    }

    @Test
    void exponential_doubles_from_the_base_up_to_the_cap_exactly() {
        BackoffPolicy policy = BackoffPolicy.exponential(BASE, CAP);
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 9; attempt++) {
            delays.add(policy.delay(attempt, null, random));
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 10_000L, 10_000L),
                delays.stream().map(Duration::toMillis).toList());
    }

    @Test
    void exponential_stays_at_the_cap_for_huge_attempt_numbers_without_overflow() {
        Duration hugeCap = Duration.ofDays(36_500); // about 3.15e18 ns, near Long.MAX_VALUE
        BackoffPolicy policy = BackoffPolicy.exponential(Duration.ofNanos(1), hugeCap);
        long previous = 0;
        for (int attempt = 1; attempt <= 200; attempt++) {
            long nanos = policy.delay(attempt, null, random).toNanos();
            assertEquals(exponentialBound(Duration.ofNanos(1), hugeCap, attempt), nanos, "attempt " + attempt);
            assertTrue(nanos >= previous, "never shrinks");
            previous = nanos;
        }
        for (int attempt : new int[] {63, 64, 65, 1_000, Integer.MAX_VALUE}) {
            assertEquals(hugeCap, policy.delay(attempt, null, random), "attempt " + attempt);
            assertEquals(CAP, BackoffPolicy.exponential(BASE, CAP).delay(attempt, null, random), "attempt " + attempt);
        }
    }

    @Test
    void full_jitter_stays_within_zero_and_the_capped_exponential_delay() {
        BackoffPolicy policy = BackoffPolicy.fullJitter(BASE, CAP);
        for (int attempt = 1; attempt <= 70; attempt++) {
            long t = exponentialBound(BASE, CAP, Math.min(attempt, 63));
            for (int i = 0; i < SAMPLES; i++) {
                assertWithin(0, t, policy.delay(attempt, null, random), "full jitter, attempt " + attempt);
            }
        }
    }

    @Test
    void full_jitter_actually_spreads_its_delays() {
        BackoffPolicy policy = BackoffPolicy.fullJitter(BASE, CAP);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            seen.add(policy.delay(5, null, random));
        }
        assertTrue(seen.size() > SAMPLES / 2, "distinct delays: " + seen.size());
    }

    @Test
    void equal_jitter_stays_within_half_and_all_of_the_capped_exponential_delay() {
        BackoffPolicy policy = BackoffPolicy.equalJitter(BASE, CAP);
        for (int attempt = 1; attempt <= 70; attempt++) {
            long t = exponentialBound(BASE, CAP, Math.min(attempt, 63));
            for (int i = 0; i < SAMPLES; i++) {
                assertWithin(t / 2, t, policy.delay(attempt, null, random), "equal jitter, attempt " + attempt);
            }
        }
    }

    @Test
    void decorrelated_jitter_stays_within_the_base_and_three_times_the_previous_delay_capped() {
        BackoffPolicy policy = BackoffPolicy.decorrelatedJitter(BASE, CAP);
        for (int run = 0; run < SAMPLES; run++) {
            Duration previous = null;
            for (int attempt = 1; attempt <= 30; attempt++) {
                long prev = previous == null ? BASE.toNanos() : previous.toNanos();
                long high = Math.min(CAP.toNanos(), 3 * prev);
                Duration delay = policy.delay(attempt, previous, random);
                assertWithin(BASE.toNanos(), high, delay, "decorrelated, attempt " + attempt);
                previous = delay;
            }
        }
    }

    @Test
    void decorrelated_jitter_does_not_overflow_with_a_huge_previous_delay() {
        Duration hugeCap = Duration.ofNanos(Long.MAX_VALUE);
        BackoffPolicy policy = BackoffPolicy.decorrelatedJitter(BASE, hugeCap);
        for (int i = 0; i < SAMPLES; i++) {
            assertWithin(BASE.toNanos(), Long.MAX_VALUE, policy.delay(2, Duration.ofNanos(Long.MAX_VALUE / 2), random),
                    "huge previous");
        }
    }

    @Test
    void the_same_seed_gives_the_same_delays() {
        for (BackoffPolicy policy : List.of(BackoffPolicy.fullJitter(BASE, CAP), BackoffPolicy.equalJitter(BASE, CAP),
                BackoffPolicy.decorrelatedJitter(BASE, CAP))) {
            assertEquals(delays(policy, new SplittableRandom(7)), delays(policy, new SplittableRandom(7)),
                    policy.toString());
        }
    }

    private static List<Duration> delays(BackoffPolicy policy, RandomGenerator random) {
        List<Duration> out = new ArrayList<>();
        Duration previous = null;
        for (int attempt = 1; attempt <= 20; attempt++) {
            previous = policy.delay(attempt, previous, random);
            out.add(previous);
        }
        return out;
    }

    @Test
    void the_default_retries_within_100_ms_caps_at_10_s_with_jitter_and_never_gives_up() {
        BackoffPolicy policy = BackoffPolicy.defaultPolicy();
        assertEquals(BackoffPolicy.Strategy.FULL_JITTER, policy.strategy());
        assertEquals(Duration.ofMillis(100), policy.base());
        assertEquals(Duration.ofSeconds(10), policy.cap());
        assertEquals(Duration.ofSeconds(10), policy.resetAfter());
        assertEquals(0, policy.maxAttempts());
        assertNull(policy.maxOutage());
        for (int i = 0; i < SAMPLES; i++) {
            assertWithin(0, Duration.ofMillis(100).toNanos(), policy.delay(1, null, random), "first retry");
            assertWithin(0, Duration.ofSeconds(10).toNanos(), policy.delay(1_000, null, random), "capped");
        }
        assertFalse(policy.exhausted(Integer.MAX_VALUE, Duration.ofDays(365)));
        assertSame(policy, BackoffPolicy.defaultPolicy());
    }

    @Test
    void max_attempts_gives_up_once_that_many_attempts_failed() {
        BackoffPolicy policy = BackoffPolicy.constant(BASE).withMaxAttempts(3);
        assertEquals(3, policy.maxAttempts());
        assertFalse(policy.exhausted(2, Duration.ofDays(1)));
        assertTrue(policy.exhausted(3, Duration.ZERO));
        assertTrue(policy.exhausted(4, Duration.ZERO));
    }

    @Test
    void max_outage_gives_up_once_the_outage_lasted_that_long() {
        BackoffPolicy policy = BackoffPolicy.constant(BASE).withMaxOutage(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), policy.maxOutage());
        assertFalse(policy.exhausted(1_000, Duration.ofSeconds(30).minusNanos(1)));
        assertTrue(policy.exhausted(1, Duration.ofSeconds(30)));
    }

    @Test
    void with_methods_return_new_policies_and_leave_the_original_unchanged() {
        BackoffPolicy original = BackoffPolicy.exponential(BASE, CAP);
        BackoffPolicy limited = original.withMaxAttempts(5).withMaxOutage(Duration.ofMinutes(1))
                .withResetAfter(Duration.ofSeconds(30));

        assertNotSame(original, limited);
        assertEquals(0, original.maxAttempts());
        assertNull(original.maxOutage());
        assertEquals(Duration.ofSeconds(10), original.resetAfter());
        assertEquals(5, limited.maxAttempts());
        assertEquals(Duration.ofMinutes(1), limited.maxOutage());
        assertEquals(Duration.ofSeconds(30), limited.resetAfter());
        assertEquals(BackoffPolicy.Strategy.EXPONENTIAL, limited.strategy());
        assertTrue(limited.toString().contains("EXPONENTIAL") && limited.toString().contains("maxAttempts=5"),
                limited.toString());
    }

    @Test
    void invalid_policies_are_rejected_with_a_message_saying_why() {
        assertAll(
                rejects(IllegalArgumentException.class, "backoff base must not be negative, got PT-0.001S",
                        () -> BackoffPolicy.exponential(Duration.ofMillis(-1), CAP)),
                rejects(IllegalArgumentException.class, "backoff base must not be negative, got PT-1S",
                        () -> BackoffPolicy.constant(Duration.ofSeconds(-1))),
                rejects(IllegalArgumentException.class, "backoff cap PT0.5S is below its base PT1S",
                        () -> BackoffPolicy.fullJitter(Duration.ofSeconds(1), Duration.ofMillis(500))),
                rejects(IllegalArgumentException.class, "decorrelated jitter needs a positive base",
                        () -> BackoffPolicy.decorrelatedJitter(Duration.ZERO, CAP)),
                rejects(IllegalArgumentException.class, "max attempts must be at least 1, got 0",
                        () -> BackoffPolicy.defaultPolicy().withMaxAttempts(0)),
                rejects(IllegalArgumentException.class, "max outage must be positive, got PT0S",
                        () -> BackoffPolicy.defaultPolicy().withMaxOutage(Duration.ZERO)),
                rejects(IllegalArgumentException.class, "reset window must not be negative, got PT-1S",
                        () -> BackoffPolicy.defaultPolicy().withResetAfter(Duration.ofSeconds(-1))),
                rejects(IllegalArgumentException.class, "attempt counts from 1, got 0",
                        () -> BackoffPolicy.defaultPolicy().delay(0, null, new SplittableRandom(1))),
                rejects(NullPointerException.class, "base", () -> BackoffPolicy.exponential(null, CAP)),
                rejects(NullPointerException.class, "cap", () -> BackoffPolicy.exponential(BASE, null)));
    }

    private static Executable rejects(Class<? extends RuntimeException> type, String message, Executable body) {
        return () -> assertEquals(message, assertThrows(type, body).getMessage());
    }
}
