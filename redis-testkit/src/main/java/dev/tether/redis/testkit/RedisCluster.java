package dev.tether.redis.testkit;

import dev.tether.redis.testkit.RedisClusterBuilder.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A real Redis Cluster on {@code 127.0.0.1}: {@code redis-server} nodes in cluster mode (by
 * default 3 primaries with 1 replica each, {@code cluster-node-timeout} 2000 ms), each a
 * {@link RedisServer} in its own temp dir without persistence, joined with
 * {@code redis-cli --cluster create}. {@link #start()} returns once the cluster is stable:
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     RedisServer owner = cluster.nodeForSlot(cluster.slotOf("foo"));
 *     cluster.execute(owner.port(), "SET", "foo", "bar");
 * }
 * }</pre>
 *
 * <p>Each start prints one line to standard output with the ports, the node timeout and how long
 * the start took. Nodes are stopped by {@link #close()} (and, like every {@code RedisServer}, by
 * the JVM shutdown hook or the next start on the machine if this JVM dies). Thread-safe; this
 * class does not depend on JUnit ({@link RedisClusterExtension} does).
 */
public final class RedisCluster implements AutoCloseable {

    private final Settings settings;
    private final List<RedisServer> nodes;
    private boolean closed;

    private RedisCluster(Settings settings, List<RedisServer> nodes) {
        this.settings = settings;
        this.nodes = nodes.stream().sorted(Comparator.comparingInt(RedisServer::port)).toList();
    }

    /**
     * Starts a cluster with the defaults: 3 primaries with 1 replica each, node timeout 2000 ms.
     *
     * @return the running, stable cluster; close it
     * @throws RedisServerException if it cannot be started (nothing is left running then)
     */
    public static RedisCluster start() {
        return builder().start();
    }

    /**
     * A builder for a cluster; {@link RedisClusterBuilder#start()} starts it.
     *
     * @return a new builder
     */
    public static RedisClusterBuilder builder() {
        return new RedisClusterBuilder();
    }

    static RedisCluster start(Settings settings) {
        long started = System.nanoTime();
        long deadline = started + settings.startTimeout().toNanos();
        List<RedisServer> startedNodes = new ArrayList<>();
        try {
            for (int i = 0; i < settings.nodeCount(); i++) {
                startedNodes.add(ClusterLauncher.startNode(settings, deadline));
            }
            long nodesUp = System.nanoTime();
            RedisCluster cluster = new RedisCluster(settings, startedNodes);
            ClusterLauncher.create(cluster.nodes, settings, deadline);
            long created = System.nanoTime();
            cluster.awaitStable(ClusterLauncher.remaining(deadline, "waiting for the cluster to be stable"));
            long stable = System.nanoTime();
            System.out.println("redis-cluster: " + cluster.nodes.size() + " nodes ports="
                    + cluster.nodes.stream().map(RedisServer::port).toList()
                    + " cluster-node-timeout=" + settings.nodeTimeout().toMillis() + "ms ready in "
                    + millis(started, stable) + " ms (nodes " + millis(started, nodesUp) + " ms, redis-cli create "
                    + millis(nodesUp, created) + " ms, stable " + millis(created, stable) + " ms)");
            return cluster;
        } catch (RuntimeException e) {
            ProcessControl.closeAll(startedNodes.reversed(), e);
            throw e;
        }
    }

    /**
     * Every node, in port order, whatever its current role.
     *
     * @return the nodes
     */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /**
     * The nodes that currently serve slots as primaries, in port order, as a running node's
     * {@code CLUSTER SLOTS} says (roles change after a failover).
     *
     * @return the current primaries
     */
    public List<RedisServer> primaries() {
        return ClusterState.primaryPorts(ClusterState.slots(anyNode())).stream().map(this::node).toList();
    }

    /**
     * The primary currently serving {@code slot}, as a running node's {@code CLUSTER SLOTS} says.
     *
     * @param slot 0 to 16383
     * @return the node that owns the slot
     * @throws IllegalStateException if no node serves the slot
     */
    public RedisServer nodeForSlot(int slot) {
        if (slot < 0 || slot >= ClusterState.SLOTS) {
            throw new IllegalArgumentException("slot must be 0.." + (ClusterState.SLOTS - 1) + ", got " + slot);
        }
        return ClusterState.slots(anyNode()).stream()
                .filter(range -> range.contains(slot))
                .findFirst()
                .map(range -> node(range.primary()))
                .orElseThrow(() -> new IllegalStateException("no node serves slot " + slot));
    }

    /**
     * The hash slot of a key, asked with {@code CLUSTER KEYSLOT} on a running node.
     *
     * @param key the key (hash tags count)
     * @return 0 to 16383
     */
    public int slotOf(String key) {
        Objects.requireNonNull(key, "key");
        return Math.toIntExact((Long) anyNode().execute("CLUSTER", "KEYSLOT", key));
    }

    /**
     * The URI of the first node (lowest port), for clients that discover the rest.
     *
     * @return {@code redis://127.0.0.1:PORT}
     */
    public String seedUri() {
        return nodes.get(0).uri();
    }

    /**
     * The URIs of every node, in port order.
     *
     * @return one {@code redis://127.0.0.1:PORT} per node
     */
    public List<String> seedUris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    /**
     * The {@code cluster-node-timeout} every node runs with.
     *
     * @return the node timeout
     */
    public Duration nodeTimeout() {
        return settings.nodeTimeout();
    }

    /**
     * Sends one command to the node on {@code port}, as {@link RedisServer#execute(String...)}
     * does: a fresh plain connection, no redirect following ({@code -MOVED} throws
     * {@link RedisReplyException} with prefix {@code MOVED}).
     *
     * @param port the node's port, one of {@link #nodes()}
     * @param args the command and its arguments
     * @return the decoded reply
     * @throws IllegalArgumentException if no node of this cluster has that port
     */
    public Object execute(int port, String... args) {
        return node(port).execute(args);
    }

    /**
     * Waits until the cluster is stable: every node answers, says {@code cluster_state:ok} and
     * {@code cluster_slots_ok:16384} and knows every node; every node's {@code CLUSTER SLOTS} is the
     * same map, covering all 16384 slots with the configured number of primaries, each listing its
     * configured number of replicas; every replica reports {@code master_link_status:up}. Call it
     * again after a test moved slots, failed over or restarted a node.
     *
     * @param timeout how long to wait at most
     * @throws RedisServerException on timeout, with what was still wrong and each node's log tail
     */
    public void awaitStable(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> problems = ClusterState.problems(nodes, settings.primaries(), settings.replicasPerPrimary());
            if (problems.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RedisServerException("the cluster " + nodes.stream().map(RedisServer::port).toList()
                        + " was not stable within " + timeout.toMillis() + " ms:\n  "
                        + String.join("\n  ", problems) + ClusterLauncher.logTails(nodes));
            }
            ProcessControl.pause(50);
        }
    }

    /** Stops every node by pid and deletes their temp dirs. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = ProcessControl.closeAll(nodes.reversed(), null);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "RedisCluster[" + nodes.stream().map(RedisServer::port).toList() + ", node timeout "
                + settings.nodeTimeout().toMillis() + " ms]";
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    private RedisServer node(int port) {
        return nodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node of " + this + " has port " + port));
    }

    private RedisServer anyNode() {
        return ClusterLauncher.anyRunning(nodes)
                .orElseThrow(() -> new IllegalStateException("no node of " + this + " is running"));
    }
}
