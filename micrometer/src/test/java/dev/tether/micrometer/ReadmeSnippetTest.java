package dev.tether.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Micrometer snippet of the README (Observing Tether), compiled and run as written: the README
 * shows the two {@code // snippet:micrometer} regions joined, and the examples module's
 * {@code DocSnippetsTest} fails when the README and this code drift apart.
 */
@ExtendWith(LeakCheckExtension.class)
class ReadmeSnippetTest {

    @Test
    void theDocumentedSnippetPublishesTheDocumentedMeters() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (RedisServer server = RedisServer.builder().start()) {
            String uri = server.uri();
            // snippet:micrometer
            TetherMetrics metrics = TetherMetrics.builder(registry)
                    .prefix("tether.redis")                 // default "tether.redis"
                    .clientName("orders")                   // the client tag on every meter, default "default"
                    .percentiles(0.5, 0.99)                 // published percentiles, default 0.5, 0.95, 0.99
                    .commands(Set.of("GET", "SET", "DEL"))  // command tags; any other is "other"
                    .build();
            RedisOptions options = RedisOptions.builder().uri(uri)
                    .commandListener(metrics)
                    .listener(metrics.lifecycle())
                    .build();
            try (RedisClient client = RedisClient.connect(options)) {
                metrics.bindGauges(client);                 // in-flight, hold queue, state
                client.set("greeting", "hello");
                // end-snippet
                client.get("greeting");
                assertEquals(1, registry.get("tether.redis.commands").tags("client", "orders", "command", "SET",
                        "outcome", "ok", "role", "primary").timer().count());
                assertEquals(2, registry.get("tether.redis.commands").tag("command", "SET").timer()
                        .takeSnapshot().percentileValues().length);
                assertEquals(1.0, registry.get("tether.redis.connection.state").tag("client", "orders").gauge().value());
            // snippet:micrometer
            }
            // end-snippet
        }
    }
}
