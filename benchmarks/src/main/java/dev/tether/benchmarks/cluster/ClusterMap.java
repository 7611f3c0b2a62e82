package dev.tether.benchmarks.cluster;

import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The slot map as one node's {@code CLUSTER SLOTS} has it (slot to primary port), read by the
 * coordinator through redis-testkit's plain connections, never through a client under test.
 *
 * @param owner   the primary port of each of the 16384 slots, 0 where none
 * @param version the node's {@code redis_version}
 */
record ClusterMap(int[] owner, String version) {

    /** Asks {@code node}. */
    static ClusterMap read(RedisServer node) {
        int[] owner = new int[16_384];
        for (Object r : (List<?>) node.execute("CLUSTER", "SLOTS")) {
            List<?> range = (List<?>) r;
            int port = ((Long) ((List<?>) range.get(2)).get(1)).intValue();
            for (long s = (Long) range.get(0); s <= (Long) range.get(1); s++) {
                owner[(int) s] = port;
            }
        }
        String version = "?";
        for (String l : String.valueOf(node.execute("INFO", "server")).split("\r?\n")) {
            if (l.startsWith("redis_version:")) {
                version = l.substring("redis_version:".length()).trim();
            }
        }
        return new ClusterMap(owner, version);
    }

    /** The hash slot of {@code key}. */
    int slot(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /** The slots {@code port} serves, as "a-b,c-d". */
    String rangesOf(int port) {
        List<String> out = new ArrayList<>();
        int s = 0;
        while (s < owner.length) {
            if (owner[s] != port) {
                s++;
                continue;
            }
            int e = s;
            while (e + 1 < owner.length && owner[e + 1] == port) {
                e++;
            }
            out.add(s + "-" + e);
            s = e + 1;
        }
        return String.join(",", out);
    }

    /**
     * Reads every counter and list of the failover load from the primary serving it and writes
     * {@code ctr KEY VALUE} and {@code list KEY ID ID ...} lines to {@code file}.
     */
    void writeState(RedisCluster cluster, Path file) throws IOException {
        FailoverLoad.writeState(file, ClusterRunner.COUNTERS, ClusterRunner.LISTS,
                (key, command) -> cluster.execute(owner[slot(key)], command));
    }
}
