package dev.tether.redis;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisServer;
import java.time.Duration;
import java.util.List;

/** What the cluster tests share: a client for the test run's cluster, and moving a slot by hand. */
final class ClusterTestSupport {

    private ClusterTestSupport() {
    }

    static RedisClusterOptions.Builder options(RedisCluster cluster, int protocol) {
        return RedisClusterOptions.builder().seeds(cluster.seedUris())
                .nodeOptions(RedisOptions.builder().protocol(protocol).commandTimeout(Duration.ofSeconds(5))
                        .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50))).build());
    }

    static RedisClusterClient connect(RedisCluster cluster, int protocol) {
        return RedisClusterClient.connect(options(cluster, protocol).build());
    }

    /** A primary other than {@code node}. */
    static RedisServer otherPrimary(RedisCluster cluster, RedisServer node) {
        return cluster.primaries().stream().filter(p -> p.port() != node.port()).findFirst().orElseThrow();
    }

    /** A replica of {@code primary}, from the nodes' own CLUSTER NODES. */
    static RedisServer replicaOf(RedisCluster cluster, RedisServer primary) {
        String primaryId = id(primary);
        return cluster.nodes().stream().filter(n -> n.port() != primary.port()
                && String.valueOf(n.execute("CLUSTER", "NODES")).lines()
                .anyMatch(l -> l.contains("myself") && l.contains("slave " + primaryId))).findFirst().orElseThrow();
    }

    static String id(RedisServer node) {
        return (String) node.execute("CLUSTER", "MYID");
    }

    /**
     * Starts moving {@code slot} from {@code from} to {@code to} by hand: IMPORTING on the target,
     * MIGRATING on the source, then MIGRATE for {@code keys} only (the others stay on the source).
     */
    static void beginMigration(int slot, RedisServer from, RedisServer to, List<String> keys) {
        to.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", id(from));
        from.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", id(to));
        for (String key : keys) {
            from.execute("MIGRATE", "127.0.0.1", Integer.toString(to.port()), key, "0", "5000");
        }
    }

    /** Moves what is left of {@code slot} and gives the slot to {@code to} on every primary. */
    static void finishMigration(RedisCluster cluster, int slot, RedisServer from, RedisServer to) {
        Object left = from.execute("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "1000");
        for (Object key : (List<?>) left) {
            from.execute("MIGRATE", "127.0.0.1", Integer.toString(to.port()), (String) key, "0", "5000");
        }
        String target = id(to);
        to.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", target);
        from.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", target);
        for (RedisServer primary : cluster.primaries()) {
            primary.execute("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", target);
        }
        cluster.awaitStable(Duration.ofSeconds(30));
    }

    /** A key of the test's own, in {@code slot}: {@code {tag}name} where tag hashes to the slot. */
    static String keyInSlot(int slot, String name) {
        for (int i = 0; i < 10_000_000; i++) {
            String tag = "t" + i;
            if (ClusterSlots.slot(tag) == slot) {
                return "{" + tag + "}" + name;
            }
        }
        throw new IllegalStateException("no tag for slot " + slot);
    }
}
