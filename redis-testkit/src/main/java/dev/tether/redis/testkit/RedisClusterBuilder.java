package dev.tether.redis.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Configures and starts a {@link RedisCluster}; get one from {@link RedisCluster#builder()}.
 *
 * <p>Strict like {@link RedisServerBuilder}: every single-valued option may be set once and values
 * are checked at once. Defaults: 3 primaries, 1 replica per primary, a 2000 ms
 * {@code cluster-node-timeout}, 30 s for the whole start (nodes, {@code redis-cli --cluster create}
 * and the wait until the cluster is stable).
 */
public final class RedisClusterBuilder {

    private static final Set<String> RESERVED = Set.of(
            "cluster-enabled", "cluster-config-file", "cluster-node-timeout");

    private final List<String> args = new ArrayList<>();
    private Integer primaries;
    private Integer replicasPerPrimary;
    private Duration nodeTimeout;
    private Duration startTimeout;
    private String cliBinary;

    RedisClusterBuilder() {}

    /**
     * How many primaries share the 16384 slots.
     *
     * @param primaries at least 3 ({@code redis-cli --cluster create} needs 3); default 3
     * @return this builder
     */
    public RedisClusterBuilder primaries(int primaries) {
        if (primaries < 3) {
            throw new IllegalArgumentException("a cluster needs at least 3 primaries, got " + primaries);
        }
        this.primaries = once(this.primaries, primaries, "primaries");
        return this;
    }

    /**
     * How many replicas each primary gets.
     *
     * @param replicas 0 or more; default 1
     * @return this builder
     */
    public RedisClusterBuilder replicasPerPrimary(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicasPerPrimary must not be negative, got " + replicas);
        }
        this.replicasPerPrimary = once(this.replicasPerPrimary, replicas, "replicasPerPrimary");
        return this;
    }

    /**
     * The {@code cluster-node-timeout}: how long a node may be unreachable before it counts as
     * failing and a replica takes over.
     *
     * @param timeout positive, whole milliseconds; default 2000 ms
     * @return this builder
     */
    public RedisClusterBuilder nodeTimeout(Duration timeout) {
        positive(timeout, "nodeTimeout");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("nodeTimeout must be at least 1 ms, got " + timeout);
        }
        this.nodeTimeout = once(this.nodeTimeout, timeout, "nodeTimeout");
        return this;
    }

    /**
     * Appends extra {@code redis-server} arguments for every node, checked as by
     * {@link RedisServerBuilder#arg(String...)}; the cluster options the kit sets
     * ({@code --cluster-enabled}, {@code --cluster-config-file}, {@code --cluster-node-timeout})
     * are rejected.
     *
     * @param args an option and its values, possibly several options
     * @return this builder
     */
    public RedisClusterBuilder arg(String... args) {
        RedisServer.builder().arg(args);
        for (String arg : args) {
            if (arg.startsWith("--") && RESERVED.contains(arg.substring(2).toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(arg + " is managed by the cluster kit");
            }
        }
        this.args.addAll(List.of(args));
        return this;
    }

    /**
     * How long {@link #start()} may take in all: starting the nodes, creating the cluster and
     * waiting until it is stable.
     *
     * @param timeout positive; default 30 s
     * @return this builder
     */
    public RedisClusterBuilder startTimeout(Duration timeout) {
        this.startTimeout = once(this.startTimeout, positive(timeout, "startTimeout"), "startTimeout");
        return this;
    }

    /** The {@code redis-cli} to run instead of the one next to {@code redis-server} or on PATH (tests). */
    RedisClusterBuilder cliBinary(String binary) {
        this.cliBinary = once(this.cliBinary, Objects.requireNonNull(binary, "binary"), "cliBinary");
        return this;
    }

    /**
     * Starts the nodes, creates the cluster and blocks until it is stable (see
     * {@link RedisCluster#awaitStable(Duration)}). If any step fails, every node started so far is
     * stopped before the exception is thrown.
     *
     * @return the running cluster; close it
     * @throws RedisServerException if a node, {@code redis-cli} or the wait fails
     */
    public RedisCluster start() {
        return RedisCluster.start(new Settings(
                primaries == null ? 3 : primaries,
                replicasPerPrimary == null ? 1 : replicasPerPrimary,
                nodeTimeout == null ? Duration.ofMillis(2000) : nodeTimeout,
                List.copyOf(args),
                startTimeout == null ? Duration.ofSeconds(30) : startTimeout,
                cliBinary));
    }

    private static <T> T once(T current, T value, String option) {
        if (current != null) {
            throw new IllegalStateException(option + " is already set");
        }
        return value;
    }

    private static Duration positive(Duration timeout, String name) {
        if (Objects.requireNonNull(timeout, name).isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + timeout);
        }
        return timeout;
    }

    /** The frozen options; {@code cliBinary} may be null (find it). */
    record Settings(int primaries, int replicasPerPrimary, Duration nodeTimeout, List<String> args,
                    Duration startTimeout, String cliBinary) {
        int nodeCount() {
            return primaries * (1 + replicasPerPrimary);
        }
    }
}
