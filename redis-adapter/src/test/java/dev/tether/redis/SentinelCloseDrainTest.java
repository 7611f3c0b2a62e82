package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.assertConnectionFailure;
import static dev.tether.redis.RedisTestSupport.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.testkit.RedisSentinel;
import dev.tether.redis.testkit.RedisSentinelExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RedisClient#close(Duration)} over Sentinel with replica reads: the primary's and the replicas' connections drain. */
@ExtendWith({RedisSentinelExtension.class, LeakCheckExtension.class})
class SentinelCloseDrainTest {

    @Test
    void readsOnTheReplicasAndWritesOnThePrimaryFinishWithinTheDrain(RedisSentinel sentinel) {
        try (RedisClient redis = SentinelClientTest.replicaReads(sentinel)) {
            String key = "sentinel:drained:" + System.nanoTime();
            List<CompletableFuture<Long>> writes = new ArrayList<>();
            List<CompletableFuture<String>> replicaReads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                writes.add(redis.async().incr(key));
                replicaReads.add(redis.async().get(key + ":absent"));
            }
            redis.close(Duration.ofSeconds(2));
            for (int i = 0; i < 50; i++) {
                assertEquals(i + 1L, join(writes.get(i)), "INCR " + i + " answered within the drain");
                assertNull(join(replicaReads.get(i)), "GET " + i + " answered within the drain");
            }
            assertEquals(ConnectionState.STOPPED, redis.state());
            assertConnectionFailure(Reason.STOPPED, () -> redis.incr(key));
            assertThrows(NullPointerException.class, () -> redis.close(null));
        }
    }
}
