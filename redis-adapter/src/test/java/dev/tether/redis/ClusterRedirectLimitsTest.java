package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.beginMigration;
import static dev.tether.redis.ClusterTestSupport.connect;
import static dev.tether.redis.ClusterTestSupport.finishMigration;
import static dev.tether.redis.ClusterTestSupport.keyInSlot;
import static dev.tether.redis.ClusterTestSupport.otherPrimary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The edges of following redirects: in a pipeline, only the part answered MOVED is sent again,
 * to the new owner, and the replies keep the caller's order; and a command that keeps being
 * redirected fails after maxRedirects with the last redirect's error, saying it gave up.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterRedirectLimitsTest {

    private static final int SLOT_D = 3456;
    private static final int SLOT_E = 7890;

    @Test
    void onlyThePipelinePartAnsweredMovedIsSentAgainInTheCallersOrder(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            String moving = keyInSlot(SLOT_D, "pipe-moved");
            String staying = keyInSlot(SLOT_D + 4000, "pipe-stays");
            redis.set(moving, "m");
            redis.set(staying, "s");
            RedisServer from = cluster.nodeForSlot(SLOT_D);
            RedisServer to = otherPrimary(cluster, from);
            beginMigration(SLOT_D, from, to, List.of());
            finishMigration(cluster, SLOT_D, from, to); // the client's map still names "from"
            assertEquals(List.of("s", "m", "s"), redis.pipeline(List.of(Commands.get(staying), Commands.get(moving),
                    Commands.get(staying))));
            assertEquals("127.0.0.1:" + to.port(), ((DefaultRedisClusterClient) redis).topology.owner(SLOT_D));
        }
    }

    @Test
    void aCommandStillRedirectedAfterMaxRedirectsFailsWithTheLastRedirect(RedisCluster cluster) {
        try (RedisClusterClient redis = RedisClusterClient.connect(ClusterTestSupport.options(cluster, 3)
                .maxRedirects(2).build())) {
            String first = keyInSlot(SLOT_E, "limit-1");
            String second = keyInSlot(SLOT_E, "limit-2");
            redis.set(first, "1");
            redis.set(second, "2");
            RedisServer from = cluster.nodeForSlot(SLOT_E);
            RedisServer to = otherPrimary(cluster, from);
            beginMigration(SLOT_E, from, to, List.of(first)); // half moved: MGET gets TRYAGAIN each time
            try {
                RedisErrorException e = assertThrows(RedisErrorException.class,
                        () -> redis.mget(List.of(first, second)));
                assertEquals("TRYAGAIN", e.code());
                assertTrue(e.getMessage().contains("gave up"), e.getMessage());
            } finally {
                finishMigration(cluster, SLOT_E, from, to);
            }
            assertEquals(List.of("1", "2"), redis.mget(List.of(first, second)));
        }
    }
}
