package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.keyInSlot;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replica reads: with {@link ReadFrom#REPLICA_PREFERRED} the read-only commands of a slot go to a
 * replica of its primary (which serves them after the READONLY its connection sent), and writes
 * still go to the primary; with the default, the replica serves nothing.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterReadFromTest {

    private static final int SLOT = 6543;

    private static long gets(RedisServer node) {
        String stats = String.valueOf(node.execute("INFO", "commandstats"));
        int at = stats.indexOf("cmdstat_get:calls=");
        return at < 0 ? 0 : Long.parseLong(stats.substring(at + 18, stats.indexOf(',', at)));
    }

    @Test
    void replicaPreferredReadsAreServedByAReplicaAndWritesByThePrimary(RedisCluster cluster) {
        String key = keyInSlot(SLOT, "read-from");
        RedisServer primary = cluster.nodeForSlot(SLOT);
        RedisServer replica = ClusterTestSupport.replicaOf(cluster, primary);
        try (RedisClusterClient redis = RedisClusterClient.connect(ClusterTestSupport.options(cluster, 3)
                .readFrom(ReadFrom.REPLICA_PREFERRED).build())) {
            assertTrue(redis.set(key, "v1"), "a write goes to the primary (a replica would answer MOVED)");
            await().atMost(Duration.ofSeconds(10)).until(() -> "v1".equals(redis.get(key))); // replication lag
            primary.execute("CONFIG", "RESETSTAT");
            replica.execute("CONFIG", "RESETSTAT");
            for (int i = 0; i < 20; i++) {
                assertEquals("v1", redis.get(key));
            }
            assertEquals(20, gets(replica), "the replica served the reads");
            assertEquals(0, gets(primary));
        }
        try (RedisClusterClient redis = ClusterTestSupport.connect(cluster, 3)) {
            replica.execute("CONFIG", "RESETSTAT");
            assertEquals("v1", redis.get(key));
            assertEquals(0, gets(replica), "ReadFrom.PRIMARY by default");
        }
    }
}
