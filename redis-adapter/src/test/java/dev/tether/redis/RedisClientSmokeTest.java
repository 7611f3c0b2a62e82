package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisClientSmokeTest {

    @Test
    void setGetAndPipelineAgainstARealServer(RedisServer server) {
        for (int protocol : new int[] {2, 3}) {
            try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).protocol(protocol)
                    .syncConnect(true).build())) {
                assertEquals("PONG", redis.ping());
                assertTrue(redis.set("k" + protocol, "v"));
                assertEquals("v", redis.get("k" + protocol));
                assertNull(redis.get("missing"));
                redis.hset("h" + protocol, Map.of("a", "1", "b", "2"));
                assertEquals(Map.of("a", "1", "b", "2"), redis.hgetall("h" + protocol));
                List<Object> results = redis.pipeline(List.of(Commands.incr("n" + protocol), Commands.incr("n" + protocol)));
                assertEquals(List.of(1L, 2L), results);
                List<CompletableFuture<Long>> futures = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    futures.add(redis.async().incr("c" + protocol));
                }
                assertEquals(1000L, futures.get(999).join());
            }
        }
    }
}
