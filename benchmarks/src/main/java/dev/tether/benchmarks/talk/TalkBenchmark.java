package dev.tether.benchmarks.talk;

import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The talk's table: ONE non-blocking multiplexed connection (Tether's {@code RedisClient}) against
 * a pool of N blocking connections, written on the same runtime
 * ({@link dev.tether.examples.pool.BlockingRedisPool}) and as users know it (Jedis'
 * {@code JedisPool}). For each number of callers (platform threads, each running SET then GET on
 * its own key for a fixed time) it measures throughput and p99 latency of each client.
 *
 * <p>Each measurement runs in a JVM of its own ({@link TalkRun}), against one redis-server started
 * here through redis-testkit. Rounds are interleaved (every client at every caller count once per
 * round, the client order rotating from round to round) and the table reports the median over the
 * rounds. The pools get N = min(callers, pool cap) connections: 256 callers share 64 sockets.
 *
 * <p>Prints one line per run ({@code workload=TALK round=...}), then the medians
 * ({@code workload=TALK client=tether callers=64 ops_per_s=... p99_us=...}) and the ratios, and
 * writes an SVG chart of throughput against callers.
 *
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Ptalk [-Dtalk.args="--rounds 3 --seconds 5"]
 * </pre>
 * Options: {@code --rounds N} (3), {@code --warmup S} (2), {@code --seconds S} (5),
 * {@code --callers 1,8,64,256}, {@code --clients tether,pool,jedis}, {@code --pool-cap N} (64),
 * {@code --svg PATH} (no chart without it), {@code --heap SIZE} (1g, each forked JVM),
 * {@code --from-log PATH} (measure nothing: recompute the table and chart from the
 * {@code workload=TALK round=...} lines of an earlier run's output; pass the same
 * {@code --rounds}/{@code --seconds} for the chart's subtitle).
 */
public final class TalkBenchmark {

    /** One run's result as the child printed it. */
    record Run(int round, String client, int callers, int connections, double opsPerSecond, double p50Micros,
               double p99Micros, long errors) {
    }

    private TalkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "5"));
        int poolCap = Integer.parseInt(options.getOrDefault("pool-cap", "64"));
        int[] callerCounts = Arrays.stream(options.getOrDefault("callers", "1,8,64,256").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<String> clients = List.of(options.getOrDefault("clients", "tether,pool,jedis").split(","));
        String heap = options.getOrDefault("heap", "1g");
        Path svg = options.containsKey("svg") ? Path.of(options.get("svg")) : null;

        if (options.containsKey("from-log")) {
            replot(Path.of(options.get("from-log")), clients, callerCounts, poolCap, svg, rounds, seconds);
            return;
        }
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf("# talk: %d rounds x %d caller counts x %d clients, %d s warmup + %d s measured each, pool cap %d,"
                        + " java %s, %d cpus, started %s%n", rounds, callerCounts.length, clients.size(), warmup, seconds,
                poolCap, Runtime.version(), Runtime.getRuntime().availableProcessors(), started);
        List<Run> runs = new ArrayList<>();
        try (RedisServer server = RedisServer.builder().maxClients(1000).start()) {
            System.out.println("# " + server.execute("INFO", "server").toString().lines()
                    .filter(l -> l.startsWith("redis_version")).findFirst().orElse("redis_version=?"));
            for (int round = 1; round <= rounds; round++) {
                for (int callers : callerCounts) {
                    for (int k = 0; k < clients.size(); k++) {
                        String client = clients.get((k + round - 1) % clients.size());
                        Run run = runOnce(round, client, callers, Math.min(callers, poolCap), server, warmup, seconds, heap);
                        if (run != null) {
                            runs.add(run);
                        }
                        Thread.sleep(300); // let the server and the machine settle between JVMs
                    }
                }
            }
        }
        Instant finished = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.println("# finished " + finished + " (" + (finished.getEpochSecond() - started.getEpochSecond()) + " s)");
        Map<String, Map<Integer, double[]>> medians = report(runs, clients, callerCounts, poolCap);
        if (svg != null) {
            Files.writeString(svg, TalkChart.svg(medians, clients, callerCounts, poolCap,
                    started + ", " + Runtime.getRuntime().availableProcessors() + " cpus, median of " + rounds
                            + " rounds, " + seconds + " s each"));
            System.out.println("# chart written to " + svg.toAbsolutePath());
        }
    }

    /**
     * Recomputes the medians, ratios and chart from the per-run lines of an earlier run's output
     * (its {@code workload=TALK round=...} lines), without measuring anything.
     */
    private static void replot(Path log, List<String> clients, int[] callerCounts, int poolCap, Path svg, int rounds,
                               int seconds) throws IOException {
        List<Run> runs = new ArrayList<>();
        String started = "?";
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("# talk:") && line.contains("started ")) {
                started = line.substring(line.indexOf("started ") + 8).trim();
            }
            if (!line.startsWith("workload=TALK round=") || line.contains("FAILED")) {
                continue;
            }
            runs.add(new Run(Integer.parseInt(ForkedJvm.field(line, "round")), ForkedJvm.field(line, "client"),
                    Integer.parseInt(ForkedJvm.field(line, "callers")), Integer.parseInt(ForkedJvm.field(line, "connections")),
                    Double.parseDouble(ForkedJvm.field(line, "ops_per_s")), Double.parseDouble(ForkedJvm.field(line, "p50_us")),
                    Double.parseDouble(ForkedJvm.field(line, "p99_us")), Long.parseLong(ForkedJvm.field(line, "errors"))));
        }
        List<String> present = clients.stream().filter(c -> runs.stream().anyMatch(r -> r.client().equals(c))).toList();
        Map<String, Map<Integer, double[]>> medians = report(runs, present, callerCounts, poolCap);
        if (svg != null) {
            Files.writeString(svg, TalkChart.svg(medians, present, callerCounts, poolCap, started + ", "
                    + Runtime.getRuntime().availableProcessors() + " cpus, median of " + rounds + " rounds, " + seconds + " s each"));
            System.out.println("# chart written to " + svg.toAbsolutePath());
        }
    }

    private static Run runOnce(int round, String client, int callers, int connections, RedisServer server, int warmup,
                               int seconds, String heap) throws IOException, InterruptedException {
        List<String> command = ForkedJvm.command(
                List.of("-Xms" + heap, "-Xmx" + heap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                TalkRun.class,
                List.of(client, Integer.toString(callers), Integer.toString(connections), server.host(),
                        Integer.toString(server.port()), Integer.toString(warmup), Integer.toString(seconds)));
        String[] result = new String[1];
        int exit = ForkedJvm.run(command, warmup + seconds + 90L, line -> {
            if (line.startsWith("RESULT ")) {
                result[0] = line;
            } else {
                System.out.println("#   [" + client + " " + callers + "] " + line);
            }
        });
        if (exit != 0 || result[0] == null) {
            System.out.printf("workload=TALK round=%d client=%s callers=%d FAILED exit=%d%n", round, client, callers, exit);
            return null;
        }
        String line = result[0];
        Run run = new Run(round, client, callers, Integer.parseInt(ForkedJvm.field(line, "connections")),
                Double.parseDouble(ForkedJvm.field(line, "ops_per_s")), Double.parseDouble(ForkedJvm.field(line, "p50_us")),
                Double.parseDouble(ForkedJvm.field(line, "p99_us")), Long.parseLong(ForkedJvm.field(line, "errors")));
        System.out.printf(Locale.ROOT, "workload=TALK round=%d client=%s callers=%d connections=%d ops_per_s=%.0f p50_us=%.1f p99_us=%.1f errors=%d%n",
                round, client, callers, run.connections(), run.opsPerSecond(), run.p50Micros(), run.p99Micros(), run.errors());
        return run;
    }

    /** Prints medians and ratios; returns client -> callers -> {ops/s, p50, p99} medians. */
    private static Map<String, Map<Integer, double[]>> report(List<Run> runs, List<String> clients, int[] callerCounts,
                                                             int poolCap) {
        Map<String, Map<Integer, double[]>> medians = new LinkedHashMap<>();
        System.out.println("# medians over rounds (pool and jedis: N = min(callers, " + poolCap + ") connections; tether: 1)");
        for (String client : clients) {
            Map<Integer, double[]> byCallers = new LinkedHashMap<>();
            for (int callers : callerCounts) {
                List<Run> these = runs.stream().filter(r -> r.client().equals(client) && r.callers() == callers).toList();
                if (these.isEmpty()) {
                    continue;
                }
                double[] m = {median(these.stream().mapToDouble(Run::opsPerSecond).toArray()),
                        median(these.stream().mapToDouble(Run::p50Micros).toArray()),
                        median(these.stream().mapToDouble(Run::p99Micros).toArray())};
                byCallers.put(callers, m);
                System.out.printf(Locale.ROOT, "workload=TALK client=%s callers=%d connections=%d ops_per_s=%.0f p50_us=%.1f p99_us=%.1f rounds=%d%n",
                        client, callers, these.get(0).connections(), m[0], m[1], m[2], these.size());
            }
            medians.put(client, byCallers);
        }
        System.out.println("# ratios, each computed within one round, then the median over rounds");
        ratios(runs, callerCounts, "pool", "jedis", "jedis/pool throughput (acceptance: at most 1.5)");
        ratios(runs, callerCounts, "pool-virtual", "jedis", "jedis/pool-virtual throughput");
        ratios(runs, callerCounts, "tether", "jedis", "tether/jedis throughput");
        ratios(runs, callerCounts, "tether", "pool", "tether/pool throughput");
        return medians;
    }

    private static void ratios(List<Run> runs, int[] callerCounts, String a, String b, String label) {
        boolean jedisOverPool = a.startsWith("pool") && b.equals("jedis");
        for (int callers : callerCounts) {
            List<Double> ratios = new ArrayList<>();
            List<Double> p99Ratios = new ArrayList<>();
            for (int round = 1; round <= runs.stream().mapToInt(Run::round).max().orElse(0); round++) {
                Run ra = find(runs, a, callers, round);
                Run rb = find(runs, b, callers, round);
                if (ra != null && rb != null && ra.opsPerSecond() > 0 && rb.opsPerSecond() > 0) {
                    ratios.add(jedisOverPool ? rb.opsPerSecond() / ra.opsPerSecond() : ra.opsPerSecond() / rb.opsPerSecond());
                    p99Ratios.add(jedisOverPool ? ra.p99Micros() / rb.p99Micros() : ra.p99Micros() / rb.p99Micros());
                }
            }
            if (ratios.isEmpty()) {
                continue;
            }
            String name = jedisOverPool ? "jedis_over_" + a : a + "_over_" + b;
            System.out.printf(Locale.ROOT, "ratio=%s callers=%d throughput=%.2f p99=%.2f rounds=%s  # %s; p99 is %s/%s%n",
                    name, callers, median(ratios.stream().mapToDouble(Double::doubleValue).toArray()),
                    median(p99Ratios.stream().mapToDouble(Double::doubleValue).toArray()),
                    ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(), label, a, b);
        }
    }

    private static Run find(List<Run> runs, String client, int callers, int round) {
        return runs.stream().filter(r -> r.client().equals(client) && r.callers() == callers && r.round() == round)
                .findFirst().orElse(null);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
