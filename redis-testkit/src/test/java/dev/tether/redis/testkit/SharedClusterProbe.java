package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The {@link RedisCluster} instances the extension handed to the test classes of this run, by
 * identity: one cluster for the whole run means exactly one instance, whichever class runs first.
 */
final class SharedClusterProbe {

    private static final Set<RedisCluster> SEEN = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    private SharedClusterProbe() {}

    static void record(RedisCluster cluster) {
        SEEN.add(cluster);
    }

    static void assertOneInstance() {
        assertEquals(1, SEEN.size(), "test classes got different clusters: " + SEEN);
    }
}
