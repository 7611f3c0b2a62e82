package dev.tether.redis.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading a cluster's state from its nodes ({@code CLUSTER INFO}, {@code CLUSTER SLOTS},
 * {@code INFO replication}) and deciding whether it is stable: every node says
 * {@code cluster_state:ok} with all 16384 slots ok and knows every node, every node's slot map is
 * the same, covers all slots with the expected number of primaries each with its replicas, and
 * every replica's link to its primary is up.
 */
final class ClusterState {

    static final int SLOTS = 16384;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

    private ClusterState() {}

    /** One range of a node's {@code CLUSTER SLOTS} reply: the slots, the primary port, the replica ports. */
    record SlotRange(int start, int end, int primary, List<Integer> replicas) {
        boolean contains(int slot) {
            return slot >= start && slot <= end;
        }

        @Override
        public String toString() {
            return start + "-" + end + "=" + primary + (replicas.isEmpty() ? "" : "+" + replicas);
        }
    }

    /** {@code CLUSTER SLOTS} of one node, sorted by first slot, replica ports sorted. */
    static List<SlotRange> slots(RedisServer node) {
        Object reply = node.execute(CALL_TIMEOUT, "CLUSTER", "SLOTS");
        List<SlotRange> ranges = new ArrayList<>();
        for (Object entry : (List<?>) reply) {
            List<?> fields = (List<?>) entry;
            List<Integer> replicas = new ArrayList<>();
            for (Object replica : fields.subList(3, fields.size())) {
                replicas.add(portOf(replica));
            }
            replicas.sort(Comparator.naturalOrder());
            ranges.add(new SlotRange(toInt(fields.get(0)), toInt(fields.get(1)), portOf(fields.get(2)),
                    List.copyOf(replicas)));
        }
        ranges.sort(Comparator.comparingInt(SlotRange::start));
        return ranges;
    }

    /** The primary ports of a slot map, in port order. */
    static List<Integer> primaryPorts(List<SlotRange> ranges) {
        Set<Integer> ports = new LinkedHashSet<>();
        ranges.forEach(range -> ports.add(range.primary()));
        return ports.stream().sorted().toList();
    }

    /** {@code field:value} lines of an {@code INFO} or {@code CLUSTER INFO} reply. */
    static Map<String, String> fields(Object reply) {
        Map<String, String> fields = new HashMap<>();
        for (String line : String.valueOf(reply).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /**
     * What keeps the cluster from being stable, one line per problem; empty when it is stable.
     *
     * @param nodes every node, all expected to be up
     * @param primaries how many primaries the slot map must name
     * @param replicasPerPrimary how many replicas each range must list
     */
    static List<String> problems(List<RedisServer> nodes, int primaries, int replicasPerPrimary) {
        List<String> problems = new ArrayList<>();
        List<SlotRange> reference = null;
        int referencePort = -1;
        for (RedisServer node : nodes) {
            int port = node.port();
            try {
                Map<String, String> info = fields(node.execute(CALL_TIMEOUT, "CLUSTER", "INFO"));
                expect(problems, port, info, "cluster_state", "ok");
                expect(problems, port, info, "cluster_slots_ok", Integer.toString(SLOTS));
                expect(problems, port, info, "cluster_known_nodes", Integer.toString(nodes.size()));
                List<SlotRange> ranges = slots(node);
                String coverage = coverageProblem(ranges, primaries, replicasPerPrimary);
                if (coverage != null) {
                    problems.add(port + ": " + coverage + " in " + ranges);
                } else if (reference == null) {
                    reference = ranges;
                    referencePort = port;
                } else if (!reference.equals(ranges)) {
                    problems.add(port + ": slot map " + ranges + " differs from " + referencePort + "'s " + reference);
                }
                Map<String, String> replication = fields(node.execute(CALL_TIMEOUT, "INFO", "replication"));
                if ("slave".equals(replication.get("role"))) {
                    expect(problems, port, replication, "master_link_status", "up");
                }
            } catch (RuntimeException e) {
                problems.add(port + ": " + e);
            }
        }
        return problems;
    }

    private static String coverageProblem(List<SlotRange> ranges, int primaries, int replicasPerPrimary) {
        int next = 0;
        for (SlotRange range : ranges) {
            if (range.start() != next) {
                return "slots " + next + ".." + (range.start() - 1) + " unassigned";
            }
            if (range.replicas().size() != replicasPerPrimary) {
                return "range " + range + " has " + range.replicas().size() + " replicas, want " + replicasPerPrimary;
            }
            next = range.end() + 1;
        }
        if (next != SLOTS) {
            return "slots " + next + ".." + (SLOTS - 1) + " unassigned";
        }
        int seen = primaryPorts(ranges).size();
        return seen == primaries ? null : seen + " primaries, want " + primaries;
    }

    private static void expect(List<String> problems, int port, Map<String, String> fields, String field,
                               String wanted) {
        String actual = fields.get(field);
        if (!wanted.equals(actual)) {
            problems.add(port + ": " + field + ":" + actual + " (want " + wanted + ")");
        }
    }

    private static int portOf(Object nodeEntry) {
        return toInt(((List<?>) nodeEntry).get(1));
    }

    private static int toInt(Object value) {
        return Math.toIntExact((Long) value);
    }
}
