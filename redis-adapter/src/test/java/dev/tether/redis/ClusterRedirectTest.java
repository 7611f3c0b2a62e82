package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.beginMigration;
import static dev.tether.redis.ClusterTestSupport.connect;
import static dev.tether.redis.ClusterTestSupport.finishMigration;
import static dev.tether.redis.ClusterTestSupport.keyInSlot;
import static dev.tether.redis.ClusterTestSupport.otherPrimary;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redirects against a real cluster whose slots are moved by hand (CLUSTER SETSLOT and MIGRATE):
 * MOVED after a migration (the client follows and learns the slot), ASK during one (ASKING and
 * the command on the target, also inside a pipeline), TRYAGAIN for a multi-key command while its
 * slot is half moved; and at most once: a command in flight when its node connection drops
 * fails with DISCONNECTED and is not sent again.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterRedirectTest {

    private static final int SLOT_A = 1234;
    private static final int SLOT_B = 5678;
    private static final int SLOT_C = 9012;

    @Test
    void movedAfterASlotMigratedIsFollowedAndTheSlotLearned(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            String key = keyInSlot(SLOT_A, "moved");
            assertTrue(redis.set(key, "before"));
            RedisServer from = cluster.nodeForSlot(SLOT_A);
            RedisServer to = otherPrimary(cluster, from);
            beginMigration(SLOT_A, from, to, List.of());
            finishMigration(cluster, SLOT_A, from, to);
            assertEquals("before", redis.get(key), "MOVED followed to the new owner");
            assertEquals("127.0.0.1:" + to.port(), ((DefaultRedisClusterClient) redis).topology.owner(SLOT_A));
            assertEquals("before", RedisTestSupport.join(redis.async().get(key)));
            assertEquals(1L, to.execute("EXISTS", key));
        }
    }

    @Test
    void askDuringAMigrationIsFollowedOnceAlsoInsideAPipeline(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 2)) {
            String moved = keyInSlot(SLOT_B, "ask-moved");
            String stays = keyInSlot(SLOT_B, "ask-stays");
            redis.set(moved, "m");
            redis.set(stays, "s");
            RedisServer from = cluster.nodeForSlot(SLOT_B);
            RedisServer to = otherPrimary(cluster, from);
            beginMigration(SLOT_B, from, to, List.of(moved));
            try {
                assertEquals("m", redis.get(moved), "ASK: ASKING then GET on the importing node");
                assertEquals("s", redis.get(stays), "still on the source");
                assertEquals(List.of("m", "s"), redis.pipeline(List.of(Commands.get(moved), Commands.get(stays))));
                assertEquals("m", RedisTestSupport.join(redis.async().get(moved)));
                assertEquals("127.0.0.1:" + from.port(), ((DefaultRedisClusterClient) redis).topology.owner(SLOT_B),
                        "ASK leaves the map alone");
            } finally {
                finishMigration(cluster, SLOT_B, from, to);
            }
            assertEquals(List.of("m", "s"), redis.mget(List.of(moved, stays)));
        }
    }

    @Test
    void tryAgainWhileASlotIsHalfMovedIsRetriedUntilTheMigrationEnds(RedisCluster cluster) throws Exception {
        try (RedisClusterClient redis = RedisClusterClient.connect(ClusterTestSupport.options(cluster, 3)
                .maxRedirects(60).build())) {
            String first = keyInSlot(SLOT_C, "try-1");
            String second = keyInSlot(SLOT_C, "try-2");
            redis.set(first, "1");
            redis.set(second, "2");
            RedisServer from = cluster.nodeForSlot(SLOT_C);
            RedisServer to = otherPrimary(cluster, from);
            beginMigration(SLOT_C, from, to, List.of(first));
            RedisErrorException direct = assertThrows(RedisErrorException.class, () -> {
                try (RedisClient node = RedisClient.connect(RedisOptions.builder().port(from.port()).syncConnect(true).build())) {
                    node.mget(List.of(first, second));
                }
            });
            assertEquals("TRYAGAIN", direct.code(), "the source answers a split multi-key read with TRYAGAIN");
            CompletableFuture<List<String>> read = redis.async().mget(List.of(first, second));
            finishMigration(cluster, SLOT_C, from, to);
            assertEquals(List.of("1", "2"), RedisTestSupport.join(read));
        }
    }

    @Test
    void aCommandInFlightWhenItsNodeConnectionDropsFailsDisconnectedAndIsNotSentAgain(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            String key = keyInSlot(SLOT_A + 1, "at-most-once");
            RedisServer node = cluster.nodeForSlot(SLOT_A + 1);
            node.execute("CONFIG", "RESETSTAT");
            CompletableFuture<KeyValue> blocked = redis.async().blpop(Duration.ofSeconds(10), key);
            await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(node.execute("INFO", "clients"))
                    .contains("blocked_clients:1"));
            node.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisTestSupport.join(blocked));
            assertEquals(RedisConnectionException.Reason.DISCONNECTED, e.reason());
            String stats = String.valueOf(node.execute("INFO", "commandstats"));
            assertTrue(stats.contains("cmdstat_blpop:calls=1,"), "BLPOP ran once and was never re-sent: " + stats);
            assertEquals("PONG", redis.ping());
        }
    }
}
