package dev.tether.redis;

import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespMap;
import dev.tether.redis.resp.RespSimpleString;
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
        for (RespValue shard : elements(reply)) {
            RespValue slots = field(shard, "slots");
            String primary = null;
            for (RespValue node : elements(field(shard, "nodes"))) {
                String role = text(field(node, "role"));
                String health = text(field(node, "health"));
                if ("master".equals(role) && !"fail".equals(health)) {
                    String host = text(field(node, "ip"));
                    if (host == null || host.isEmpty()) {
                        host = text(field(node, "endpoint"));
                    }
                    long port = number(field(node, "port"));
                    if (port == 0) {
                        port = number(field(node, "tls-port"));
                    }
                    primary = host + ":" + port;
                }
            }
            List<RespValue> ranges = elements(slots);
            if (primary == null || ranges.isEmpty()) {
                continue;
            }
            masters.add(primary);
            for (int i = 0; i + 1 < ranges.size(); i += 2) {
                fill(next, (int) number(ranges.get(i)), (int) number(ranges.get(i + 1)), primary);
            }
        }
        return install(next, masters);
    }

    /** Replaces the map with a {@code CLUSTER SLOTS} reply; returns how many slots it covers. */
    int applySlots(RespValue reply) {
        String[] next = new String[ClusterSlots.COUNT];
        Set<String> masters = new LinkedHashSet<>();
        for (RespValue range : elements(reply)) {
            List<RespValue> r = elements(range);
            if (r.size() < 3) {
                continue;
            }
            List<RespValue> node = elements(r.get(2));
            String primary = text(node.get(0)) + ":" + number(node.get(1));
            masters.add(primary);
            fill(next, (int) number(r.get(0)), (int) number(r.get(1)), primary);
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

    // ---------------------------------------------------------------- RESP2/RESP3 shapes

    static List<RespValue> elements(RespValue v) {
        return v != null && Replies.unwrap(v) instanceof RespArray a ? a.elements() : List.of();
    }

    /** A field of a RESP3 map or of RESP2's flat name/value array. */
    static RespValue field(RespValue v, String name) {
        RespValue u = v == null ? null : Replies.unwrap(v);
        if (u instanceof RespMap m) {
            return m.get(name);
        }
        List<RespValue> flat = elements(u);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(text(flat.get(i)))) {
                return flat.get(i + 1);
            }
        }
        return null;
    }

    static String text(RespValue v) {
        return switch (v == null ? null : Replies.unwrap(v)) {
            case RespBulkString b -> b.asString();
            case RespSimpleString s -> s.value();
            case null, default -> null;
        };
    }

    static long number(RespValue v) {
        RespValue u = v == null ? null : Replies.unwrap(v);
        if (u instanceof RespInteger i) {
            return i.value();
        }
        String t = text(u);
        return t == null ? 0 : Long.parseLong(t);
    }

    @Override
    public String toString() {
        List<String> list = new ArrayList<>(primaries);
        return "ClusterTopology" + list;
    }
}
