package dev.tether.redis.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisClusterExtension.class)
class RedisClusterExtensionTest {

    private static RedisCluster fromBeforeAll;
    private final RedisCluster fromConstructor;

    RedisClusterExtensionTest(RedisCluster cluster) {
        this.fromConstructor = cluster;
    }

    @BeforeAll
    static void remember(RedisCluster cluster) {
        fromBeforeAll = cluster;
        SharedClusterProbe.record(cluster);
    }

    @Test
    void constructor_BeforeAll_and_test_methods_get_the_same_cluster(RedisCluster cluster) {
        assertSame(fromBeforeAll, cluster);
        assertSame(fromConstructor, cluster);
        SharedClusterProbe.assertOneInstance();
    }

    @Test
    void the_cluster_has_3_primaries_and_3_replicas_covering_all_16384_slots(RedisCluster cluster) {
        List<RedisServer> nodes = cluster.nodes();
        assertEquals(6, nodes.size());
        assertEquals(3, cluster.primaries().size());
        assertTrue(nodes.containsAll(cluster.primaries()));
        for (RedisServer node : nodes) {
            assertEquals("127.0.0.1", node.host());
            Map<String, String> info = ClusterState.fields(node.execute("CLUSTER", "INFO"));
            assertEquals("ok", info.get("cluster_state"), node + ": " + info);
            assertEquals("16384", info.get("cluster_slots_assigned"));
            assertEquals("16384", info.get("cluster_slots_ok"));
            assertEquals("6", info.get("cluster_known_nodes"));
            assertEquals(List.of("cluster-node-timeout", "2000"), node.execute("CONFIG", "GET", "cluster-node-timeout"));
            assertEquals(List.of("save", ""), node.execute("CONFIG", "GET", "save"));
            assertEquals(List.of("appendonly", "no"), node.execute("CONFIG", "GET", "appendonly"));
        }
        long replicas = nodes.stream()
                .map(node -> ClusterState.fields(node.execute("INFO", "replication")))
                .filter(replication -> "slave".equals(replication.get("role")))
                .peek(replication -> assertEquals("up", replication.get("master_link_status")))
                .count();
        assertEquals(3, replicas);
        assertEquals(Duration.ofMillis(2000), cluster.nodeTimeout());
        assertEquals("redis://127.0.0.1:" + nodes.get(0).port(), cluster.seedUri());
        assertEquals(nodes.stream().map(RedisServer::uri).toList(), cluster.seedUris());
        assertTrue(nodes.get(0).port() < nodes.get(5).port(), "nodes are in port order");
    }

    @Test
    void the_owner_of_a_slot_answers_and_another_node_redirects_with_MOVED(RedisCluster cluster) {
        int slot = cluster.slotOf("foo");
        assertEquals(12182, slot);
        RedisServer owner = cluster.nodeForSlot(slot);
        assertEquals("OK", cluster.execute(owner.port(), "SET", "foo", "bar"));
        assertEquals("bar", cluster.execute(owner.port(), "GET", "foo"));

        RedisServer other = cluster.primaries().stream().filter(node -> node != owner).findFirst().orElseThrow();
        RedisReplyException moved = assertThrows(RedisReplyException.class,
                () -> cluster.execute(other.port(), "GET", "foo"));
        assertEquals("MOVED", moved.prefix());
        assertEquals("MOVED " + slot + " 127.0.0.1:" + owner.port(), moved.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cluster.execute(1, "PING"));
    }

    @Test
    void awaitStable_holds_again_after_a_manual_failover(RedisCluster cluster) {
        int slot = cluster.slotOf("failover-key");
        RedisServer owner = cluster.nodeForSlot(slot);
        RedisServer replica = cluster.nodes().stream()
                .filter(node -> String.valueOf(owner.port()).equals(
                        ClusterState.fields(node.execute("INFO", "replication")).get("master_port")))
                .findFirst().orElseThrow();

        assertEquals("OK", replica.execute("CLUSTER", "FAILOVER"));
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.nodeForSlot(slot) == replica);
        cluster.awaitStable(Duration.ofSeconds(15));

        assertEquals(3, cluster.primaries().size());
        assertTrue(cluster.primaries().contains(replica));
        assertNotEquals(owner, cluster.nodeForSlot(slot));
        assertEquals("OK", cluster.execute(replica.port(), "SET", "failover-key", "v"));
    }
}
