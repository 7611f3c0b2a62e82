package dev.tether.redis.testkit;

import dev.tether.redis.testkit.RedisSentinelBuilder.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Sentinel setup on {@code 127.0.0.1}: a primary, 2 replicas and 3 Sentinels
 * (quorum 2) monitoring it under one service name, each process a {@link RedisServer} in its own
 * temp dir. {@link #start()} returns once every Sentinel knows the primary, both replicas and the
 * other Sentinels:
 *
 * <pre>{@code
 * try (RedisSentinel sentinel = RedisSentinel.start()) {
 *     RedisServer old = sentinel.killPrimary();
 *     RedisServer now = sentinel.awaitPrimaryChange(old.port(), Duration.ofSeconds(10));
 *     sentinel.restart(old); // comes back as a replica of now
 * }
 * }</pre>
 *
 * <p>The Sentinels run with short timeouts ({@code down-after-milliseconds} 1000,
 * {@code failover-timeout} 3000 by default) and with their internal periods shortened through
 * {@code SENTINEL DEBUG} (replica {@code INFO} every 1 s, hello messages every 500 ms, PINGs every
 * 250 ms, a 5 s TILT period, instead of 10 s, 2 s, 1 s and 30 s); each start prints one line
 * to standard output with the ports, these settings and how long the start took. Every address
 * handed out is {@code 127.0.0.1}. Processes are stopped by {@link #close()} (and, like every
 * {@code RedisServer}, by the JVM shutdown hook or the next start on the machine if this JVM
 * dies). Thread-safe; this class does not depend on JUnit ({@link RedisSentinelExtension} does).
 *
 * <p>With {@link RedisSentinelBuilder#tls} every process serves TLS only, replicas and Sentinels
 * connect over TLS, and the kit's own calls ({@link RedisServer#execute(String...)} on the nodes
 * and Sentinels) speak TLS.
 */
public final class RedisSentinel implements AutoCloseable {

    private final Settings settings;
    private final List<RedisServer> nodes;
    private final List<RedisServer> sentinels;
    private boolean closed;

    private RedisSentinel(Settings settings, List<RedisServer> nodes, List<RedisServer> sentinels) {
        this.settings = settings;
        this.nodes = nodes.stream().sorted(Comparator.comparingInt(RedisServer::port)).toList();
        this.sentinels = sentinels.stream().sorted(Comparator.comparingInt(RedisServer::port)).toList();
    }

    /**
     * Starts a setup with the defaults: service {@code mymaster}, down-after 1000 ms, failover
     * timeout 3000 ms.
     *
     * @return the running, stable setup; close it
     * @throws RedisServerException if it cannot be started (nothing is left running then)
     */
    public static RedisSentinel start() {
        return builder().start();
    }

    /**
     * A builder for a setup; {@link RedisSentinelBuilder#start()} starts it.
     *
     * @return a new builder
     */
    public static RedisSentinelBuilder builder() {
        return new RedisSentinelBuilder();
    }

    static RedisSentinel start(Settings settings) {
        long started = System.nanoTime();
        long deadline = started + settings.startTimeout().toNanos();
        List<RedisServer> nodes = new ArrayList<>();
        List<RedisServer> sentinels = new ArrayList<>();
        try {
            RedisServer primary = SentinelLauncher.startNode(settings, Optional.empty(), deadline);
            nodes.add(primary);
            for (int i = 0; i < Settings.REPLICAS; i++) {
                nodes.add(SentinelLauncher.startNode(settings, Optional.of(primary.port()), deadline));
            }
            SentinelLauncher.awaitLinksUp(nodes.subList(1, nodes.size()), deadline);
            long nodesUp = System.nanoTime();
            for (int i = 0; i < Settings.SENTINELS; i++) {
                sentinels.add(SentinelLauncher.startSentinel(settings, primary.port(), deadline));
            }
            long sentinelsUp = System.nanoTime();
            RedisSentinel setup = new RedisSentinel(settings, nodes, sentinels);
            setup.awaitStable(SentinelLauncher.remaining(deadline, "waiting for the sentinels to know the setup"));
            long stable = System.nanoTime();
            System.out.println("redis-sentinel: service " + settings.serviceName() + (settings.tls() != null
                    ? " (TLS only)" : "") + " primary=" + primary.port()
                    + " replicas=" + nodes.subList(1, nodes.size()).stream().map(RedisServer::port).toList()
                    + " sentinels=" + setup.sentinelPorts() + " quorum=" + Settings.QUORUM
                    + " down-after-milliseconds=" + settings.downAfter().toMillis()
                    + " failover-timeout=" + settings.failoverTimeout().toMillis()
                    + " SENTINEL DEBUG " + String.join(" ", SentinelLauncher.DEBUG_PERIODS).toLowerCase(Locale.ROOT)
                    + "; ready in " + millis(started, stable) + " ms (data nodes " + millis(started, nodesUp)
                    + " ms, sentinels " + millis(nodesUp, sentinelsUp) + " ms, stable " + millis(sentinelsUp, stable)
                    + " ms)");
            return setup;
        } catch (RuntimeException e) {
            ProcessControl.closeAll(Stream.concat(sentinels.stream(), nodes.stream()).toList(), e);
            throw e;
        }
    }

    /**
     * The name the Sentinels monitor the primary under.
     *
     * @return the service name, {@code mymaster} by default
     */
    public String serviceName() {
        return settings.serviceName();
    }

    /**
     * The Sentinels' {@code down-after-milliseconds}.
     *
     * @return how long the primary may be silent before a Sentinel considers it down
     */
    public Duration downAfter() {
        return settings.downAfter();
    }

    /**
     * The Sentinels' {@code failover-timeout}.
     *
     * @return the failover timeout
     */
    public Duration failoverTimeout() {
        return settings.failoverTimeout();
    }

    /**
     * The data nodes (the primary and its replicas, whatever their current roles), in port order.
     *
     * @return the 3 data nodes
     */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /**
     * The current primary, as the first answering (running, not paused) Sentinel names it.
     *
     * @return the data node the Sentinels give out as primary
     * @throws IllegalStateException if no Sentinel answers
     */
    public RedisServer primary() {
        Map<Integer, Object> reports = SentinelState.primaryReports(sentinels, serviceName());
        return reports.values().stream().filter(Integer.class::isInstance).map(Integer.class::cast).findFirst()
                .map(this::node)
                .orElseThrow(() -> new IllegalStateException("no sentinel names a primary: " + reports));
    }

    /**
     * The data nodes other than {@link #primary()}, in port order (a killed primary is among them
     * once the Sentinels have replaced it).
     *
     * @return the current replicas
     */
    public List<RedisServer> replicas() {
        RedisServer primary = primary();
        return nodes.stream().filter(node -> node != primary).toList();
    }

    /**
     * The Sentinel processes, in port order; {@link RedisServer#port()} and
     * {@link RedisServer#pid()} identify them, {@link RedisServer#execute(String...)} talks to
     * them.
     *
     * @return the 3 Sentinels
     */
    public List<RedisServer> sentinels() {
        return sentinels;
    }

    /**
     * The Sentinels' ports, in order.
     *
     * @return the 3 Sentinel ports
     */
    public List<Integer> sentinelPorts() {
        return sentinels.stream().map(RedisServer::port).toList();
    }

    /**
     * Whether every process serves TLS only ({@link RedisSentinelBuilder#tls}).
     *
     * @return whether the data nodes and the Sentinels speak TLS
     */
    public boolean isTls() {
        return settings.tls() != null;
    }

    /**
     * The URI for Sentinel-aware clients.
     *
     * @return {@code redis-sentinel://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/SERVICE}, or
     *     {@code rediss-sentinel://...} with {@link #isTls()}
     */
    public String sentinelUri() {
        return (isTls() ? "rediss-sentinel://" : "redis-sentinel://") + sentinels.stream().map(sentinel -> ServerProcess.HOST + ":" + sentinel.port())
                .collect(Collectors.joining(",")) + "/" + serviceName();
    }

    /**
     * Sends {@code SENTINEL FAILOVER service} to the first answering Sentinel: a failover without
     * asking the others, to a replica of the Sentinel's choice. Wait for it with
     * {@link #awaitPrimaryChange(int, Duration)}.
     *
     * @return the primary before the failover
     * @throws RedisReplyException if the Sentinel refuses (e.g. {@code INPROG}, {@code NOGOODSLAVE})
     */
    public RedisServer failover() {
        RedisServer sentinel = SentinelState.answering(sentinels).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no sentinel of " + this + " answers"));
        RedisServer previous = node(SentinelState.primaryPort(sentinel, serviceName()));
        sentinel.execute("SENTINEL", "FAILOVER", serviceName());
        return previous;
    }

    /**
     * Waits until every answering Sentinel names the same primary, other than
     * {@code previousPort}, and that node answers {@code ROLE} as master.
     *
     * @param previousPort the port of the primary before the fault
     * @param timeout how long to wait at most
     * @return the new primary
     * @throws RedisServerException on timeout, with each Sentinel's answer and log tail
     */
    public RedisServer awaitPrimaryChange(int previousPort, Duration timeout) {
        long deadline = System.nanoTime() + Objects.requireNonNull(timeout, "timeout").toNanos();
        while (true) {
            Map<Integer, Object> reports = SentinelState.primaryReports(sentinels, serviceName());
            Optional<RedisServer> primary = SentinelState.agreed(reports).filter(port -> port != previousPort)
                    .map(this::node).filter(SentinelState::answersAsPrimary);
            if (primary.isPresent()) {
                return primary.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RedisServerException("the sentinels did not agree on a primary other than " + previousPort
                        + " answering ROLE as master within " + timeout.toMillis() + " ms; sentinel port=primary: "
                        + reports + ClusterLauncher.logTails(sentinels));
            }
            ProcessControl.pause(20);
        }
    }

    /**
     * SIGKILLs the current primary (see {@link RedisServer#kill()}), like a crash.
     *
     * @return the node that was killed; {@link #restart(RedisServer)} brings it back
     */
    public RedisServer killPrimary() {
        RedisServer primary = primary();
        primary.kill();
        return primary;
    }

    /**
     * Starts a killed or stopped node or Sentinel again on the same port and dir (stopping it first
     * if it runs). A data node comes back with its original arguments, so a former primary starts
     * empty as a primary and stays one until the Sentinels turn it into a replica of the current
     * primary (within a few seconds; {@link #awaitStable(Duration)} waits for it). A Sentinel keeps
     * the configuration it saved.
     *
     * @param node one of {@link #nodes()} or {@link #sentinels()}
     */
    public void restart(RedisServer node) {
        requireOwn(node).restart();
        if (sentinels.contains(node)) {
            SentinelLauncher.tune(node);
        }
    }

    /**
     * Freezes a node or Sentinel with SIGSTOP (see {@link RedisServer#pause()}).
     *
     * @param node one of {@link #nodes()} or {@link #sentinels()}
     */
    public void pause(RedisServer node) {
        requireOwn(node).pause();
    }

    /**
     * Unfreezes a paused node or Sentinel with SIGCONT; does nothing if it is not paused.
     *
     * @param node one of {@link #nodes()} or {@link #sentinels()}
     */
    public void resume(RedisServer node) {
        requireOwn(node).resume();
    }

    /**
     * Waits until the setup is stable: every Sentinel runs and names the same primary, which
     * answers {@code ROLE} as master; the other 2 nodes replicate from it with
     * {@code master_link_status:up}; every Sentinel lists them as replicas of that primary, linked
     * and not down, and lists the 2 other Sentinels, not down. Call it after a test's faults.
     *
     * @param timeout how long to wait at most
     * @throws RedisServerException on timeout, naming what was still missing, with log tails
     */
    public void awaitStable(Duration timeout) {
        long deadline = System.nanoTime() + Objects.requireNonNull(timeout, "timeout").toNanos();
        while (true) {
            List<String> problems = SentinelState.problems(nodes, sentinels, serviceName());
            if (problems.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RedisServerException(this + " was not stable within " + timeout.toMillis() + " ms:\n  "
                        + String.join("\n  ", problems) + ClusterLauncher.logTails(nodes)
                        + ClusterLauncher.logTails(sentinels));
            }
            ProcessControl.pause(50);
        }
    }

    /**
     * Every {@code +switch-master} the Sentinels logged for the service, oldest first: to measure
     * how long after the switch a client found the new primary.
     *
     * @return one entry per Sentinel and switch
     */
    public List<PrimarySwitch> primarySwitches() {
        return SentinelState.switches(sentinels, serviceName());
    }

    /**
     * The first Sentinel's {@code +switch-master} of the latest switch to {@code port}: the
     * earliest switch to that port after the last switch away from it.
     *
     * @param port the new primary's port
     * @return the switch, if a Sentinel logged one
     */
    public Optional<PrimarySwitch> switchTo(int port) {
        PrimarySwitch first = null;
        for (PrimarySwitch change : primarySwitches()) {
            if (change.fromPort() == port) {
                first = null;
            } else if (change.toPort() == port && first == null) {
                first = change;
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * The latest {@code +promoted-slave} of {@code port}: when the Sentinel leading a failover saw
     * the replica it chose report itself a primary. That Sentinel logs {@code +switch-master} only
     * after reconfiguring the other replicas, up to an {@code INFO} period later.
     *
     * @param port the new primary's port
     * @return the promotion (fromPort is the old primary's), if a Sentinel logged one
     */
    public Optional<PrimarySwitch> promotionTo(int port) {
        PrimarySwitch last = null;
        for (PrimarySwitch promotion : SentinelState.promotions(sentinels, serviceName())) {
            if (promotion.toPort() == port) {
                last = promotion;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Stops every process by pid, the Sentinels first (paused ones are resumed first, see
     * {@link RedisServer#stop()}), and deletes their temp dirs. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = ProcessControl.closeAll(Stream.concat(sentinels.stream(), nodes.stream())
                .toList(), null);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "RedisSentinel[" + serviceName() + ", nodes " + nodes.stream().map(RedisServer::port).toList()
                + ", sentinels " + sentinelPorts() + "]";
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    private RedisServer node(int port) {
        return nodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of " + this + " has port " + port));
    }

    private RedisServer requireOwn(RedisServer server) {
        if (!nodes.contains(Objects.requireNonNull(server, "node")) && !sentinels.contains(server)) {
            throw new IllegalArgumentException(server + " is not part of " + this);
        }
        return server;
    }
}
