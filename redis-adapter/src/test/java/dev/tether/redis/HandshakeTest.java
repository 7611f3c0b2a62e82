package dev.tether.redis;

import dev.tether.redis.RedisConnectionException.Reason;
import static dev.tether.redis.RedisTestSupport.assertConnectionFailure;
import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.options;
import static dev.tether.redis.RedisTestSupport.orNullOnConnectionFailure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespMap;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handshake on every (re)connect: HELLO 3 with a RESP2 fallback, AUTH, SELECT, SETNAME, and
 * the classification of refusals (stop with a clear error) versus transient failures.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class HandshakeTest {


    private static final BackoffPolicy FAST = BackoffPolicy.constant(Duration.ofMillis(50));
    private static final String PASSWORD = "s3cret";

    /** The CLIENT LIST line of the client named {@code name}, or null. */
    private static String clientLine(RedisServer server, String name) {
        for (String line : ((String) server.execute("CLIENT", "LIST")).split("\n")) {
            if (line.contains(" name=" + name + " ") || line.endsWith(" name=" + name)) {
                return line;
            }
        }
        return null;
    }

    private static String field(String clientLine, String field) {
        Matcher m = Pattern.compile("\\b" + field + "=(\\S*)").matcher(clientLine);
        assertTrue(m.find(), field + " in " + clientLine);
        return m.group(1);
    }

    private static long errorCount(RedisServer server, String code) {
        Matcher m = Pattern.compile("errorstat_" + code + ":count=(\\d+)").matcher((String) server.execute("INFO", "errorstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aServerWithoutHelloGetsTheResp2HandshakeAndTheClientWorks() {
        try (RedisServer server = RedisServer.builder().arg("--rename-command", "HELLO", "").password(PASSWORD).start();
             RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).protocol(3)
                     .password(PASSWORD).clientName("fallback").database(2).syncConnect(true).build())) {
            assertEquals("PONG", redis.ping());
            redis.hset("h", Map.of("a", "1"));
            // RESP2 framing (HELLO 3 was refused): HGETALL is a flat array on the wire...
            assertInstanceOf(RespArray.class, redis.command("HGETALL", "h"));
            // ...and the typed result is still a map
            assertEquals(Map.of("a", "1"), redis.hgetall("h"));

            String line = clientLine(server, "fallback");
            assertNotNull(line, "CLIENT SETNAME ran in the fallback");
            assertEquals("2", field(line, "db"));
            assertEquals("2", field(line, "resp"));
        }
    }

    @Test
    void aWrongPasswordInTheResp2FallbackIsAClearRefusal() {
        try (RedisServer server = RedisServer.builder().arg("--rename-command", "HELLO", "").password(PASSWORD).start()) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> {
                try (RedisClient unexpected = RedisClient.connect(RedisOptions.builder().port(server.port())
                        .password("wrong").syncConnect(true).build())) {
                    throw new AssertionError("connected with a wrong password: " + unexpected);
                }
            });
            assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void theRightPasswordConnectsAndAWrongOneFailsASyncConnectClearlyWithWrongpass(int protocol) {
        try (RedisServer server = RedisServer.builder().password(PASSWORD).start()) {
            try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).protocol(protocol)
                    .password(PASSWORD).syncConnect(true).build())) {
                assertEquals("PONG", redis.ping());
                assertEquals(true, redis.set("k", "v"));
                assertFalse(redis.toString().contains(PASSWORD), redis.toString());
            }
            long start = System.nanoTime();
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> {
                try (RedisClient unexpected = RedisClient.connect(RedisOptions.builder().port(server.port())
                        .protocol(protocol).password("not-the-Secret-42").syncConnect(true).build())) {
                    throw new AssertionError("connected with a wrong password: " + unexpected);
                }
            });
            assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-Secret-42"), "the password is not in the message: " + e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        }
    }

    @Test
    void aWrongPasswordStopsAnAsyncClientWithoutARetryStorm() {
        try (RedisServer server = RedisServer.builder().password(PASSWORD).start();
             RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).password("wrong")
                     .backoffPolicy(FAST).build())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
            RedisConnectionException e = assertConnectionFailure(Reason.HANDSHAKE_REFUSED, redis::ping);
            assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
            // one refusal, no retries (with a 50 ms backoff a retry loop would add one every 50 ms)
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> errorCount(server, "WRONGPASS") == 1);
        }
    }

    @Test
    void withoutCredentialsOnAProtectedServerHelloIsRefusedWithNoauth() {
        try (RedisServer server = RedisServer.builder().password(PASSWORD).start()) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> {
                try (RedisClient unexpected = RedisClient.connect(RedisOptions.builder().port(server.port())
                        .protocol(3).syncConnect(true).build())) {
                    throw new AssertionError("connected without credentials: " + unexpected);
                }
            });
            assertTrue(e.getMessage().contains("NOAUTH"), e.getMessage());
        }
    }

    @Test
    void rotatingCredentialsAreRetriedUntilTheSupplierHandsOutTheRightOnes() {
        AtomicInteger reads = new AtomicInteger();
        try (RedisServer server = RedisServer.builder().password(PASSWORD).start();
             RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).backoffPolicy(FAST)
                     .credentials(() -> new Credentials(null, reads.incrementAndGet() < 3 ? "old" : PASSWORD)).build())) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "PONG".equals(orNullOnConnectionFailure(redis::ping)));
            assertTrue(reads.get() >= 3, "the supplier is read on every connect: " + reads.get());
            assertEquals(2L, errorCount(server, "WRONGPASS"));
        }
    }

    @Test
    void maxNumberOfClientsIsTransientAndRetriedUntilASlotFrees() {
        try (RedisServer server = RedisServer.builder().maxClients(1).start()) {
            // Not a synchronous connect: the launcher's own readiness probe may hold the one slot
            // for a moment after start.
            RedisClient first = RedisClient.connect(RedisOptions.builder().port(server.port()).backoffPolicy(FAST)
                    .build());
            await().atMost(Duration.ofSeconds(5)).until(() -> "PONG".equals(orNullOnConnectionFailure(first::ping)));
            try (RedisClient second = RedisClient.connect(RedisOptions.builder().port(server.port()).backoffPolicy(FAST)
                    .build())) {
                assertConnectionFailure(Reason.CLOSED, second::ping);
                // retried with backoff, not stopped
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> !second.state().isTerminal() && second.state() != ConnectionState.CONNECTED);
                first.close();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> "PONG".equals(orNullOnConnectionFailure(second::ping)));
            } finally {
                first.close();
            }
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void theDatabaseOptionSelectsItOnEveryConnect(int protocol, RedisServer server) {
        server.execute("FLUSHALL");
        try (RedisClient db1 = RedisClient.connect(options(server, protocol).database(1).backoffPolicy(FAST)
                     .clientName("db1-" + protocol).build());
             RedisClient db0 = connect(server, protocol)) {
            assertEquals(true, db1.set("where", "db1"));
            assertNull(db0.get("where"), "not visible from database 0");
            assertEquals(true, db0.set("where", "db0"));
            assertEquals("db1", db1.get("where"));

            // after a reconnect the database is selected again
            server.execute("CLIENT", "KILL", "TYPE", "normal");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "db1".equals(orNullOnConnectionFailure(() -> db1.get("where"))));
            assertEquals("1", field(clientLine(server, "db1-" + protocol), "db"));
        }
    }

    @Test
    void aDatabaseOutOfRangeFailsASyncConnectClearly(RedisServer server) {
        RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> {
            try (RedisClient unexpected = RedisClient.connect(options(server, 3).database(99).build())) {
                throw new AssertionError("selected database 99: " + unexpected);
            }
        });
        assertTrue(e.getMessage().contains("SELECT") && e.getMessage().contains("out of range"), e.getMessage());
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void theClientNameAndProtocolShowInClientListAndSurviveAReconnect(int protocol, RedisServer server) {
        String name = "tether-name-" + protocol;
        try (RedisClient redis = RedisClient.connect(options(server, protocol).clientName(name).backoffPolicy(FAST)
                .build())) {
            assertEquals("PONG", redis.ping());
            String line = clientLine(server, name);
            assertNotNull(line, "name in CLIENT LIST");
            assertEquals(Integer.toString(protocol), field(line, "resp"));
            assertEquals(RespBulkString.of(name), redis.command("CLIENT", "GETNAME"));

            server.execute("CLIENT", "KILL", "TYPE", "normal");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "PONG".equals(orNullOnConnectionFailure(redis::ping)));
            assertNotNull(clientLine(server, name), "the name is set again after the reconnect");
        }
    }

    @Test
    void resp3ServerRepliesAreMapsOnTheWireButTheSameTypedResults(RedisServer server) {
        server.execute("FLUSHALL");
        try (RedisClient redis = connect(server, 3)) {
            redis.hset("h", Map.of("f", "v"));
            assertInstanceOf(RespMap.class, redis.command("HGETALL", "h"));
            assertEquals(Map.of("f", "v"), redis.hgetall("h"));
        }
    }
}
