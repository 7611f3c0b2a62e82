package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void starts_on_a_free_loopback_port_and_answers_PING() {
        try (RedisServer redis = RedisServer.builder().start()) {
            assertTrue(redis.isRunning());
            assertEquals("127.0.0.1", redis.host());
            assertTrue(redis.port() > 0 && redis.port() < 65536);
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.uri());
            assertEquals("PONG", redis.execute("PING"));
            assertTrue(redis.logTail(50).contains("Ready to accept connections"), redis.logTail(50));
        }
    }

    @Test
    void runs_with_the_kit_defaults_bound_to_loopback_without_persistence() {
        try (RedisServer redis = RedisServer.builder().start()) {
            assertEquals(List.of("bind", "127.0.0.1"), redis.execute("CONFIG", "GET", "bind"));
            assertEquals(List.of("save", ""), redis.execute("CONFIG", "GET", "save"));
            assertEquals(List.of("appendonly", "no"), redis.execute("CONFIG", "GET", "appendonly"));
            assertEquals(List.of("dir", redis.dir().toString()), redis.execute("CONFIG", "GET", "dir"));
            assertEquals(List.of("logfile", redis.logFile().toString()), redis.execute("CONFIG", "GET", "logfile"));
            assertTrue(redis.unixSocket().isEmpty());
        }
    }

    @Test
    void two_servers_get_different_ports() {
        try (RedisServer first = RedisServer.builder().start();
             RedisServer second = RedisServer.builder().start()) {
            assertNotEquals(first.port(), second.port());
            assertNotEquals(first.dir(), second.dir());
            first.execute("SET", "who", "first");
            assertNull(second.execute("GET", "who"));
        }
    }

    @Test
    void execute_decodes_status_integer_bulk_null_and_array_replies() {
        try (RedisServer redis = RedisServer.builder().start()) {
            assertEquals("OK", redis.execute("SET", "greeting", "héllo wörld"));
            assertEquals("héllo wörld", redis.execute("GET", "greeting"));
            assertNull(redis.execute("GET", "missing"));
            assertEquals(3L, redis.execute("RPUSH", "jobs", "a", "", "c"));
            assertEquals(List.of("a", "", "c"), redis.execute("LRANGE", "jobs", "0", "-1"));
            assertEquals(2L, redis.execute("DBSIZE"));
            assertEquals(List.of(), redis.execute("LRANGE", "missing", "0", "-1"));
        }
    }

    @Test
    void execute_throws_the_server_error_message() {
        try (RedisServer redis = RedisServer.builder().start()) {
            redis.execute("SET", "text", "x");
            RedisReplyException error = assertThrows(RedisReplyException.class, () -> redis.execute("LPUSH", "text", "y"));
            assertEquals("WRONGTYPE", error.prefix());
            assertTrue(error.getMessage().contains("wrong kind of value"), error.getMessage());
            RedisReplyException unknown = assertThrows(RedisReplyException.class, () -> redis.execute("NOSUCHCOMMAND"));
            assertEquals("ERR", unknown.prefix());
        }
    }

    @Test
    void a_password_is_required_and_execute_authenticates_with_it() {
        try (RedisServer redis = RedisServer.builder().password("s3cret").start()) {
            assertEquals("s3cret", redis.password().orElseThrow());
            assertEquals("PONG", redis.execute("PING"));
            assertEquals(List.of("requirepass", "s3cret"), redis.execute("CONFIG", "GET", "requirepass"));
            RedisReplyException refused = assertThrows(RedisReplyException.class,
                    () -> Resp.callTcp(redis.host(), redis.port(), Duration.ofSeconds(2), null, "PING"));
            assertEquals("NOAUTH", refused.prefix());
        }
    }

    @Test
    void extra_arguments_and_maxclients_reach_the_server() {
        try (RedisServer redis = RedisServer.builder()
                .arg("--databases", "3")
                .arg("--maxmemory", "10mb", "--maxmemory-policy", "allkeys-lru")
                .maxClients(42)
                .start()) {
            assertEquals(List.of("databases", "3"), redis.execute("CONFIG", "GET", "databases"));
            assertEquals(List.of("maxmemory-policy", "allkeys-lru"), redis.execute("CONFIG", "GET", "maxmemory-policy"));
            assertEquals(List.of("maxclients", "42"), redis.execute("CONFIG", "GET", "maxclients"));
        }
    }

    @Test
    void stop_is_idempotent_and_leaves_no_process() {
        try (RedisServer redis = RedisServer.builder().start()) {
            long pid = redis.pid();
            assertTrue(Files.exists(Leftovers.markerFile(pid)), "owner marker while running");
            redis.stop();
            redis.stop();
            assertFalse(redis.isRunning());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
            assertFalse(Files.exists(Leftovers.markerFile(pid)), "owner marker deleted");
            assertTrue(redis.logTail(20).contains("Received SIGTERM"), redis.logTail(20));
        }
    }

    @Test
    void close_stops_the_server_and_deletes_its_temp_dir_and_may_be_repeated() {
        RedisServer redis = RedisServer.builder().start();
        long pid = redis.pid();
        redis.close();
        redis.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(redis.dir()));
        assertThrows(IllegalStateException.class, redis::restart);
    }

    @Test
    void a_missing_binary_fails_at_once_with_an_install_hint() {
        RedisServerException error = assertTimeout(Duration.ofSeconds(2), () -> assertThrows(RedisServerException.class,
                () -> RedisServer.builder().binary("/nonexistent/bin/redis-server").start()));
        assertTrue(error.getMessage().contains(
                "redis-server not found on PATH; install it: apt-get install -y redis-server (Debian/Ubuntu)"),
                error.getMessage());
        assertTrue(error.getMessage().contains("/nonexistent/bin/redis-server"), error.getMessage());
    }

    @Test
    void the_REDIS_SERVER_BIN_system_property_chooses_the_binary() {
        System.setProperty(ProcessControl.BINARY_PROPERTY, "/nonexistent/other/redis-server");
        try {
            RedisServerException error = assertThrows(RedisServerException.class, () -> RedisServer.builder().start());
            assertTrue(error.getMessage().contains("redis-server not found on PATH"), error.getMessage());
            assertTrue(error.getMessage().contains("/nonexistent/other/redis-server"), error.getMessage());
        } finally {
            System.clearProperty(ProcessControl.BINARY_PROPERTY);
        }
    }

    @Test
    void the_builder_rejects_managed_options_bad_values_and_repeated_options() {
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().arg("--port", "6379"));
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().arg("--bind", "0.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().arg("--databases", "2", "--dir", "/"));
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().arg("databases", "2"));
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().port(0));
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().maxClients(0));
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().password(""));
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().startTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> RedisServer.builder().unixSocket(java.nio.file.Path.of("/tmp/" + "x".repeat(100))));
        assertThrows(IllegalStateException.class, () -> RedisServer.builder().port(7000).port(7001));
        assertThrows(IllegalStateException.class, () -> RedisServer.builder().appendOnly().appendOnly());
    }

    @Test
    void a_fixed_port_is_used_as_given() {
        int port = ServerLauncher.freePort();
        try (RedisServer redis = RedisServer.builder().port(port).start()) {
            assertEquals(port, redis.port());
            assertEquals("PONG", redis.execute("PING"));
        }
    }

    @Test
    void a_bad_argument_fails_fast_with_the_server_output_in_the_message() {
        RedisServerException error = assertTimeout(Duration.ofSeconds(5), () -> assertThrows(RedisServerException.class,
                () -> RedisServer.builder().arg("--no-such-directive", "1").start()));
        assertTrue(error.getMessage().contains("exited with code 1"), error.getMessage());
        assertTrue(error.getMessage().contains("no-such-directive"), error.getMessage());
    }

    @Test
    void a_taken_fixed_port_fails_with_the_bind_error_instead_of_moving() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            RedisServerException error = assertThrows(RedisServerException.class,
                    () -> RedisServer.builder().port(squatter.getLocalPort()).start());
            assertTrue(error.getMessage().contains("Address already in use"), error.getMessage());
        }
    }
}
