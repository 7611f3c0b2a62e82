package dev.tether.redis.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.Commands;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.tether.testkit.LeakCheckExtension;

/**
 * The client over a Unix domain socket (docs/redis-client.md, 'Options', and 'Testing against real
 * servers' for the path limit).
 */
@ExtendWith(LeakCheckExtension.class)
class UnixSocketTest {


    private static RedisServer server;
    private static Path socket;

    @BeforeAll
    static void startServer() {
        server = RedisServer.builder().unixSocket().start();
        socket = server.unixSocket().orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSocketPathFitsSockaddrUn() {
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 108, () -> "unix socket path is " + bytes + " bytes, must stay under 108: " + socket);
        assertTrue(socket.isAbsolute(), socket::toString);
    }

    @Test
    void optionsWithAUnixSocketPathRunCommandsUnderBothProtocols() {
        for (int protocol : new int[] {2, 3}) {
            RedisOptions options = RedisOptions.builder().unixSocket(socket).protocol(protocol).syncConnect(true)
                    .commandTimeout(Duration.ofSeconds(2)).build();
            assertEquals("unix:" + socket, options.address());
            try (RedisClient redis = RedisClient.connect(options)) {
                assertEquals(ConnectionState.CONNECTED, redis.state());
                assertEquals("PONG", redis.ping());
                assertTrue(redis.set("unix:" + protocol, "v"));
                assertEquals("v", redis.get("unix:" + protocol));
                assertNull(redis.get("unix:missing"));
                redis.hset("unix:h" + protocol, Map.of("f", "1"));
                assertEquals(Map.of("f", "1"), redis.hgetall("unix:h" + protocol));
                List<CompletableFuture<Long>> futures = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    futures.add(redis.async().incr("unix:n" + protocol));
                }
                assertEquals(200L, futures.get(199).join());
                // The server sees this connection as a unix socket client.
                String clients = String.valueOf(server.execute("CLIENT", "LIST"));
                assertTrue(clients.contains("flags=U") || clients.contains("addr=/") || clients.contains("laddr=" + socket),
                        () -> "expected a unix socket client in: " + clients);
            }
        }
    }

    @Test
    void aSubscriberOverTheUnixSocketReceives() {
        RedisOptions options = RedisOptions.builder().unixSocket(socket).syncConnect(true).build();
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RedisClient redis = RedisClient.connect(options); RedisSubscriber subscriber = RedisSubscriber.connect(options)) {
            subscriber.psubscribe(List.of("unix-*"), m -> received.add(m.channel() + "=" + m.text()));
            assertEquals(1, redis.publish("unix-news", "local"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertEquals(List.of("unix-news=local"), received);
        }
    }

    @Test
    void aUnixUriConnectsAndSelectsTheDatabase() {
        RedisOptions options = RedisOptions.fromUri("unix://" + socket + "?database=2");
        assertEquals(socket, options.unixSocket());
        assertEquals(2, options.database());
        try (RedisClient redis = RedisClient.connect(options)) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.CONNECTED);
            assertTrue(redis.set("unix:uri", "db2"));
            assertEquals("db2", redis.get("unix:uri"));
            assertEquals(List.of(1L), redis.pipeline(List.of(Commands.incr("unix:uri:n"))));
        }
        // it was written to database 2, not 0
        assertNull(server.execute("GET", "unix:uri"));
        assertEquals("db2", server.execute(Duration.ofSeconds(5), "EVAL", "redis.call('SELECT', 2); return redis.call('GET', KEYS[1])",
                "1", "unix:uri"));
    }

    @Test
    void aUnixSocketClientReconnectsAfterTheServerRestarts() {
        try (RedisServer own = RedisServer.builder().unixSocket().start();
             RedisClient redis = RedisClient.connect(RedisOptions.builder().unixSocket(own.unixSocket().orElseThrow())
                     .syncConnect(true).commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))
                     .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20))).build())) {
            assertEquals("PONG", redis.ping());
            own.restart();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                try {
                    return "PONG".equals(redis.ping());
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }
    }
}
