package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second class using the extension: it must get the cluster {@link RedisClusterExtensionTest} got. */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterSharedTest {

    @Test
    void a_second_test_class_gets_the_same_cluster_instance(RedisCluster cluster) {
        SharedClusterProbe.record(cluster);
        SharedClusterProbe.assertOneInstance();
        assertEquals("PONG", cluster.execute(cluster.nodes().get(0).port(), "PING"));
    }
}
