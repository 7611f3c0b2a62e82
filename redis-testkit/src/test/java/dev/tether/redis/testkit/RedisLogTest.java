package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisLogTest {

    private static final List<String> TWO_STARTS = List.of(
            "3979:C 24 Nov 2026 01:33:26.230 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "3979:M 24 Nov 2026 01:33:26.235 * Ready to accept connections",
            "3979:M 24 Nov 2026 01:33:26.235 * The server is now ready to accept connections at /tmp/x/redis.sock",
            "3979:signal-handler (1795484003) Received SIGTERM scheduling shutdown...",
            "3979:M 24 Nov 2026 01:33:26.739 # Redis is now ready to exit, bye bye...",
            "4001:C 24 Nov 2026 01:33:27.001 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "4001:M 24 Nov 2026 01:33:27.009 * Ready to accept connections tcp");

    @Test
    void parses_the_redis_log_time_stamp_in_the_given_zone() {
        String line = "4292:M 24 Nov 2026 01:45:12.345 * Ready to accept connections";
        assertEquals(Optional.of(Instant.parse("2026-11-24T01:45:12.345Z")), RedisLog.timestamp(line, ZoneOffset.UTC));
        assertEquals(Optional.of(Instant.parse("2026-11-24T00:45:12.345Z")),
                RedisLog.timestamp(line, ZoneId.of("Europe/Paris")));
        assertEquals(Optional.of(4292L), RedisLog.pid(line));
    }

    @Test
    void parses_every_month_abbreviation_of_the_C_locale() {
        List<String> months = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
        for (int i = 0; i < months.size(); i++) {
            String line = "1:M 05 " + months.get(i) + " 2026 23:59:59.999 * x";
            Instant expected = Instant.parse(String.format("2026-%02d-05T23:59:59.999Z", i + 1));
            assertEquals(Optional.of(expected), RedisLog.timestamp(line, ZoneOffset.UTC), line);
        }
    }

    @Test
    void lines_without_a_time_stamp_have_none() {
        assertTrue(RedisLog.timestamp("3979:signal-handler (1795484003) Received SIGTERM", ZoneOffset.UTC).isEmpty());
        assertTrue(RedisLog.timestamp("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***", ZoneOffset.UTC).isEmpty());
    }

    @Test
    void counts_one_ready_time_per_start_even_with_a_unix_socket_line_too() {
        List<Instant> times = RedisLog.readyTimes(TWO_STARTS, ZoneOffset.UTC);
        assertEquals(List.of(Instant.parse("2026-11-24T01:33:26.235Z"), Instant.parse("2026-11-24T01:33:27.009Z")), times);
    }

    @Test
    void a_start_that_never_became_ready_adds_no_time() {
        List<String> lines = List.of(
                "10:C 24 Nov 2026 01:00:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                "10:M 24 Nov 2026 01:00:00.001 # Failed listening on port 6379 (TCP), aborting.",
                "11:C 24 Nov 2026 01:00:01.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                "11:M 24 Nov 2026 01:00:01.005 * The server is now ready to accept connections at /tmp/s");
        assertEquals(List.of(Instant.parse("2026-11-24T01:00:01.005Z")), RedisLog.readyTimes(lines, ZoneOffset.UTC));
    }

    @Test
    void the_exit_line_is_not_a_ready_line() {
        assertFalse(RedisLog.isReadyLine("3979:M 24 Nov 2026 01:33:26.739 # Redis is now ready to exit, bye bye..."));
        assertTrue(RedisLog.isReadyLine(TWO_STARTS.get(1)));
    }
}
