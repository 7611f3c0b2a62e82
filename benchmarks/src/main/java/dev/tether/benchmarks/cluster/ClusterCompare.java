package dev.tether.benchmarks.cluster;

import dev.tether.benchmarks.compare.Child;
import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster side-by-side harness: Tether's {@code RedisClusterClient}, Lettuce's
 * {@code RedisClusterClient} and Jedis's {@code JedisCluster}, each against a fresh loopback
 * Redis Cluster (redis-testkit's {@link RedisCluster}: 3 primaries, 1 replica each,
 * {@code cluster-node-timeout} 2000 ms), in one run.
 *
 * <p>For each round and each client it starts a cluster and forks a JVM of its own
 * ({@link ClusterRunner}, same java and class path as this coordinator); rounds are interleaved
 * (round 1: tether, lettuce, jedis; round 2: ...). The child runs W2 across the cluster, then
 * the {@link FailoverLoad}; when it says {@code KILL_NOW} this coordinator SIGKILLs the primary
 * serving the slot of {@code fo:list:0}, watches for the replica's promotion (the new owner in
 * {@code CLUSTER SLOTS}, and the time of its log line), and when the load is over reads what the
 * cluster holds for the child to account against. The cluster is closed after every run, since
 * the failover changed it. To fit the time budget, the next run's cluster starts
 * {@link #PREFETCH_MS} before this run's load ends (6 s after the kill with the defaults, when a
 * client that recovers at all within the window usually has; most of a cluster's start is
 * waiting for gossip, but this tail of the window shares the machine with it).
 *
 * <p>Flags (each with two leading dashes): {@code rounds N} (default 3; without it, rounds stop
 * early if the next one would pass the 172 s budget, and the run says so), {@code quick}
 * (1 round), {@code clients tether,lettuce,jedis}, {@code w2-ms N} (measured W2 time, default
 * 3000, after {@code w2-warmup-ms} 1000), {@code after-kill-ms N} (load after the kill, default
 * 10000). The defaults are cut to fit 3 rounds of 3 clients in under 3 minutes on 2 cores: about
 * 18 s a run. Output: one line per run on stdout, then a Markdown summary ({@link ClusterReport});
 * the same text, the summary, the children's logs and the cluster contents read after each
 * failover go to {@code cluster-out/<UTC time>/} in the working directory
 * ({@code benchmarks/target} under {@code -Pcluster}).
 */
