package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The slot map a cluster client keeps current: which primary ("host:port") serves each of the
 * 16,384 slots. Read whole from {@code CLUSTER SHARDS} (Redis 7) or {@code CLUSTER SLOTS}, and
 * patched one slot at a time by MOVED redirects between two reads. Lookups take no lock.
 */
final class ClusterTopology {

    private final AtomicReferenceArray<String> owners = new AtomicReferenceArray<>(ClusterSlots.COUNT);
    private volatile List<String> primaries = List.of();

    /** The primary serving {@code slot}, or null if no read covered it. */
    String owner(int slot) {
        return owners.get(slot);
    }

    /** The primaries of the last full read (in the order the server listed them). */
    List<String> primaries() {
        return primaries;
    }

    /** A MOVED redirect: {@code slot} is now served by {@code address}. */
    void move(int slot, String address) {
        owners.set(slot, address);
    }

    /** Replaces the map with a {@code CLUSTER SHARDS} reply; returns how many slots it covers. */
    int applyShards(RespValue reply) {
        String[] next = new String[ClusterSlots.COUNT];
        Set<String> masters = new LinkedHashSet<>();
        for (RespValue shard : RespShapes.elements(reply)) {
            RespValue slots = RespShapes.field(shard, "slots");
            String primary = null;
            for (RespValue node : RespShapes.elements(RespShapes.field(shard, "nodes"))) {
                String role = RespShapes.text(RespShapes.field(node, "role"));
                String health = RespShapes.text(RespShapes.field(node, "health"));
                if ("master".equals(role) && !"fail".equals(health)) {
                    String host = RespShapes.text(RespShapes.field(node, "ip"));
                    if (host == null || host.isEmpty()) {
                        host = RespShapes.text(RespShapes.field(node, "endpoint"));
                    }
                    long port = RespShapes.number(RespShapes.field(node, "port"));
                    if (port == 0) {
                        port = RespShapes.number(RespShapes.field(node, "tls-port"));
                    }
                    primary = host + ":" + port;
                }
            }
            List<RespValue> ranges = RespShapes.elements(slots);
            if (primary == null || ranges.isEmpty()) {
                continue;
            }
            masters.add(primary);
            for (int i = 0; i + 1 < ranges.size(); i += 2) {
                fill(next, (int) RespShapes.number(ranges.get(i)), (int) RespShapes.number(ranges.get(i + 1)), primary);
            }
        }
        return install(next, masters);
    }

    /** Replaces the map with a {@code CLUSTER SLOTS} reply; returns how many slots it covers. */
    int applySlots(RespValue reply) {
        String[] next = new String[ClusterSlots.COUNT];
        Set<String> masters = new LinkedHashSet<>();
        for (RespValue range : RespShapes.elements(reply)) {
            List<RespValue> r = RespShapes.elements(range);
            if (r.size() < 3) {
                continue;
            }
            List<RespValue> node = RespShapes.elements(r.get(2));
            String primary = RespShapes.text(node.get(0)) + ":" + RespShapes.number(node.get(1));
            masters.add(primary);
            fill(next, (int) RespShapes.number(r.get(0)), (int) RespShapes.number(r.get(1)), primary);
        }
        return install(next, masters);
    }

    private int install(String[] next, Set<String> masters) {
        int covered = 0;
        for (int slot = 0; slot < next.length; slot++) {
            if (next[slot] != null) {
                covered++;
                owners.set(slot, next[slot]);
            }
        }
        primaries = List.copyOf(masters);
        return covered;
    }

    private static void fill(String[] owners, int from, int to, String primary) {
        for (int slot = Math.max(0, from); slot <= to && slot < owners.length; slot++) {
            owners[slot] = primary;
        }
    }

    @Override
    public String toString() {
        List<String> list = new ArrayList<>(primaries);
        return "ClusterTopology" + list;
    }
}
