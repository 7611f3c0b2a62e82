package dev.tether.redis.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.Command;
import dev.tether.redis.Commands;
import dev.tether.redis.KeyValue;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults under callers blocked on dedicated connections: the delivery rules of the shared
 * connection hold (in-flight commands fail with DISCONNECTED and are never replayed), and a
 * connection whose blocking command passed its deadline is closed, never lent again.
 */
@ExtendWith(LeakCheckExtension.class)
class DedicatedFaultsTest {

    private RedisServer server;

    @BeforeEach
    void startServer() {
        server = RedisServer.builder().start();
    }

    @AfterEach
    void stopServer() {
        server.resume();
        server.close();
    }

    private static RedisOptions.Builder options(int port) {
        return RedisOptions.builder().port(port).syncConnect(true).commandTimeout(Duration.ofMillis(300))
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20)));
    }

    @Test
    void callersBlockedWhenTheServerIsKilledFailWithDisconnectedAndNoPopIsReplayed() {
        try (RedisClient redis = RedisClient.connect(options(server.port()).build())) {
            List<CompletableFuture<KeyValue>> blocked = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                blocked.add(redis.async().blpop(Duration.ofSeconds(20), "jobs"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients() == 4);

            server.kill();
            for (CompletableFuture<KeyValue> f : blocked) {
                RedisConnectionException e = failure(f);
                assertEquals(Reason.DISCONNECTED, e.reason(), e.getMessage());
                assertTrue(e.written(), e::toString);
                assertTrue(e.getMessage().endsWith("(sent; it may have run)"), e.getMessage());
            }
            server.restart();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(redis.ping()));

            // No pop was resent on a reconnect: nothing waits on the server to take the jobs.
            assertEquals(0, blockedClients());
            try (RedisClient pusher = RedisClient.connect(options(server.port()).build())) {
                pusher.rpush("jobs", "1", "2", "3", "4");
                assertEquals(List.of("1", "2", "3", "4"), pusher.lrange("jobs", 0, -1));
            }
            // Each job goes to exactly one new caller.
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(redis.blpop(Duration.ofSeconds(1), "jobs").value());
            }
            assertEquals(List.of("1", "2", "3", "4"), got);
        }
    }

    @Test
    void aConnectionWhoseBlockingCommandTimedOutIsClosedNotReused() throws Exception {
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(options(proxy.port()).maxDedicatedConnections(1).build())) {
            long first = dedicatedClientId(redis);
            assertEquals(first, dedicatedClientId(redis), "a connection is reused after a reply");

            // The server's replies stop reaching the client: BLPOP 0.5 s passes its deadline
            // (0.5 s + the 300 ms command timeout) and fails with TIMEOUT.
            proxy.blackhole(Direction.DOWNSTREAM);
            RedisConnectionException timedOut = assertThrows(RedisConnectionException.class,
                    () -> redis.blpop(Duration.ofMillis(500), "empty"));
            assertEquals(Reason.TIMEOUT, timedOut.reason(), timedOut.getMessage());
            proxy.pass();

            // The timed-out connection is gone from the server, and the next blocking command gets a new one.
            await().atMost(Duration.ofSeconds(5)).until(() -> !clientIds().contains(" id=" + first + " "));
            long next = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> dedicatedClientId(redis), id -> id > 0);
            assertNotEquals(first, next);
        }
    }

    /** CLIENT ID of the dedicated connection a pipeline holding a blocking command runs on. */
    private static long dedicatedClientId(RedisClient redis) {
        List<Object> replies = redis.pipeline(List.of(Command.of(reply -> ((RespInteger) reply).value(), "CLIENT", "ID"),
                Commands.blpop(List.of("empty"), Duration.ofMillis(10))));
        return (Long) replies.get(0);
    }

    private String clientIds() {
        return " " + String.join(" ", ((String) server.execute("CLIENT", "LIST")).lines()
                .map(l -> l.substring(0, l.indexOf(' ')) + " ").toList());
    }

    private long blockedClients() {
        return ((String) server.execute("CLIENT", "LIST")).lines().filter(l -> l.contains(" flags=b ")).count();
    }

    private static RedisConnectionException failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(10, TimeUnit.SECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisConnectionException r) {
                return r;
            }
            return fail("expected a RedisConnectionException", e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            return fail("no outcome within 10 s", e);
        }
    }
}
