package dev.tether.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.CommandFinished;
import dev.tether.redis.CommandListener;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With a password (AUTH under RESP2, HELLO ... AUTH under RESP3), neither the listener nor any
 * meter sees the handshake, on the first connection or after a reconnect: only the user's commands.
 */
@ExtendWith(LeakCheckExtension.class)
class NoSecretsTest {

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void theHandshakeAndItsPasswordReachNoListenerAndNoMeter(int protocol) {
        String password = "pw-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // AUTH and HELLO are in the tagged set: were the handshake reported, they would show as tags.
        TetherMetrics metrics = TetherMetrics.builder(registry).commands(java.util.Set.of("GET", "SET", "AUTH", "HELLO"))
                .build();
        List<String> seen = new CopyOnWriteArrayList<>();
        CommandListener recording = new CommandListener() {
            @Override
            public void started(String command, String node) {
                seen.add(command + "@" + node);
            }

            @Override
            public void finished(CommandFinished event) {
                seen.add(event.command() + "@" + event.node() + "/" + event.outcomeTag());
                metrics.finished(event);
            }
        };
        try (RedisServer server = RedisServer.builder().password(password).start();
             RedisClient client = RedisClient.connect(RedisOptions.builder().uri(server.uri()).password(password)
                     .protocol(protocol).syncConnect(true).backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50)))
                     .commandListener(recording).listener(metrics.lifecycle()).build())) {
            String node = "127.0.0.1:" + server.port();
            client.set("k", "v");
            server.execute("CLIENT", "KILL", "TYPE", "normal"); // a second handshake on reconnect
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("tether.redis.reconnects").counter().count() >= 1);
            assertEquals("v", client.get("k"));
            assertEquals(List.of("SET@" + node, "SET@" + node + "/ok", "GET@" + node, "GET@" + node + "/ok"), seen);
            for (Meter meter : registry.getMeters()) {
                assertFalse(meter.getId().getName().contains(password), meter.getId().toString());
                for (Tag tag : meter.getId().getTags()) {
                    assertFalse(tag.getValue().contains(password), meter.getId().toString());
                    assertFalse(tag.getValue().equals("AUTH") || tag.getValue().equals("HELLO"), meter.getId().toString());
                }
            }
        }
    }
}
