package dev.tether.benchmarks.sentinel;

import dev.tether.benchmarks.compare.Child;
import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.redis.testkit.PrimarySwitch;
import dev.tether.redis.testkit.RedisSentinel;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sentinel side-by-side harness: Tether's {@code RedisClient} over a
 * {@code redis-sentinel://} URI, Lettuce's {@code RedisClient} with a Sentinel {@code RedisURI}
 * and Jedis's {@code RedisSentinelClient} (see {@link SentinelDriver}), each against a fresh
 * loopback Sentinel setup (redis-testkit's {@link RedisSentinel}: a primary, 2 replicas, 3
 * sentinels, quorum 2, down-after 1000 ms, failover-timeout 3000 ms), in one run.
 *
 * <p>For each round and each client it starts a setup and forks a JVM of its own
 * ({@link SentinelRunner}, same java and class path as this coordinator) through the shared
 * {@link SideBySideRun}; rounds are interleaved (round 1: tether, lettuce, jedis; round 2: ...).
 * The child runs the {@link FailoverLoad} (16 threads, each INCR of a counter of its own and
 * RPUSH of unique ids to a list of its own) and a probe; this coordinator then runs two faults,
 * one after the other on the same setup: {@code SENTINEL FAILOVER} ({@link RedisSentinel#failover()}),
 * then, once the setup is stable again, a SIGKILL of the primary ({@link RedisSentinel#killPrimary()}).
 * For each it waits for the sentinels to agree on the new primary, reads the leader's
 * {@code +promoted-slave} and the first sentinel's {@code +switch-master} times from their logs
 * ({@link RedisSentinel#promotionTo(int)}, {@link RedisSentinel#switchTo(int)}) and hands them to
 * the child, which measures the lag to its client's first write on the new primary. When the load
 * is over it reads the counters and lists back from the primary, for the child to count
 * duplicates and replication loss. The setup is closed after every run; the next run's setup
 * starts while this one's load is being stopped and verified.
 *
 * <p>Flags (each with two leading dashes): {@code rounds N} (default 3; without it, rounds stop
 * early if the next one would pass the 172 s budget, and the run says so), {@code quick}
 * (1 round), {@code clients tether,lettuce,jedis}, {@code pre-fault-ms N} (load before the first
 * fault, default 1000), {@code settle-ms N} (load after the client reached the new primary,
 * default 1000), {@code recover-ms N} (how long a client may take to reach it, default 10000).
 * Output: one line per run on stdout, then a Markdown summary ({@link SentinelReport}); the same
 * text, the summary, the children's logs and the data read back go to
 * {@code sentinel-out/<UTC time>/} in the working directory ({@code benchmarks/target} under
 * {@code -Psentinel}).
 */
public final class SentinelCompare {

    private static final Logger LOG = LoggerFactory.getLogger(SentinelCompare.class);
    /** The faults, in order: their names in the result lines. */
    static final List<String> FAULTS = List.of("failover", "kill");
    /** How long the sentinels may take to agree on a new primary, and the setup to be stable again. */
    static final Duration FAULT_TIMEOUT = Duration.ofSeconds(20);
    /** The load's threads; each has a counter and a list of its own. */
    static final int THREADS = 16;

    /** What one harness run does. */
    record Settings(int rounds, boolean roundsGiven, List<String> clients, long budgetS, long preFaultMs,
                    long settleMs, long recoverMs) {

        static Settings parse(String[] args) {
            long[] preFault = {1000};
            long[] settle = {1000};
            long[] recover = {10_000};
            SideBySideRun.Flags flags = SideBySideRun.Flags.parse(args, SentinelDriver.CLIENTS,
                    "SentinelCompare [--quick] [--rounds N] [--clients tether,lettuce,jedis]"
                            + " [--pre-fault-ms N] [--settle-ms N] [--recover-ms N]",
                    Map.of("--pre-fault-ms", v -> preFault[0] = Long.parseLong(v),
                            "--settle-ms", v -> settle[0] = Long.parseLong(v),
                            "--recover-ms", v -> recover[0] = Long.parseLong(v)));
            return new Settings(flags.rounds(), flags.roundsGiven(), flags.clients(), 172, preFault[0], settle[0],
                    recover[0]);
        }

        SideBySideRun.Flags flags() {
            return new SideBySideRun.Flags(rounds, roundsGiven, clients);
        }
    }

    private final Settings settings;
    private final SideBySideRun harness;
    /** The next run's setup, started while this run's load is stopped and verified; null when none. */
    private CompletableFuture<RedisSentinel> next;
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();
    private String redisVersion = "?";
    private String sentinelSettings = "?";

    private SentinelCompare(Settings settings) throws IOException {
        this.settings = settings;
        this.harness = new SideBySideRun("SentinelCompare", "sentinel");
    }

    public static void main(String[] args) throws Exception {
        new SentinelCompare(Settings.parse(args)).run(String.join(" ", args));
    }

    private void run(String argLine) throws Exception {
        harness.header(argLine, settings);
        harness.out("# timeouts for every client: connect " + SentinelDriver.CONNECT_TIMEOUT.toMillis()
                + " ms, command " + SentinelDriver.COMMAND_TIMEOUT.toMillis() + " ms; jedis pool "
                + SentinelDriver.JEDIS_POOL);
        int roundsDone = harness.rounds(settings.flags(), settings.budgetS(),
                (round, client, last) -> runClient(round, client, !last));
        if (next != null) { // started for a round the budget then cut
            closing.add(next.thenAccept(RedisSentinel::close));
            next = null;
        }
        closing.forEach(CompletableFuture::join);
        harness.finish(new SentinelReport(harness.facts(roundsDone, argLine), settings, redisVersion,
                sentinelSettings).markdown());
    }

    private void runClient(int round, String client, boolean prefetch) throws Exception {
        String name = "r" + round + "-" + client;
        Path log = harness.log(name + ".log");
        long t0 = System.nanoTime();
        RedisSentinel setup = next != null ? next.join() : RedisSentinel.start();
        next = null;
        LOG.info("round {} {}: waited {} ms for its setup", round, client, (System.nanoTime() - t0) / 1_000_000);
        String line;
        try {
            RedisServer primary = setup.primary();
            redisVersion = Compare.redisVersion(primary);
            sentinelSettings = "down-after-milliseconds " + setup.downAfter().toMillis() + ", failover-timeout "
                    + setup.failoverTimeout().toMillis();
            line = harness.fork(List.of("-Xms512m", "-Xmx512m"), SentinelRunner.class, List.of(client,
                    String.join(",", setup.sentinelPorts().stream().map(String::valueOf).toList()),
                    setup.serviceName(), "threads=" + THREADS, "preFaultMs=" + settings.preFaultMs(),
                    "settleMs=" + settings.settleMs(), "recoverMs=" + settings.recoverMs()), log,
                    child -> converse(child, setup, harness.log(name + "-state.txt"), prefetch));
        } finally {
            closing.add(CompletableFuture.runAsync(setup::close));
        }
        if (line == null) {
            line = "sentinel=result client=" + client + " error=no-result(see_" + log.getFileName() + ")";
        }
        harness.result(line, round);
        LOG.info("round {} {} took {} s", round, client,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
    }

    /** READY / FAULT, MARKED, SWITCHED, SETTLED (per fault) / STOP, LOAD_DONE / VERIFY; the result line with this side's fields. */
    private String converse(Child child, RedisSentinel setup, Path stateFile, boolean prefetch) throws Exception {
        String l = child.await(s -> s.equals("READY") || s.startsWith("sentinel=result"), 60_000);
        if (l == null || !l.equals("READY")) {
            return l;
        }
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < FAULTS.size(); i++) {
            String fault = FAULTS.get(i);
            RedisServer before = setup.primary();
            child.send("FAULT " + (i + 1) + " " + fault);
            l = child.await(s -> s.equals("MARKED") || s.startsWith("sentinel=result"), 10_000);
            if (l == null || !l.equals("MARKED")) {
                return l;
            }
            long faultWall = System.currentTimeMillis();
            long faultNanos = System.nanoTime();
            if (fault.equals("failover")) {
                setup.failover();
            } else {
                setup.killPrimary();
            }
            RedisServer after = null;
            try {
                after = setup.awaitPrimaryChange(before.port(), FAULT_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.error("{}: no new primary", fault, e);
            }
            long agreedNanos = System.nanoTime();
            int afterPort = after == null ? -1 : after.port();
            long switchWall = after == null ? -1 : setup.switchTo(afterPort).map(PrimarySwitch::time)
                    .map(Instant::toEpochMilli).orElse(-1L);
            long promoWall = after == null ? -1 : setup.promotionTo(afterPort).map(PrimarySwitch::time)
                    .map(Instant::toEpochMilli).orElse(-1L);
            child.send("SWITCHED " + before.port() + " " + afterPort + " " + switchWall + " " + faultWall + " "
                    + promoWall);
            l = child.await(s -> s.equals("SETTLED") || s.startsWith("sentinel=result"),
                    settings.recoverMs() + settings.settleMs() + 10_000);
            if (l == null || !l.equals("SETTLED")) {
                return l;
            }
            fields.append(' ').append(fault).append("_switch_ms=").append(switchWall < 0 ? "NaN" : switchWall - faultWall)
                    .append(' ').append(fault).append("_promo_ms=").append(promoWall < 0 ? "NaN" : promoWall - faultWall)
                    .append(' ').append(fault).append("_agreed_ms=").append((agreedNanos - faultNanos) / 1_000_000)
                    .append(' ').append(fault).append("_ports=").append(before.port()).append("->").append(afterPort);
            if (after == null) {
                fields.append(" error=no-new-primary-after-").append(fault);
                break;
            }
            if (i < FAULTS.size() - 1) {
                long s0 = System.nanoTime();
                setup.awaitStable(FAULT_TIMEOUT); // the old primary is a replica again before the next fault
                fields.append(' ').append(fault).append("_restable_ms=").append((System.nanoTime() - s0) / 1_000_000);
            }
        }
        if (prefetch) {
            next = CompletableFuture.supplyAsync(RedisSentinel::start);
        }
        child.send("STOP");
        l = child.await(s -> s.equals("LOAD_DONE") || s.startsWith("sentinel=result"), 20_000);
        if (l == null || !l.equals("LOAD_DONE")) {
            return l;
        }
        RedisServer primary = setup.primary();
        FailoverLoad.writeState(stateFile, THREADS, THREADS, (key, command) -> primary.execute(command));
        child.send("VERIFY " + stateFile);
        String r = child.await(s -> s.startsWith("sentinel=result"), 30_000);
        return r == null ? null : r + fields + lostPct(Compare.parse(r));
    }

    /**
     * {@code lost_pct}: acknowledged writes lost as a percentage of the acknowledged ones, since
     * the raw count grows with the client's throughput; empty without the counts.
     */
    private static String lostPct(Map<String, String> r) {
        try {
            long acked = Long.parseLong(r.get("incr_acked")) + Long.parseLong(r.get("rpush_acked"));
            long lost = Long.parseLong(r.get("repl_lost"));
            return acked <= 0 ? "" : String.format(Locale.ROOT, " lost_pct=%.2f", 100.0 * lost / acked);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
