package dev.tether.benchmarks.fleet;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.CostMeter;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.benchmarks.compare.StraceConnects;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet-reconnect harness (issue "Reconnects a fleet can live with"): a 60 s outage with
 * Tether running {@value #TETHER_FLEET} {@code RedisClient} instances in one JVM and each peer
 * (Lettuce, Jedis) running one, all with their default options and callers hammering GET
 * ({@link FleetDriver}, {@link FleetRunner}). What it reports: connect attempts per second per
 * client instance in seconds 0-5, 5-30 and 30-60 of the outage, and the time from the server
 * being back to each instance's first successful command. The bars: at most 1 attempt per second
 * per instance after the first 5 s, and a first success within the Redis client's default backoff
 * cap (2 s) plus 100 ms, {@value #RECOVERY_BAR_MS} ms.
 *
 * <p>One loopback redis-server (redis-testkit's {@link RedisServer}) serves the whole run. Per
 * round and client (order rotated each round) it forks the client's JVM under
 * {@code strace -f --seccomp-bpf -e trace=connect} and waits for READY, lets the load run
 * {@code warmup-ms}, then kills the server with SIGKILL: its port refuses at once, like a dead
 * host's, and the live connections end. The outage lasts {@code outage-s}; then the server is
 * restarted on the same port and "back" is its log's "Ready to accept connections" time. Connect
 * attempts are the child's connect() calls to the server's port in the strace log, exact and
 * this JVM's only, bucketed by their time stamps; a Tether figure per instance is the total over
 * its {@value #TETHER_FLEET} instances divided by {@value #TETHER_FLEET}. For the busiest single
 * Tether instance the run counts each instance's BackingOff events (one per failed attempt).
 *
 * <p>Flags (each with two leading dashes): {@code rounds N} (default 1), {@code clients
 * tether,lettuce,jedis}, {@code outage-s N} (60), {@code warmup-ms N} (2000), {@code callers N}
 * (caller threads per client instance, 2), {@code pause-ms N} (a caller's pause after a failed
 * call, 10), {@code recover-ms N} (how long after "back" a client may take, 35000). About 65-100 s
 * per client and round (Lettuce's own reconnect delay grows to 30 s), under 6 minutes for the
 * default round. Run it through the toolchain JDK:
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pfleet [-Dfleet.args="--rounds 2"]
 * </pre>
 * Output: one line per run on stdout, then a Markdown summary ({@link FleetReport}); the same
 * text, the summary, the children's logs and strace logs go to {@code fleet-out/<UTC time>/} in
 * the working directory ({@code benchmarks/target} under {@code -Pfleet}).
 */
public final class FleetCompare {

    /** Tether's instances in its one JVM; each peer runs one. */
    static final int TETHER_FLEET = 100;

    /** First success after "back" within the default backoff cap plus 100 ms. */
    static final double RECOVERY_BAR_MS = 2100;

    /** Connect attempts per second per instance after the first 5 s of the outage. */
    static final double ATTEMPT_BAR_PER_S = 1.0;

    /** What one harness run does. */
    record Settings(int rounds, boolean roundsGiven, List<String> clients, long outageS, long warmupMs, long callers,
                    long pauseMs, long recoverMs) {

        static Settings parse(String[] args) {
            long[] v = {60, 2000, 2, 10, 35_000};
            SideBySideRun.Flags flags = SideBySideRun.Flags.parse(args, FleetDriver.CLIENTS,
                    "FleetCompare [--rounds N] [--clients tether,lettuce,jedis] [--outage-s N] [--warmup-ms N]"
                            + " [--callers N] [--pause-ms N] [--recover-ms N]",
                    Map.of("--outage-s", s -> v[0] = Long.parseLong(s),
                            "--warmup-ms", s -> v[1] = Long.parseLong(s),
                            "--callers", s -> v[2] = Long.parseLong(s),
                            "--pause-ms", s -> v[3] = Long.parseLong(s),
                            "--recover-ms", s -> v[4] = Long.parseLong(s)));
            if (v[0] < 6 || v[0] > 600 || v[2] < 1) {
                throw new IllegalArgumentException("--outage-s must be 6..600 and --callers at least 1");
            }
            return new Settings(flags.roundsGiven() ? flags.rounds() : 1, flags.roundsGiven(), flags.clients(),
                    v[0], v[1], v[2], v[3], v[4]);
        }

        SideBySideRun.Flags flags() {
            return new SideBySideRun.Flags(rounds, roundsGiven, clients);
        }
    }

    private final Settings settings;
    private final SideBySideRun harness;
    private final boolean strace = StraceConnects.available();

    private FleetCompare(Settings settings) throws IOException {
        this.settings = settings;
        this.harness = new SideBySideRun("FleetCompare", "fleet");
    }

    public static void main(String[] args) throws Exception {
        new FleetCompare(Settings.parse(args)).run(String.join(" ", args));
    }

    private void run(String argLine) throws Exception {
        harness.header(argLine, settings);
        harness.out("# command: mvn -pl benchmarks -am package -DskipTests -Pfleet"
                + (argLine.isBlank() ? "" : " -Dfleet.args=\"" + argLine + "\""));
        if (!strace) {
            harness.out("# strace is not available here: connect attempts are not counted (n/a)");
        }
        String redisVersion;
        int roundsDone;
        try (RedisServer server = RedisServer.builder().start()) {
            redisVersion = Compare.redisVersion(server);
            harness.out("# redis-server " + redisVersion + " pid " + server.pid() + " on 127.0.0.1:" + server.port()
                    + " (dir " + server.dir() + ")");
            List<String> clients = settings.clients();
            roundsDone = harness.rounds(settings.flags(), 6 * 60, (round, slot, last) -> {
                runClient(round, SideBySideRun.rotated(clients, slot, round), server);
            });
        }
        harness.finish(new FleetReport(harness.facts(roundsDone, argLine), settings, redisVersion, strace).markdown());
    }

    private void runClient(int round, String client, RedisServer server) throws Exception {
        String name = "r" + round + "-" + client;
        Path log = harness.log(name + ".log");
        Path straceLog = harness.log(name + ".strace");
        List<String> prefix = strace ? List.of("strace", "-f", "--seccomp-bpf", "-qq", "-ttt", "-e", "trace=connect",
                "-o", straceLog.toString()) : List.of();
        long outageMs = settings.outageS() * 1000;
        long t0 = System.nanoTime();
        String line = harness.fork(prefix, List.of("-Xms256m", "-Xmx512m"), FleetRunner.class, List.of(client,
                Integer.toString(server.port()), "callers=" + settings.callers(), "pauseMs=" + settings.pauseMs(),
                "recoverWithinMs=" + settings.recoverMs()), log, child -> {
                    if (child.await("READY"::equals, 60_000) == null) {
                        return null;
                    }
                    Thread.sleep(settings.warmupMs());
                    int readyBefore = server.readyTimes().size();
                    server.kill();
                    long killedAt = System.currentTimeMillis();
                    child.send("KILLED " + killedAt + " " + outageMs);
                    long left;
                    while ((left = killedAt + outageMs - System.currentTimeMillis()) > 0) {
                        Thread.sleep(left);
                    }
                    long restartAt = System.currentTimeMillis();
                    server.restart();
                    List<Instant> ready = server.awaitReadyCount(readyBefore + 1, Duration.ofSeconds(10));
                    Instant readyAt = ready.getLast();
                    long readyUs = readyAt.getEpochSecond() * 1_000_000L + readyAt.getNano() / 1_000;
                    child.send("BACK " + restartAt + " " + readyUs);
                    String r = child.await(s -> s.startsWith("fleet=result"), settings.recoverMs() + 30_000);
                    if (r == null) {
                        return null;
                    }
                    child.awaitExit(15_000); // strace has written its log once the traced JVM is gone
                    return r + " killed_epoch_ms=" + killedAt + " restart_epoch_ms=" + restartAt
                            + " ready_after_restart_ms=" + (readyUs / 1000 - restartAt)
                            + attempts(straceLog, server.port(), killedAt, restartAt, FleetDriver.instances(client));
                });
        if (line == null) {
            line = "fleet=result client=" + client + " error=no-result(see_" + log.getFileName() + ")";
        }
        harness.result(line, round);
        System.err.printf(Locale.ROOT, "[fleet] round %d %s took %.1f s%n", round, client,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The strace log's connect() calls in [killedAt, restartAt): per instance per second in
     * seconds 0-5, 5-30 and 30-end, the total, and the busiest whole second from second 5 on.
     */
    private String attempts(Path straceLog, int port, long killedAt, long restartAt, int instances) {
        if (!strace) {
            return " att_0_5=NaN att_5_30=NaN att_30_end=NaN att_total=NaN att_peak_after5=NaN";
        }
        List<Long> times;
        try {
            times = StraceConnects.times(straceLog, port);
        } catch (IOException | NumberFormatException e) {
            return " att_0_5=NaN att_5_30=NaN att_30_end=NaN att_total=NaN att_peak_after5=NaN strace_error="
                    + e.getClass().getSimpleName();
        }
        long[] w = new long[3];
        int seconds = (int) ((restartAt - killedAt + 999) / 1000);
        long[] perSecond = new long[Math.max(seconds, 1)];
        long total = 0;
        for (long t : times) {
            if (t < killedAt || t >= restartAt) {
                continue;
            }
            long rel = t - killedAt;
            w[rel < 5000 ? 0 : rel < 30_000 ? 1 : 2]++;
            perSecond[(int) (rel / 1000)]++;
            total++;
        }
        long end = restartAt - killedAt;
        long peak = 0;
        for (int s = 5; s < perSecond.length && (s + 1) * 1000L <= end; s++) {
            peak = Math.max(peak, perSecond[s]);
        }
        List<String> perS = new ArrayList<>();
        for (long c : perSecond) {
            perS.add(Long.toString(c));
        }
        return " att_0_5=" + rate(w[0], 5000, instances)
                + " att_5_30=" + rate(w[1], Math.min(end, 30_000) - 5000, instances)
                + " att_30_end=" + rate(w[2], end - 30_000, instances)
                + " att_total=" + total + " att_peak_after5=" + CostMeter.sig4((double) peak / instances)
                + " att_per_second=" + String.join(",", perS);
    }

    private static String rate(long count, long windowMs, int instances) {
        return windowMs <= 0 ? "NaN" : CostMeter.sig4(count / (windowMs / 1000.0) / instances);
    }
}
