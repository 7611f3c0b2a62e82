package dev.tether.redis.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    @Test
    void pause_makes_a_client_read_time_out_and_resume_makes_it_answer() {
        try (RedisServer redis = RedisServer.builder().start()) {
            redis.pause();
            assertTrue(redis.isPaused());
            assertTrue(redis.isRunning(), "a paused server is still alive");
            assertEquals('T', ProcessControl.state(redis.pid()).orElseThrow());

            UncheckedIOException timedOut = assertThrows(UncheckedIOException.class,
                    () -> redis.execute(Duration.ofMillis(300), "PING"));
            assertInstanceOf(SocketTimeoutException.class, timedOut.getCause());

            redis.resume();
            assertFalse(redis.isPaused());
            assertEquals("PONG", redis.execute(Duration.ofSeconds(2), "PING"));
        }
    }

    @Test
    void stop_resumes_a_paused_server_and_terminates_it() {
        try (RedisServer redis = RedisServer.builder().start()) {
            long pid = redis.pid();
            redis.pause();
            redis.stop();
            assertFalse(redis.isRunning());
            assertFalse(redis.isPaused());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(redis.logTail(10).contains("Received SIGTERM"), redis.logTail(10));
        }
    }

    @Test
    void kill_then_restart_answers_on_the_same_port_and_records_two_ready_times_in_order() {
        try (RedisServer redis = RedisServer.builder().start()) {
            int port = redis.port();
            long firstPid = redis.pid();
            Instant before = Instant.now();

            redis.kill();
            assertFalse(redis.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            assertThrows(UncheckedIOException.class, () -> redis.execute(Duration.ofMillis(500), "PING"));

            redis.restart();
            assertEquals(port, redis.port());
            assertNotEquals(firstPid, redis.pid());
            assertEquals("PONG", redis.execute("PING"));

            List<Instant> ready = redis.awaitReadyCount(2, Duration.ofSeconds(1));
            assertEquals(2, ready.size(), redis.logTail(40));
            assertTrue(ready.get(0).isBefore(ready.get(1)), ready.toString());
            // Server clock read in the local zone: both stamps are close to this JVM's clock.
            for (Instant instant : ready) {
                assertTrue(Duration.between(instant, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0,
                        instant + " vs now");
            }
            assertTrue(!ready.get(1).isBefore(before.minusMillis(5)), ready.get(1) + " after " + before);
        }
    }

    @Test
    void restart_of_a_running_server_stops_it_first() {
        try (RedisServer redis = RedisServer.builder().start()) {
            long firstPid = redis.pid();
            redis.restart();
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals("PONG", redis.execute("PING"));
            assertEquals(2, redis.readyTimes().size());
        }
    }

    @Test
    void without_append_only_data_is_gone_after_a_restart() {
        try (RedisServer redis = RedisServer.builder().start()) {
            redis.execute("SET", "k", "v");
            redis.kill();
            redis.restart();
            assertNull(redis.execute("GET", "k"));
            assertEquals(0L, redis.execute("DBSIZE"));
        }
    }

    @Test
    void append_only_mode_keeps_acknowledged_writes_across_kill_9_and_restart() {
        try (RedisServer redis = RedisServer.builder().appendOnly().start()) {
            assertEquals(List.of("appendfsync", "always"), redis.execute("CONFIG", "GET", "appendfsync"));
            assertEquals("OK", redis.execute("SET", "k", "v"));
            assertEquals(3L, redis.execute("RPUSH", "jobs", "a", "b", "c"));

            redis.kill();
            redis.restart();

            assertEquals("v", redis.execute("GET", "k"));
            assertEquals(List.of("a", "b", "c"), redis.execute("LRANGE", "jobs", "0", "-1"));
        }
    }

    @Test
    void CLIENT_KILL_through_execute_disconnects_a_client() throws IOException {
        try (RedisServer redis = RedisServer.builder().start();
             Socket victim = new Socket(redis.host(), redis.port())) {
            victim.setSoTimeout(5000);
            victim.getOutputStream().write("CLIENT SETNAME victim\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK\r\n", new String(victim.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            String address = "127.0.0.1:" + victim.getLocalPort();

            assertEquals("OK", redis.execute("CLIENT", "KILL", address));

            assertEquals(-1, victim.getInputStream().read(), "the server closed the connection");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !String.valueOf(redis.execute("CLIENT", "LIST")).contains("name=victim"));
        }
    }
}
