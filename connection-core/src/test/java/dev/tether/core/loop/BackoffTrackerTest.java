package dev.tether.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Attempt counting and the reset rule behind Backoff.byPolicy() (docs/behaviour-contract.md, 'Timers'). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackoffTrackerTest {

    private static final Duration RESET_AFTER = Duration.ofSeconds(5);
    private static final BackoffPolicy EXPONENTIAL = BackoffPolicy
            .exponential(Duration.ofMillis(100), Duration.ofSeconds(10))
            .withResetAfter(RESET_AFTER);

    private final RandomGenerator random = new SplittableRandom(3);
    private final BackoffTracker tracker = new BackoffTracker(EXPONENTIAL);

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void counts_failed_attempts_from_one_and_feeds_them_to_the_policy() {
        assertEquals(0, tracker.attempts());
        List<Integer> attempts = new ArrayList<>();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BackoffTracker.Decision d = tracker.failed(ms(i * 1000L), random);
            attempts.add(d.attempt());
            delays.add(d.delay());
            assertFalse(d.gaveUp());
        }
        assertEquals(List.of(1, 2, 3, 4), attempts);
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800)), delays);
        assertEquals(4, tracker.attempts());
    }

    @Test
    void resets_once_the_connection_stayed_up_for_the_whole_window() {
        tracker.failed(0, random);
        tracker.failed(ms(100), random);
        tracker.connected(ms(300));

        BackoffTracker.Decision d = tracker.failed(ms(300) + RESET_AFTER.toNanos(), random);

        assertEquals(1, d.attempt());
        assertEquals(Duration.ofMillis(100), d.delay());
        assertEquals(Duration.ZERO, d.outage(), "a new outage starts");
    }

    @Test
    void does_not_reset_when_the_connection_went_down_one_nanosecond_before_the_window() {
        tracker.failed(0, random);
        tracker.connected(ms(100));

        BackoffTracker.Decision d = tracker.failed(ms(100) + RESET_AFTER.toNanos() - 1, random);

        assertEquals(2, d.attempt());
        assertEquals(Duration.ofMillis(200), d.delay());
    }

    @Test
    void a_flapping_connection_keeps_growing_its_delays() {
        long now = 0;
        List<Duration> delays = new ArrayList<>();
        for (int flap = 0; flap < 6; flap++) {
            BackoffTracker.Decision d = tracker.failed(now, random);
            delays.add(d.delay());
            now += d.delay().toNanos();
            tracker.connected(now);            // accepted...
            now += Duration.ofSeconds(1).toNanos(); // ...and dropped after 1 s, under the window
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1_600L, 3_200L), delays.stream().map(Duration::toMillis).toList());
        assertEquals(6, tracker.attempts());
    }

    @Test
    void the_outage_is_measured_from_the_first_failure_through_flaps() {
        assertEquals(Duration.ZERO, tracker.failed(ms(1_000), random).outage());
        assertEquals(Duration.ofMillis(500), tracker.failed(ms(1_500), random).outage());
        tracker.connected(ms(2_000));
        assertEquals(Duration.ofSeconds(3), tracker.failed(ms(4_000), random).outage(), "a short flap does not end the outage");
    }

    @Test
    void gives_up_on_the_attempt_that_reaches_max_attempts() {
        BackoffTracker limited = new BackoffTracker(BackoffPolicy.constant(Duration.ofMillis(100)).withMaxAttempts(2));
        assertFalse(limited.failed(0, random).gaveUp());

        BackoffTracker.Decision d = limited.failed(ms(100), random);

        assertTrue(d.gaveUp());
        assertNull(d.delay());
        assertEquals(2, d.attempt());
        assertEquals(Duration.ofMillis(100), d.outage());
    }

    @Test
    void gives_up_once_the_outage_reaches_max_outage() {
        BackoffTracker limited = new BackoffTracker(
                BackoffPolicy.constant(Duration.ofMillis(100)).withMaxOutage(Duration.ofSeconds(1)));
        assertFalse(limited.failed(0, random).gaveUp());
        assertFalse(limited.failed(ms(999), random).gaveUp());

        BackoffTracker.Decision d = limited.failed(ms(1_000), random);

        assertTrue(d.gaveUp());
        assertEquals(3, d.attempt());
        assertEquals(Duration.ofSeconds(1), d.outage());
    }

    @Test
    void decorrelated_jitter_starts_again_from_the_base_after_a_reset() {
        BackoffTracker decorrelated = new BackoffTracker(BackoffPolicy
                .decorrelatedJitter(Duration.ofMillis(100), Duration.ofSeconds(10))
                .withResetAfter(RESET_AFTER));
        Duration previous = null;
        for (int i = 0; i < 10; i++) {
            previous = decorrelated.failed(ms(i), random).delay();
        }
        assertTrue(previous.toMillis() >= 100);
        decorrelated.connected(ms(100));

        Duration afterReset = decorrelated.failed(ms(100) + RESET_AFTER.toNanos(), random).delay();

        assertTrue(afterReset.toMillis() >= 100 && afterReset.toMillis() <= 300,
                "uniform in [base, 3 x base] again: " + afterReset);
    }
}
