package dev.tether.redis.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reading a Sentinel setup's state from its processes ({@code SENTINEL GET-MASTER-ADDR-BY-NAME},
 * {@code SENTINEL REPLICAS}, {@code SENTINEL SENTINELS}, {@code ROLE}, {@code INFO replication},
 * the Sentinels' logs) and deciding whether it is stable.
 */
final class SentinelState {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    private static final String SWITCH = "+switch-master ";
    private static final String PROMOTED = "+promoted-slave ";

    private SentinelState() {}

    /** The Sentinels that can answer: running and not paused. */
    static List<RedisServer> answering(List<RedisServer> sentinels) {
        return sentinels.stream().filter(sentinel -> sentinel.isRunning() && !sentinel.isPaused()).toList();
    }

    /** The primary port one Sentinel reports for the service; throws if its address is not 127.0.0.1. */
    static int primaryPort(RedisServer sentinel, String service) {
        List<?> address = (List<?>) sentinel.execute(CALL_TIMEOUT, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", service);
        if (address == null || address.size() != 2 || !ServerProcess.HOST.equals(address.get(0))) {
            throw new IllegalStateException("sentinel " + sentinel.port() + " reports primary " + address);
        }
        return Integer.parseInt((String) address.get(1));
    }

    /**
     * What each answering Sentinel reports as the primary: its port, or the error as text; in
     * Sentinel port order.
     */
    static Map<Integer, Object> primaryReports(List<RedisServer> sentinels, String service) {
        Map<Integer, Object> reports = new TreeMap<>();
        for (RedisServer sentinel : answering(sentinels)) {
            try {
                reports.put(sentinel.port(), primaryPort(sentinel, service));
            } catch (RuntimeException e) {
                reports.put(sentinel.port(), e.toString());
            }
        }
        return reports;
    }

    /** The port every report names, if there are reports and they all name the same port. */
    static Optional<Integer> agreed(Map<Integer, Object> reports) {
        Set<Object> distinct = Set.copyOf(reports.values());
        return distinct.size() == 1 && distinct.iterator().next() instanceof Integer port
                ? Optional.of(port) : Optional.empty();
    }

    /** Whether a node answers {@code ROLE} with {@code master}. */
    static boolean answersAsPrimary(RedisServer node) {
        try {
            return node.isRunning() && !node.isPaused()
                    && "master".equals(((List<?>) node.execute(CALL_TIMEOUT, "ROLE")).get(0));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * What keeps the setup from being stable, one line per problem; empty when every Sentinel runs
     * and names the same primary, that node answers as primary, every other node replicates from
     * it with its link up, and every Sentinel lists those replicas (linked to that primary) and
     * every other Sentinel, none of them down.
     */
    static List<String> problems(List<RedisServer> nodes, List<RedisServer> sentinels, String service) {
        List<String> problems = new ArrayList<>();
        sentinels.stream().filter(sentinel -> !sentinel.isRunning() || sentinel.isPaused()).forEach(sentinel ->
                problems.add("sentinel " + sentinel.port() + ": " + (sentinel.isPaused() ? "paused" : "not running")));
        Map<Integer, Object> reports = primaryReports(sentinels, service);
        Optional<Integer> primary = agreed(reports);
        if (primary.isEmpty()) {
            problems.add("the sentinels do not agree on the primary: " + reports);
            return problems;
        }
        int primaryPort = primary.get();
        Set<Integer> replicaPorts = new TreeSet<>();
        for (RedisServer node : nodes) {
            if (node.port() == primaryPort) {
                if (!answersAsPrimary(node)) {
                    problems.add("node " + primaryPort + ": named primary by the sentinels but ROLE is not master");
                }
            } else {
                replicaPorts.add(node.port());
                replicaProblem(node, primaryPort).ifPresent(problems::add);
            }
        }
        if (replicaPorts.size() != nodes.size() - 1) {
            problems.add("the sentinels' primary " + primaryPort + " is none of the nodes " + replicaPorts);
        }
        for (RedisServer sentinel : answering(sentinels)) {
            try {
                checkSentinel(sentinel, service, primaryPort, replicaPorts, sentinels.size() - 1, problems);
            } catch (RuntimeException e) {
                problems.add("sentinel " + sentinel.port() + ": " + e);
            }
        }
        return problems;
    }

    private static Optional<String> replicaProblem(RedisServer node, int primaryPort) {
        if (!node.isRunning() || node.isPaused()) {
            return Optional.of("node " + node.port() + ": " + (node.isPaused() ? "paused" : "not running"));
        }
        try {
            Map<String, String> info = ClusterState.fields(node.execute(CALL_TIMEOUT, "INFO", "replication"));
            if (!"slave".equals(info.get("role")) || !Integer.toString(primaryPort).equals(info.get("master_port"))
                    || !"up".equals(info.get("master_link_status"))) {
                return Optional.of("node " + node.port() + ": role:" + info.get("role") + " master_port:"
                        + info.get("master_port") + " master_link_status:" + info.get("master_link_status")
                        + " (want a replica of " + primaryPort + " with its link up)");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("node " + node.port() + ": " + e);
        }
    }

    private static void checkSentinel(RedisServer sentinel, String service, int primaryPort, Set<Integer> replicaPorts,
                                      int otherSentinels, List<String> problems) {
        Set<Integer> linked = new TreeSet<>();
        List<String> seen = new ArrayList<>();
        for (Map<String, String> replica : entries(sentinel, "REPLICAS", service)) {
            seen.add(replica.get("port") + "[" + replica.get("flags") + ", master " + replica.get("master-port")
                    + " " + replica.get("master-link-status") + "]");
            if (isUp(replica) && Integer.toString(primaryPort).equals(replica.get("master-port"))
                    && "ok".equals(replica.get("master-link-status"))) {
                linked.add(Integer.parseInt(replica.get("port")));
            }
        }
        if (!linked.equals(replicaPorts)) {
            problems.add("sentinel " + sentinel.port() + ": knows replicas " + seen + " (want " + replicaPorts
                    + " up and linked to " + primaryPort + ")");
        }
        List<Map<String, String>> peers = entries(sentinel, "SENTINELS", service);
        long up = peers.stream().filter(SentinelState::isUp).count();
        if (up != otherSentinels) {
            problems.add("sentinel " + sentinel.port() + ": knows " + up + " other sentinels up (want "
                    + otherSentinels + "): " + peers.stream().map(peer -> peer.get("port") + "[" + peer.get("flags")
                    + "]").toList());
        }
    }

    /** {@code SENTINEL REPLICAS|SENTINELS service}: one field map per instance. */
    static List<Map<String, String>> entries(RedisServer sentinel, String subcommand, String service) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Object entry : (List<?>) sentinel.execute(CALL_TIMEOUT, "SENTINEL", subcommand, service)) {
            List<?> flat = (List<?>) entry;
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
            }
            entries.add(fields);
        }
        return entries;
    }

    private static boolean isUp(Map<String, String> instance) {
        String flags = instance.getOrDefault("flags", "");
        return !flags.contains("s_down") && !flags.contains("o_down") && !flags.contains("disconnected");
    }

    /**
     * Every {@code +switch-master} line of these Sentinels' logs, oldest first. A line looks like
     * {@code 41:X 05 Dec 2026 13:06:49.569 # +switch-master mymaster 127.0.0.1 7001 127.0.0.1 7002}.
     */
    static List<PrimarySwitch> switches(List<RedisServer> sentinels, String service) {
        return events(sentinels, SWITCH, words -> words.length == 5 && words[0].equals(service)
                ? new int[] {Integer.parseInt(words[2]), Integer.parseInt(words[4])} : null);
    }

    /**
     * Every {@code +promoted-slave} line of these Sentinels' logs (only a failover's leader logs
     * one), oldest first. A line looks like {@code ... # +promoted-slave slave 127.0.0.1:7002
     * 127.0.0.1 7002 @ mymaster 127.0.0.1 7001}.
     */
    static List<PrimarySwitch> promotions(List<RedisServer> sentinels, String service) {
        return events(sentinels, PROMOTED, words -> words.length == 8 && words[0].equals("slave")
                && words[5].equals(service) ? new int[] {Integer.parseInt(words[7]), Integer.parseInt(words[3])} : null);
    }

    /** The log lines with {@code event}, where {@code ports} reads {from, to} from the words after it (null: not ours). */
    private static List<PrimarySwitch> events(List<RedisServer> sentinels, String event,
                                              Function<String[], int[]> ports) {
        List<PrimarySwitch> found = new ArrayList<>();
        for (RedisServer sentinel : sentinels) {
            for (String line : RedisLog.lines(sentinel.logFile())) {
                int at = line.indexOf(event);
                Optional<Instant> time = at < 0 ? Optional.empty() : RedisLog.timestamp(line, ZoneId.systemDefault());
                int[] fromTo = time.isEmpty() ? null : ports.apply(line.substring(at + event.length()).trim().split(" "));
                if (fromTo != null) {
                    found.add(new PrimarySwitch(time.get(), sentinel.port(), fromTo[0], fromTo[1]));
                }
            }
        }
        found.sort(Comparator.comparing(PrimarySwitch::time).thenComparingInt(PrimarySwitch::sentinelPort));
        return found;
    }
}
