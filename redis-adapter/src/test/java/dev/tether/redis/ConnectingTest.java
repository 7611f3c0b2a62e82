package dev.tether.redis;

import dev.tether.redis.RedisConnectionException.Reason;
import static dev.tether.redis.RedisTestSupport.assertConnectionFailure;
import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.freeLoopbackPort;
import static dev.tether.redis.RedisTestSupport.options;
import static dev.tether.redis.RedisTestSupport.orNullOnConnectionFailure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connecting, reconnecting by itself, and closing. */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class ConnectingTest {


    private static final BackoffPolicy FAST = BackoffPolicy.constant(Duration.ofMillis(50));

    private static long clientId(RedisClient redis) {
        return ((RespInteger) redis.command("CLIENT", "ID")).value();
    }

    @Test
    void aSyncConnectToAClosedLoopbackPortFailsQuicklyWithClosed() {
        int port = freeLoopbackPort();
        long start = System.nanoTime();
        RedisConnectionException e = assertConnectionFailure(Reason.CLOSED, () -> {
            try (RedisClient unexpected = RedisClient.connect(RedisOptions.builder().port(port).syncConnect(true).build())) {
                throw new AssertionError("connected to a closed port: " + unexpected);
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void anAsyncConnectKeepsRetryingAndSucceedsOnceAServerAppearsOnThatPort() {
        int port = freeLoopbackPort();
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(port).backoffPolicy(FAST).build())) {
            assertNotEquals(ConnectionState.CONNECTED, redis.state());
            assertConnectionFailure(Reason.CLOSED, redis::ping);
            try (RedisServer late = RedisServer.builder().port(port).start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.CONNECTED);
                assertEquals("PONG", redis.ping());
                assertEquals(true, redis.set("k", "v"));
                assertEquals("v", late.execute("GET", "k"));
            }
        }
    }

    @Test
    void connectingWithAUriStringWorksWithoutSyncConnect(RedisServer server) {
        try (RedisClient redis = RedisClient.connect(server.uri())) {
            await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(RedisConnectionException.class)
                    .until(() -> "PONG".equals(redis.ping()));
            assertEquals(ConnectionState.CONNECTED, redis.state());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aCommandIssuedRightAfterAnAsyncConnectWaitsForTheConnectionInsteadOfFailing(int protocol, RedisServer server) {
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).protocol(protocol)
                .build())) {
            assertEquals("first", redis.echo("first"));
            assertEquals(ConnectionState.CONNECTED, redis.state());
        }
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).protocol(protocol)
                .build())) {
            assertEquals("first-async", RedisTestSupport.join(redis.async().echo("first-async")));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void afterTheServerClosesTheConnectionTheClientReconnectsByItselfAndLaterCommandsSucceed(int protocol,
                                                                                              RedisServer server) {
        // (QUIT used to be the way in; it is refused now, since it breaks the shared connection.)
        try (RedisClient redis = RedisClient.connect(options(server, protocol).backoffPolicy(FAST).build())) {
            long before = clientId(redis);
            server.execute("CLIENT", "KILL", "ID", Long.toString(before));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "PONG".equals(orNullOnConnectionFailure(redis::ping)));
            assertNotEquals(before, clientId(redis), "a new server-side connection");
            assertEquals(true, redis.set("after-quit", "ok"));
            assertEquals("ok", redis.get("after-quit"));
        }
    }

    @Test
    void closingFailsWaitingCallersAndLaterCommandsWithStopped(RedisServer server) {
        RedisClient redis = connect(server, 3);
        try {
            CompletableFuture<KeyValue> blocked = redis.async().blpop(Duration.ofSeconds(30), "never-filled");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    ((String) server.execute("INFO", "clients")).contains("blocked_clients:1"));
            redis.close();
            assertConnectionFailure(Reason.STOPPED, blocked);
            assertEquals(ConnectionState.STOPPED, redis.state());
            assertConnectionFailure(Reason.STOPPED, redis::ping);
            assertConnectionFailure(Reason.STOPPED, () -> redis.pipeline(List.of(Commands.ping())));
        } finally {
            redis.close();
        }
        redis.close(); // idempotent
    }

    /**
     * RedisAsync: "every method returns at once with a future ... A future fails with
     * RedisConnectionException for everything else": a closed client is no exception.
     */
    @Test
    void anAsyncCommandOnAClosedClientReturnsAFutureFailedWithStopped(RedisServer server) {
        RedisClient redis = connect(server, 3);
        redis.close();
        CompletableFuture<String> ping = assertDoesNotThrow(() -> redis.async().ping(),
                "RedisAsync must return a failed future, not throw");
        assertConnectionFailure(Reason.STOPPED, ping);
    }

    @Test
    void withExitOnDisconnectionTheClientStopsWhenTheConnectionDrops(RedisServer server) {
        try (RedisClient redis = RedisClient.connect(options(server, 3).exitOnDisconnection(true)
                .clientName("exit-on-disconnection").build())) {
            assertEquals("PONG", redis.ping());
            server.execute("CLIENT", "KILL", "TYPE", "normal");
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
            assertConnectionFailure(Reason.STOPPED, redis::ping);
            assertFalse(((String) server.execute("CLIENT", "LIST")).contains("name=exit-on-disconnection"));
        }
    }

    @Test
    void aUnixSocketServerIsReachableByPathAndByUri() {
        try (RedisServer server = RedisServer.builder().unixSocket().start()) {
            Path socket = server.unixSocket().orElseThrow();
            try (RedisClient redis = RedisClient.connect(RedisOptions.builder().unixSocket(socket).syncConnect(true).build())) {
                assertEquals("PONG", redis.ping());
                assertEquals(true, redis.set("via-unix", "1"));
            }
            RedisOptions fromUri = RedisOptions.builder().uri("unix://" + socket + "?database=0").syncConnect(true).build();
            try (RedisClient redis = RedisClient.connect(fromUri)) {
                assertEquals("1", redis.get("via-unix"));
            }
        }
    }

    @Test
    void theSyncConnectFailureOfAMissingUnixSocketIsClosed(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.sock");
        RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> {
            try (RedisClient unexpected = RedisClient.connect(RedisOptions.builder().unixSocket(missing).syncConnect(true)
                    .build())) {
                throw new AssertionError("connected to " + unexpected);
            }
        });
        assertEquals(Reason.CLOSED, e.reason());
        assertTrue(e.getMessage().contains("nothing.sock"), e.getMessage());
    }
}
