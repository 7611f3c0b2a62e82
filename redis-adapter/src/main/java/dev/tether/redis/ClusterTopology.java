package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The slot map a cluster client keeps current: which primary ("host:port") serves each of the
 * 16,384 slots, and which replicas each primary has. Read from {@code CLUSTER SHARDS} (Redis 7)
 * or {@code CLUSTER SLOTS}, from several nodes at once: each slot goes to the owner most views
 * name, so one node with a stale view cannot undo a failover or shrink the map. MOVED patches one
 * slot between two reads. Lookups take no lock.
 */
final class ClusterTopology {

    /** One node's view: slot owners (null where it names none), and replicas by primary. */
    record View(String[] owners, Map<String, List<String>> replicas) {
    }

    private final AtomicReferenceArray<String> owners = new AtomicReferenceArray<>(ClusterSlots.COUNT);
    private volatile List<String> primaries = List.of();
    private volatile Map<String, List<String>> replicas = Map.of();

    /** The primary serving {@code slot}, or null if no read covered it. */
    String owner(int slot) {
        return owners.get(slot);
    }

    /** The primaries of the last full read (in the order the server listed them). */
    List<String> primaries() {
        return primaries;
    }

    /** The replicas of {@code primary} in the last full read; none if unknown. */
    List<String> replicasOf(String primary) {
        return replicas.getOrDefault(primary, List.of());
    }

    /** Every node of the last full read, primaries and replicas. */
    Set<String> nodes() {
        Set<String> all = new LinkedHashSet<>(primaries);
        replicas.values().forEach(all::addAll);
        return all;
    }

    /** A MOVED redirect: {@code slot} is now served by {@code address}. */
    void move(int slot, String address) {
        owners.set(slot, address);
    }

    /** A view from a {@code CLUSTER SHARDS} reply; nodes not "online" are left out. */
    static View shardsView(RespValue reply) {
        String[] owners = new String[ClusterSlots.COUNT];
        Map<String, List<String>> replicas = new LinkedHashMap<>();
        for (RespValue shard : RespShapes.elements(reply)) {
            String primary = null;
            List<String> shardReplicas = new ArrayList<>();
            for (RespValue node : RespShapes.elements(RespShapes.field(shard, "nodes"))) {
                String health = RespShapes.text(RespShapes.field(node, "health"));
                if (health != null && !health.equals("online")) {
                    continue; // "failed" (a killed primary stays listed after its replica's promotion) or "loading"
                }
                String address = address(node);
                if ("master".equals(RespShapes.text(RespShapes.field(node, "role")))) {
                    primary = address;
                } else {
                    shardReplicas.add(address);
                }
            }
            List<RespValue> ranges = RespShapes.elements(RespShapes.field(shard, "slots"));
            if (primary == null || ranges.isEmpty()) {
                continue;
            }
            replicas.put(primary, List.copyOf(shardReplicas));
            for (int i = 0; i + 1 < ranges.size(); i += 2) {
                fill(owners, (int) RespShapes.number(ranges.get(i)), (int) RespShapes.number(ranges.get(i + 1)), primary);
            }
        }
        return new View(owners, replicas);
    }

    /** A view from a {@code CLUSTER SLOTS} reply. */
    static View slotsView(RespValue reply) {
        String[] owners = new String[ClusterSlots.COUNT];
        Map<String, List<String>> replicas = new LinkedHashMap<>();
        for (RespValue range : RespShapes.elements(reply)) {
            List<RespValue> r = RespShapes.elements(range);
            if (r.size() < 3) {
                continue;
            }
            String primary = slotsNode(r.get(2));
            List<String> rangeReplicas = new ArrayList<>();
            for (int i = 3; i < r.size(); i++) {
                rangeReplicas.add(slotsNode(r.get(i)));
            }
            replicas.put(primary, List.copyOf(rangeReplicas));
            fill(owners, (int) RespShapes.number(r.get(0)), (int) RespShapes.number(r.get(1)), primary);
        }
        return new View(owners, replicas);
    }

    /**
     * Installs what the views agree on: each slot goes to the owner most views name (ties: the
     * first view's); a slot no view covers keeps its owner. Returns the slots covered.
     */
    int install(List<View> views) {
        int covered = 0;
        Set<String> masters = new LinkedHashSet<>();
        Map<String, List<String>> allReplicas = new HashMap<>();
        Map<String, Integer> votes = new HashMap<>();
        for (int slot = 0; slot < ClusterSlots.COUNT; slot++) {
            votes.clear();
            String best = null;
            int bestVotes = 0;
            for (View view : views) {
                String owner = view.owners()[slot];
                if (owner != null) {
                    int n = votes.merge(owner, 1, Integer::sum);
                    if (n > bestVotes) {
                        best = owner;
                        bestVotes = n;
                    }
                }
            }
            if (best != null) {
                covered++;
                owners.set(slot, best);
                masters.add(best);
            }
        }
        for (View view : views) {
            view.replicas().forEach((primary, list) -> {
                if (masters.contains(primary)) {
                    allReplicas.putIfAbsent(primary, list);
                }
            });
        }
        primaries = List.copyOf(masters);
        replicas = Map.copyOf(allReplicas);
        return covered;
    }

    private static String address(RespValue node) {
        String host = RespShapes.text(RespShapes.field(node, "ip"));
        if (host == null || host.isEmpty()) {
            host = RespShapes.text(RespShapes.field(node, "endpoint"));
        }
        long port = RespShapes.number(RespShapes.field(node, "port"));
        if (port == 0) {
            port = RespShapes.number(RespShapes.field(node, "tls-port"));
        }
        return host + ":" + port;
    }

    private static String slotsNode(RespValue node) {
        List<RespValue> n = RespShapes.elements(node);
        return RespShapes.text(n.get(0)) + ":" + RespShapes.number(n.get(1));
    }

    private static void fill(String[] owners, int from, int to, String primary) {
        for (int slot = Math.max(0, from); slot <= to && slot < owners.length; slot++) {
            owners[slot] = primary;
        }
    }

    @Override
    public String toString() {
        return "ClusterTopology" + primaries + " replicas " + replicas;
    }
}
