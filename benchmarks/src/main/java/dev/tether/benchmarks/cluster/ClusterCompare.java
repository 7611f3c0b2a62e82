package dev.tether.benchmarks.cluster;

import dev.tether.benchmarks.compare.Child;
import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
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
            int rounds = Arrays.asList(args).contains("--quick") ? 1 : 3;
            boolean roundsGiven = false;
            List<String> clients = ClusterDriver.CLIENTS;
            long w2Warmup = 1000;
            long w2 = 3000;
            long afterKill = 10_000;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--rounds" -> {
                        rounds = Integer.parseInt(value(args, ++i));
                        roundsGiven = true;
                    }
                    case "--clients" -> clients = Arrays.stream(value(args, ++i).split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList();
                    case "--w2-ms" -> w2 = Long.parseLong(value(args, ++i));
                    case "--w2-warmup-ms" -> w2Warmup = Long.parseLong(value(args, ++i));
                    case "--after-kill-ms" -> afterKill = Long.parseLong(value(args, ++i));
                    case "-h", "--help" -> {
                        System.out.println("ClusterCompare [--quick] [--rounds N] [--clients tether,lettuce,jedis]"
                                + " [--w2-ms N] [--w2-warmup-ms N] [--after-kill-ms N]");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
                }
            }
            if (clients.isEmpty() || !ClusterDriver.CLIENTS.containsAll(clients) || rounds < 1 || rounds > 50) {
                throw new IllegalArgumentException("need 1..50 rounds and clients among " + ClusterDriver.CLIENTS);
            }
            return new Settings(rounds, roundsGiven, clients, 172, w2Warmup, w2, 1000, afterKill);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    private final Settings settings;
    private final Path outDir;
    private final PrintStream results;
    private final List<Map<String, String>> lines = new ArrayList<>();
    private volatile Child current;
    /** The next run's cluster, started once the current run's load is over; null when none. */
    private CompletableFuture<RedisCluster> next;
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();

    private ClusterCompare(Settings settings) throws IOException {
        this.settings = settings;
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        this.outDir = Path.of("cluster-out", stamp).toAbsolutePath();
        Files.createDirectories(outDir.resolve("logs"));
        this.results = new PrintStream(Files.newOutputStream(outDir.resolve("results.txt")), true,
                StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        ClusterCompare harness = new ClusterCompare(Settings.parse(args));
        Child.killOnShutdown(() -> harness.current);
        harness.run(String.join(" ", args));
    }

    private void out(String line) {
        System.out.println(line);
        System.out.flush();
        results.println(line);
    }

    private void run(String argLine) throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        String java = ProcessHandle.current().info().command().orElse("java");
        out("# ClusterCompare" + (argLine.isBlank() ? "" : " " + argLine) + " " + settings);
        out("# java " + java + " (" + System.getProperty("java.runtime.version") + "); " + Compare.versions());
        String loadBefore = Compare.loadAverage();
        out("# load average " + loadBefore + ", output in " + outDir);
        List<String> roundLoads = new ArrayList<>();
        String[] redisVersion = {"?"};
        int roundsDone = 0;
        for (int round = 1; round <= settings.rounds(); round++) {
            if (round > 1 && !settings.roundsGiven()) {
                double elapsedS = (System.nanoTime() - t0) / 1e9;
                double perRoundS = elapsedS / (round - 1);
                if (elapsedS + perRoundS > settings.budgetS()) {
                    out(String.format(Locale.ROOT, "# stopping after %d rounds: another (~%.0f s) would pass"
                            + " the %d s budget (give --rounds N to insist)", round - 1, perRoundS, settings.budgetS()));
                    break;
                }
            }
            String load = Compare.loadAverage();
            for (String client : settings.clients()) {
                boolean last = round == settings.rounds() && client.equals(settings.clients().getLast());
                runClient(round, client, redisVersion, !last);
            }
            roundLoads.add(load + " -> " + Compare.loadAverage());
            roundsDone = round;
        }
        if (next != null) { // started for a round the budget then cut
            next.join().close();
            next = null;
        }
        closing.forEach(CompletableFuture::join);
        String loadAfter = Compare.loadAverage();
        ClusterReport report = new ClusterReport(lines, settings, roundsDone, started, Instant.now(), loadBefore,
                loadAfter, roundLoads, redisVersion[0], java, argLine);
        String md = report.markdown();
        out("");
        md.lines().forEach(this::out);
        Files.writeString(outDir.resolve("summary.md"), md, StandardCharsets.UTF_8);
        out("# elapsed " + ChronoUnit.SECONDS.between(started, Instant.now()) + " s; results in " + outDir);
        results.close();
    }

    private void runClient(int round, String client, String[] redisVersion, boolean prefetch) throws Exception {
        String name = "r" + round + "-" + client;
        Path log = outDir.resolve("logs").resolve(name + ".log");
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
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xms512m", "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), ClusterRunner.class.getName(), client,
                    String.join(",", cluster.nodes().stream().map(n -> Integer.toString(n.port())).toList()),
                    "warmupMs=" + settings.w2WarmupMs(), "measureMs=" + settings.w2Ms(),
                    "preKillMs=" + settings.preKillMs(), "postKillMs=" + settings.afterKillMs(),
                    "victimSlots=" + before.rangesOf(victim.port())));
            try (Child child = new Child(cmd, log)) {
                current = child;
                line = converse(child, cluster, victim, victimSlot, outDir.resolve("logs").resolve(name + "-state.txt"),
                        prefetch);
                if (line == null) {
                    child.kill();
                }
            } finally {
                current = null;
            }
        } finally {
            // Stopping 6 nodes takes a moment: done while the next run's JVM starts.
            closing.add(CompletableFuture.runAsync(cluster::close));
        }
        if (line == null) {
            line = prefix + " error=no-result(see_" + log.getFileName() + ")";
        }
        line += " round=" + round;
        out(line);
        lines.add(Compare.parse(line));
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

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
