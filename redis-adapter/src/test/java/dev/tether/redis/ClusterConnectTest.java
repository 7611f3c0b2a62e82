package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connecting: the slot map from CLUSTER SHARDS, or from CLUSTER SLOTS when forced (so the fallback
 * for servers before 7.0 runs on 7.0 too); and bad seeds refused fast with a clear exception: none
 * reachable, or one that is not in cluster mode; and bad options.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterConnectTest {

    @Test
    void theSlotMapComesFromClusterShardsOrWhenForcedFromClusterSlots(RedisCluster cluster) {
        for (boolean slots : new boolean[] {false, true}) {
            try (RedisClusterClient redis = RedisClusterClient.connect(ClusterTestSupport.options(cluster, 3)
                    .useClusterSlots(slots).build())) {
                DefaultRedisClusterClient engine = (DefaultRedisClusterClient) redis;
                assertEquals(3, engine.topology.primaries().size());
                for (int slot : new int[] {0, 5000, 10000, 16383}) {
                    assertEquals("127.0.0.1:" + cluster.nodeForSlot(slot).port(), engine.topology.owner(slot));
                }
                assertTrue(redis.set("connect:" + slots, "x"));
                assertEquals("x", redis.get("connect:" + slots));
            }
        }
    }

    @Test
    void unreachableSeedsFailFastNamingEachSeed() {
        int a = RedisTestSupport.freeLoopbackPort();
        int b = RedisTestSupport.freeLoopbackPort();
        long start = System.nanoTime();
        RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisClusterClient.connect(
                RedisClusterOptions.builder().seed("127.0.0.1:" + a).seed("redis://127.0.0.1:" + b)
                        .nodeOptions(RedisOptions.builder().connectTimeout(Duration.ofSeconds(1)).build()).build()));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(e.getMessage().contains("127.0.0.1:" + a) && e.getMessage().contains("127.0.0.1:" + b), e.getMessage());
    }

    @Test
    void aSeedThatIsNotInClusterModeIsRefusedClearly() {
        try (RedisServer single = RedisServer.builder().start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RedisClusterClient.connect("127.0.0.1:" + single.port()));
            assertTrue(e.getMessage().contains("not a cluster node"), e.getMessage());
        }
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertThrows(IllegalStateException.class, () -> RedisClusterOptions.builder().build());
        assertThrows(IllegalArgumentException.class, () -> RedisClusterOptions.builder().seed("nohost"));
        assertThrows(IllegalArgumentException.class, () -> RedisClusterOptions.builder().seed("h:port"));
        assertThrows(IllegalArgumentException.class, () -> RedisClusterOptions.builder().maxRedirects(0));
        assertThrows(NullPointerException.class, () -> RedisClusterOptions.builder().seed(null));
    }
}
