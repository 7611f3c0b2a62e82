package dev.tether.benchmarks.headofline;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The head-of-line harness: 8 callers sit in {@code BLPOP key 5} while 64 callers run GET/SET on
 * the same client. Tether's {@code RedisClient}, one Lettuce {@code StatefulRedisConnection} and
 * Jedis 8's pooled client with a pool of 72 (see {@link HolDriver}), each against ONE loopback
 * redis-server (redis-testkit's {@link RedisServer}, in a temp dir, stopped at the end, also on
 * exit by the testkit's shutdown hook).
 *
 * <p>For each round and client it forks a JVM of its own ({@link HeadOfLineRunner}, same java and
 * class path) through the shared {@link SideBySideRun}. Rounds interleave the clients, the order
 * rotated each round (round 1: tether, lettuce, jedis; round 2: lettuce, jedis, tether; ...). Each
 * run measures GET/SET latency twice on the same client: a baseline window without blockers, then
 * a window with the 8 blockers; the stall factor is p99 with blockers over p99 without. The goal:
 * Tether's stall factor at most 2.
 *
 * <p>Flags (each with two leading dashes): {@code rounds N} (default 1), {@code quick} (1 round),
 * {@code clients tether,lettuce,jedis}, {@code warmup-ms N} (1000), {@code baseline-ms N} (4000),
 * {@code lead-ms N} (blockers start this long before the blocked window, 200), {@code blocked-ms N}
 * (5000; at least the BLPOP timeout). About 12 s per client and round (a JVM start, then 10.2 s
 * of load), 35 s a round. Output: one line per run on stdout, then a Markdown summary
 * ({@link HeadOfLineReport}); the same text, the summary and the children's logs go to
 * {@code headofline-out/<UTC time>/} in the working directory ({@code benchmarks/target} under
 * {@code -Pheadofline}).
 */
public final class HeadOfLineCompare {

    /** GET/SET callers, BLPOP callers, BLPOP timeout in seconds, value size: the numbers. */
    static final int CALLERS = 64;
    static final int BLOCKERS = 8;
    static final int BLOCK_S = 5;
    static final int VALUE_BYTES = 100;

    /** What one harness run does. */
    record Settings(int rounds, boolean roundsGiven, List<String> clients, long warmupMs, long baselineMs,
                    long leadMs, long blockedMs) {

        static Settings parse(String[] args) {
            long[] v = {1000, 4000, 200, 5000};
            SideBySideRun.Flags flags = SideBySideRun.Flags.parse(args, HolDriver.CLIENTS,
                    "HeadOfLineCompare [--rounds N] [--clients tether,lettuce,jedis] [--warmup-ms N]"
                            + " [--baseline-ms N] [--lead-ms N] [--blocked-ms N]",
                    Map.of("--warmup-ms", s -> v[0] = Long.parseLong(s),
                            "--baseline-ms", s -> v[1] = Long.parseLong(s),
                            "--lead-ms", s -> v[2] = Long.parseLong(s),
                            "--blocked-ms", s -> v[3] = Long.parseLong(s)));
            if (v[3] < BLOCK_S * 1000L) {
                throw new IllegalArgumentException("--blocked-ms must be at least the BLPOP timeout, "
                        + BLOCK_S * 1000 + " ms");
            }
            return new Settings(flags.roundsGiven() ? flags.rounds() : 1, flags.roundsGiven(), flags.clients(),
                    v[0], v[1], v[2], v[3]);
        }

        SideBySideRun.Flags flags() {
            return new SideBySideRun.Flags(rounds, roundsGiven, clients);
        }

        /** One run's measured part, in ms. */
        long runMs() {
            return warmupMs + baselineMs + leadMs + blockedMs;
        }
    }

    private final Settings settings;
    private final SideBySideRun harness;

    private HeadOfLineCompare(Settings settings) throws IOException {
        this.settings = settings;
        this.harness = new SideBySideRun("HeadOfLineCompare", "headofline");
    }

    public static void main(String[] args) throws Exception {
        new HeadOfLineCompare(Settings.parse(args)).run(String.join(" ", args));
    }

    private void run(String argLine) throws Exception {
        harness.header(argLine, settings);
        harness.out("# command: mvn -pl benchmarks -am package -DskipTests -Pheadofline"
                + (argLine.isBlank() ? "" : " -Dheadofline.args=\"" + argLine + "\""));
        String redisVersion;
        int roundsDone;
        try (RedisServer server = RedisServer.builder().start()) {
            redisVersion = Compare.redisVersion(server);
            harness.out("# redis-server " + redisVersion + " pid " + server.pid() + " on 127.0.0.1:" + server.port()
                    + " (dir " + server.dir() + ")");
            List<String> clients = settings.clients();
            roundsDone = harness.rounds(settings.flags(), 60, (round, slot, last) -> {
                runClient(round, SideBySideRun.rotated(clients, slot, round), server.port());
            });
        }
        harness.finish(new HeadOfLineReport(harness.facts(roundsDone, argLine), settings, redisVersion).markdown());
    }

    private void runClient(int round, String client, int port) throws Exception {
        String name = "r" + round + "-" + client;
        Path log = harness.log(name + ".log");
        long t0 = System.nanoTime();
        String line = harness.fork(List.of("-Xms512m", "-Xmx512m"), HeadOfLineRunner.class, List.of(client,
                Integer.toString(port), "callers=" + CALLERS, "blockers=" + BLOCKERS, "blockS=" + BLOCK_S,
                "valueBytes=" + VALUE_BYTES, "warmupMs=" + settings.warmupMs(), "baselineMs=" + settings.baselineMs(),
                "leadMs=" + settings.leadMs(), "blockedMs=" + settings.blockedMs()), log,
                child -> child.await(s -> s.startsWith("hol=result"), settings.runMs() + 30_000));
        if (line == null) {
            line = "hol=result client=" + client + " error=no-result(see_" + log.getFileName() + ")";
        }
        harness.result(line, round);
        System.err.printf(Locale.ROOT, "[headofline] round %d %s took %.1f s%n", round, client,
                (System.nanoTime() - t0) / 1e9);
    }
}
