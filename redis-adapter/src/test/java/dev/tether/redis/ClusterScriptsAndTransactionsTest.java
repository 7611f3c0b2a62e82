package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.beginMigration;
import static dev.tether.redis.ClusterTestSupport.connect;
import static dev.tether.redis.ClusterTestSupport.finishMigration;
import static dev.tether.redis.ClusterTestSupport.keyInSlot;
import static dev.tether.redis.ClusterTestSupport.otherPrimary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scripts, transactions and ACL users on a real cluster: SCRIPT LOAD and SCRIPT FLUSH reach every
 * primary, EVALSHA goes by its keys and loads the script on a node that answers NOSCRIPT; a
 * transaction stays in its slot and, when the slot has moved (MOVED while queueing, EXECABORT:
 * nothing ran), is sent again whole to the new owner; and an ACL user connects to every node.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterScriptsAndTransactionsTest {

    private static final Script INCR_BY = Script.of("return redis.call('INCRBY', KEYS[1], ARGV[1])");

    @Test
    void scriptManagementReachesEveryPrimaryAndEvalshaGoesByItsKeys(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            assertTrue(redis.scriptFlush());
            assertEquals(INCR_BY.sha1(), redis.scriptLoad(INCR_BY));
            for (RedisServer primary : cluster.primaries()) {
                assertEquals(List.of(1L), primary.execute("SCRIPT", "EXISTS", INCR_BY.sha1()), "loaded on " + primary);
            }
            cluster.primaries().get(0).execute("SCRIPT", "FLUSH"); // one node forgets: NOSCRIPT there
            for (int i = 0; i < 20; i++) {
                String key = "script:" + i;
                assertEquals(RespInteger.of(5), redis.evalScript(INCR_BY, List.of(key), List.of("5")));
                assertEquals("5", redis.get(key));
            }
            for (RedisServer primary : cluster.primaries()) {
                assertEquals(List.of(1L), primary.execute("SCRIPT", "EXISTS", INCR_BY.sha1()),
                        "EVAL after NOSCRIPT loaded it again on " + primary);
            }
        }
    }

    @Test
    void aTransactionWhoseSlotMovedIsSentAgainWholeToTheNewOwner(RedisCluster cluster) {
        int slot = 4321;
        try (RedisClusterClient redis = connect(cluster, 3)) {
            String a = keyInSlot(slot, "tx-a");
            String b = keyInSlot(slot, "tx-b");
            assertEquals(List.of(true, true), redis.transaction(List.of(Commands.set(a, "1"), Commands.set(b, "1"))));
            RedisServer from = cluster.nodeForSlot(slot);
            RedisServer to = otherPrimary(cluster, from);
            beginMigration(slot, from, to, List.of());
            finishMigration(cluster, slot, from, to); // the client's map still says "from"
            List<Object> result = redis.transaction(List.of(Commands.incr(a), Commands.incr(b)));
            assertEquals(List.of(2L, 2L), result, "ran once, whole, on the new owner");
            assertEquals("2", to.execute("GET", a));
            assertEquals("2", to.execute("GET", b));
        }
    }

    @Test
    void anAclUserConnectsToEveryNode(RedisCluster cluster) {
        for (RedisServer node : cluster.nodes()) {
            node.execute("ACL", "SETUSER", "cluster-user", "reset", "on", ">cluster-pw", "~*", "&*", "+@all");
        }
        RedisClusterOptions options = ClusterTestSupport.options(cluster, 3)
                .nodeOptions(RedisOptions.builder().credentials(new Credentials("cluster-user", "cluster-pw")).build())
                .build();
        try (RedisClusterClient redis = RedisClusterClient.connect(options)) {
            for (int i = 0; i < 10; i++) {
                assertTrue(redis.set("acl:" + i, "v"));
            }
            assertEquals("v", redis.get("acl:9"));
            assertTrue(redis.dbsize() >= 10, "DBSIZE summed over every primary, as the ACL user");
            for (RedisServer primary : cluster.primaries()) {
                assertTrue(String.valueOf(primary.execute("CLIENT", "LIST")).contains("user=cluster-user"),
                        "every primary has a connection of the ACL user: " + primary);
            }
        }
    }
}
