package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionState;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RedisClusterClient#close(Duration)}: every node's connections drain, its dedicated ones too. */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterCloseDrainTest {

    @Test
    void blockingCommandsOnEveryPrimaryFinishWithinTheDrain(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) { // closed again at the end: idempotent
            // One queue per primary: each BLPOP holds a dedicated connection to its own node.
            List<String> queues = new ArrayList<>();
            Set<Integer> owners = new HashSet<>();
            for (int i = 0; owners.size() < cluster.primaries().size(); i++) {
                String queue = "drain:" + i;
                if (owners.add(cluster.nodeForSlot(cluster.slotOf(queue)).port())) {
                    queues.add(queue);
                }
            }
            List<CompletableFuture<KeyValue>> pops = new ArrayList<>();
            for (String queue : queues) {
                pops.add(redis.async().blpop(Duration.ofSeconds(2), queue));
            }
            long run = System.nanoTime();
            List<CompletableFuture<Long>> incrs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                incrs.add(redis.async().incr("drain:counter:" + run + ":" + i));
            }
            // Two seconds of blocking: all are blocked at once, though each first opens its connection.
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.primaries().stream().mapToLong(ClusterCloseDrainTest::blocked).sum()
                    == queues.size());

            redis.close(Duration.ofSeconds(5));
            for (CompletableFuture<KeyValue> pop : pops) {
                assertNull(join(pop), "BLPOP timed out on its server within the drain: answered, not STOPPED");
            }
            for (CompletableFuture<Long> incr : incrs) {
                assertEquals(1L, join(incr));
            }
            assertTrue(redis.nodes().values().stream().allMatch(s -> s == ConnectionState.STOPPED), redis.nodes()::toString);
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> redis.close(Duration.ofMillis(-5)));
            assertTrue(negative.getMessage().contains("drain"), negative.getMessage());
        }
    }

    private static long blocked(RedisServer node) {
        return ((String) node.execute("CLIENT", "LIST")).lines()
                .filter(l -> l.contains(" cmd=blpop ") && l.contains(" flags=b ")).count();
    }
}
