package dev.tether.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisErrorException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The binding against a real redis-server: exact timer counts per command and outcome, a server
 * error, a timeout counted as a failure by reason, a reconnect after CLIENT KILL, the gauges, and
 * the Pub/Sub counters.
 */
@ExtendWith(LeakCheckExtension.class)
class TetherMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private RedisOptions.Builder options(RedisServer server, TetherMetrics metrics) {
        return RedisOptions.builder().uri(server.uri()).syncConnect(true).commandTimeout(Duration.ofSeconds(1))
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50)))
                .commandListener(metrics).listener(metrics.lifecycle());
    }

    private long timerCount(String command, String outcome, String node) {
        var timer = registry.find("tether.redis.commands").tags("client", "orders", "command", command,
                "outcome", outcome, "node", node, "role", "primary").timer();
        return timer == null ? 0 : timer.count();
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).tag("client", "orders").gauge();
        return g == null ? Double.NaN : g.value();
    }

    private double counter(String name) {
        return registry.get(name).tag("client", "orders").counter().count();
    }

    @Test
    void commandsServerErrorsTimeoutsAndAReconnectAreCountedExactly() throws Exception {
        TetherMetrics metrics = TetherMetrics.builder(registry).clientName("orders")
                .commands(Set.of("get", "SET", "INCR")).build();
        try (RedisServer server = RedisServer.builder().start();
             RedisClient client = RedisClient.connect(options(server, metrics).build())) {
            String node = "127.0.0.1:" + server.port();
            metrics.bindGauges(client);
            assertEquals(1.0, gauge("tether.redis.connection.state"));
            for (int i = 0; i < 10; i++) {
                client.set("k" + i, "v" + i);
            }
            for (int i = 0; i < 4; i++) {
                assertEquals("v" + i, client.get("k" + i));
            }
            client.command("DBSIZE"); // not in the configured set: tagged "other"
            assertThrows(RedisErrorException.class, () -> client.command("INCR", "k0"));

            server.pause(); // SIGSTOP: the next command is sent and never answered
            try {
                CompletableFuture<String> stuck = client.async().get("k1");
                await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(1))
                        .until(() -> gauge("tether.redis.commands.in.flight") == 1.0);
                ExecutionException e = assertThrows(ExecutionException.class, stuck::get);
                assertEquals(RedisConnectionException.Reason.TIMEOUT,
                        assertInstanceOf(RedisConnectionException.class, e.getCause()).reason());
            } finally {
                server.resume();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge("tether.redis.connection.state") == 1.0);

            double reconnectsBefore = counter("tether.redis.reconnects");
            server.execute("CLIENT", "KILL", "TYPE", "normal");
            await().atMost(Duration.ofSeconds(5)).until(() -> counter("tether.redis.reconnects") > reconnectsBefore
                    && gauge("tether.redis.connection.state") == 1.0);
            assertEquals("v2", client.get("k2"));

            assertEquals(10, timerCount("SET", "ok", node));
            assertEquals(5, timerCount("GET", "ok", node));
            assertEquals(1, timerCount("GET", "timeout", node));
            assertEquals(1, timerCount("INCR", "server_error", node));
            assertEquals(1, timerCount("other", "ok", node));
            assertEquals(5, registry.find("tether.redis.commands").timers().size(), "no other combination");
            assertEquals(1.0, registry.get("tether.redis.failures").tags("client", "orders", "node", node,
                    "reason", "timeout").counter().count());
            assertEquals(1, registry.find("tether.redis.failures").counters().size(), "a server error is no failure");
            assertEquals(3, registry.get("tether.redis.commands").tag("command", "SET").timer()
                    .takeSnapshot().percentileValues().length, "the default percentiles: 0.5, 0.95, 0.99");
            assertTrue(counter("tether.redis.disconnects") >= 1, "the kill was seen as a disconnect");

            assertEquals(0.0, gauge("tether.redis.commands.in.flight"));
            assertEquals(0.0, gauge("tether.redis.hold.queue.size"));
            assertEquals(1.0, gauge("tether.redis.connection.state"));
            metrics.unbindGauges();
            assertNull(registry.find("tether.redis.connection.state").gauge());
        }
    }

    @Test
    void theStateGaugeReadsZeroOnceTheClientIsClosed() {
        TetherMetrics metrics = TetherMetrics.builder(registry).clientName("orders").build();
        try (RedisServer server = RedisServer.builder().start()) {
            RedisClient client = RedisClient.connect(options(server, metrics).build());
            metrics.bindGauges(client);
            assertEquals(1.0, gauge("tether.redis.connection.state"));
            client.close();
            assertEquals(0.0, gauge("tether.redis.connection.state"));
        }
    }

    @Test
    void aSubscribersMessagesAreCountedPerNode() {
        TetherMetrics metrics = TetherMetrics.builder(registry).clientName("orders").build();
        try (RedisServer server = RedisServer.builder().start();
             RedisClient client = RedisClient.connect(options(server, metrics).build());
             RedisSubscriber subscriber = RedisSubscriber.connect(options(server, metrics).build())) {
            subscriber.subscribe(List.of("news"), message -> { });
            for (int i = 0; i < 7; i++) {
                assertEquals(1L, client.publish("news", "m" + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("tether.redis.pubsub.messages.delivered")
                    .tags("client", "orders", "node", "127.0.0.1:" + server.port()).counter() != null
                    && counter("tether.redis.pubsub.messages.delivered") == 7.0);
            assertEquals(7, timerCount("PUBLISH", "ok", "127.0.0.1:" + server.port()));
            assertEquals(1, timerCount("SUBSCRIBE", "ok", "127.0.0.1:" + server.port()));
        }
    }
}