public final class ClusterCompare {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCompare.class);
    /** How long before the end of a run's load the next run's cluster starts. */
    static final long PREFETCH_MS = 4_000;

    /** What one harness run does. */
    record Settings(int rounds, boolean roundsGiven, List<String> clients, long budgetS, long w2WarmupMs,
                    long w2Ms, long preKillMs, long afterKillMs) {

        static Settings parse(String[] args) {
            long[] w2Warmup = {1000};
            long[] w2 = {3000};
            long[] afterKill = {10_000};
            SideBySideRun.Flags flags = SideBySideRun.Flags.parse(args, ClusterDriver.CLIENTS,
                    "ClusterCompare [--quick] [--rounds N] [--clients tether,lettuce,jedis]"
                            + " [--w2-ms N] [--w2-warmup-ms N] [--after-kill-ms N]",
                    Map.of("--w2-ms", v -> w2[0] = Long.parseLong(v),
                            "--w2-warmup-ms", v -> w2Warmup[0] = Long.parseLong(v),
                            "--after-kill-ms", v -> afterKill[0] = Long.parseLong(v)));
            return new Settings(flags.rounds(), flags.roundsGiven(), flags.clients(), 172, w2Warmup[0], w2[0], 1000,
                    afterKill[0]);
        }

        SideBySideRun.Flags flags() {
            return new SideBySideRun.Flags(rounds, roundsGiven, clients);
        }
    }

    private final Settings settings;
    private final SideBySideRun harness;
    /** The next run's cluster, started once the current run's load is over; null when none. */
    private CompletableFuture<RedisCluster> next;
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();

    private ClusterCompare(Settings settings) throws IOException {
        this.settings = settings;
        this.harness = new SideBySideRun("ClusterCompare", "cluster");
    }

    public static void main(String[] args) throws Exception {
        new ClusterCompare(Settings.parse(args)).run(String.join(" ", args));
    }

    private void run(String argLine) throws Exception {
        harness.header(argLine, settings);
        String[] redisVersion = {"?"};
        int roundsDone = harness.rounds(settings.flags(), settings.budgetS(),
                (round, client, last) -> runClient(round, client, redisVersion, !last));
        if (next != null) { // started for a round the budget then cut
            next.join().close();
            next = null;
        }
        closing.forEach(CompletableFuture::join);
        harness.finish(new ClusterReport(harness.facts(roundsDone, argLine), settings, redisVersion[0]).markdown());
    }

    private void runClient(int round, String client, String[] redisVersion, boolean prefetch) throws Exception {
        String name = "r" + round + "-" + client;
        Path log = harness.log(name + ".log");
        String prefix = "cluster=result client=" + client;
        long t0 = System.nanoTime();
        String line;
        long w = System.nanoTime();
        RedisCluster fresh = next != null ? next.join() : RedisCluster.start();
        next = null;
        LOG.info("round {} {}: waited {} ms for its cluster", round, client, (System.nanoTime() - w) / 1_000_000);
        RedisCluster cluster = fresh;
        try {
            ClusterMap before = ClusterMap.read(cluster.nodes().get(0));
            redisVersion[0] = before.version();
            int victimSlot = before.slot(FailoverLoad.listKey(0));
            RedisServer victim = cluster.nodeForSlot(victimSlot);
            line = harness.fork(List.of("-Xms512m", "-Xmx512m"), ClusterRunner.class, List.of(client,
                    String.join(",", cluster.nodes().stream().map(n -> Integer.toString(n.port())).toList()),
                    "warmupMs=" + settings.w2WarmupMs(), "measureMs=" + settings.w2Ms(),
                    "preKillMs=" + settings.preKillMs(), "postKillMs=" + settings.afterKillMs(),
                    "victimSlots=" + before.rangesOf(victim.port())), log,
                    child -> converse(child, cluster, victim, victimSlot, harness.log(name + "-state.txt"), prefetch));
        } finally {
            // Stopping 6 nodes takes a moment: done while the next run's JVM starts.
            closing.add(CompletableFuture.runAsync(cluster::close));
        }
        if (line == null) {
            line = prefix + " error=no-result(see_" + log.getFileName() + ")";
        }
        harness.result(line, round);
        LOG.info("round {} {} took {} s", round, client, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
    }

    /** KILL_NOW / KILLED / LOAD_DONE / VERIFY; the child's result line with the coordinator's fields, or null. */
    private String converse(Child child, RedisCluster cluster, RedisServer victim, int victimSlot, Path stateFile,
                            boolean prefetch) throws Exception {
        long t0 = System.nanoTime();
        String l = child.await(s -> s.equals("KILL_NOW") || s.startsWith("cluster=result"), 90_000);
        if (l == null || !l.equals("KILL_NOW")) {
            return l;
        }
        long killWallMs = System.currentTimeMillis();
        long killNanos = System.nanoTime();
        victim.kill();
        child.send("KILLED " + killNanos);
        Promotion promo = Promotion.await(cluster, victimSlot, victim, killNanos, killWallMs,
                settings.afterKillMs() + 5_000);
        if (prefetch) {
            // The next run's cluster starts PREFETCH_MS before the load ends (most of its start is
            // waiting for gossip), so that the next run does not wait for it; see the class javadoc.
            long at = killNanos + (settings.afterKillMs() - PREFETCH_MS) * 1_000_000L;
            Thread.sleep(Math.max(0, (at - System.nanoTime()) / 1_000_000L));
            next = CompletableFuture.supplyAsync(RedisCluster::start);
        }
        l = child.await(s -> s.equals("LOAD_DONE") || s.startsWith("cluster=result"), settings.afterKillMs() + 30_000);
        if (l == null || !l.equals("LOAD_DONE")) {
            return l;
        }
        long loadDone = System.nanoTime();
        if (promo.promoted() == null) {
            child.send("VERIFY -1 none");
            String r = child.await(s -> s.startsWith("cluster=result"), 10_000);
            return (r == null ? "cluster=result" : r) + " error=no-promotion";
        }
        ClusterMap after = ClusterMap.read(promo.promoted());
        after.writeState(cluster, stateFile);
        child.send("VERIFY " + promo.nanos() + " " + stateFile);
        String r = child.await(s -> s.startsWith("cluster=result"), 30_000);
        LOG.info("start to KILL_NOW {} ms, kill to LOAD_DONE {} ms, LOAD_DONE to result {} ms",
                (killNanos - t0) / 1_000_000, (loadDone - killNanos) / 1_000_000, (System.nanoTime() - loadDone) / 1_000_000);
        return r == null ? null : r + " victim_port=" + victim.port() + " promoted_port=" + promo.promoted().port()
                + " slots_moved_ms=" + ClusterRunner.fmt((promo.seenNanos() - killNanos) / 1e6)
                + " promo_line=" + promo.source();
    }
}
