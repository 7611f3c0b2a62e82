package dev.tether.benchmarks.compare;

import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The side-by-side harness: Tether's Redis client, Lettuce and Jedis on the same local
 * redis-server, with {@code redis-benchmark} as the ceiling (workloads W1, W2, W3 and W5 of
 * docs/performance-workloads.md).
 *
 * <p>Starts ONE redis-server through redis-testkit. For each round, each workload and each client
 * it forks a JVM of its own ({@link ClientRunner}, on the JDK running this coordinator), which
 * prints one result line; rounds are interleaved (round 1: tether, lettuce, jedis,
 * redis-benchmark; round 2: ...) and medians are reported. W5 (recovery) runs once per client
 * per outage, after the rounds.
 *
 * <p>Flags: none for the full run (5 rounds, outages of 1, 5 and 20 s; under 8 minutes),
 * {@code --quick} (under a minute: 1 round, short runs, 1 s outage only), {@code --rounds N},
 * {@code --only W1,W2,W3,W5}, {@code --clients tether,lettuce,jedis} (also {@code tether-micrometer}), {@code --outages 1,5,20}
 * (seconds), {@code --no-redis-benchmark}, {@code --no-strace} (W5 counts connect attempts only from
 * {@code Tcp: ActiveOpens}). Without {@code --rounds}, the run stops adding rounds
 * when the next round plus W5 would pass its time budget (7.5 min, or 55 s with --quick), and says
 * so; with {@code --rounds N} it runs N rounds whatever the time.
 *
 * <p>Output: one line per measurement on stdout
 * ({@code workload=W2 client=tether threads=64 ops_per_s=... p50_us=... p99_us=...}; the clients'
 * W1-W3 lines add what the measured phase cost their JVM per command, see {@link CostMeter}), then
 * {@code ratio ...} lines from the medians, then a Markdown summary. Comment lines start with
 * {@code #}. The same text and the clients' logs go to {@code compare-out/<time>/} in the
 * working directory.
 *
 * <p>Past 400 lines on purpose: one file holds the whole comparison protocol (rounds, interleaving,
 * medians, ratios, the summary) so a reader can check how a figure in BENCHMARKS.md was made
 * without chasing it; the clients' workloads live in their own classes.
 */
public final class Compare {

    static final List<String> CLIENTS = List.of("tether", "lettuce", "jedis");
    /**
     * Tether with the tether-micrometer binding on (a timer per command and outcome, with
     * percentiles, into a SimpleMeterRegistry): asked for by name with {@code --clients}, to set
     * beside plain {@code tether} in the same run.
     */
    static final String TETHER_MICROMETER = "tether-micrometer";
    static final String RB = "redis-benchmark";

    private final Settings settings;
    private final Path outDir;
    private final PrintStream results;
    private final List<Map<String, String>> lines = new ArrayList<>();
    /** "start -> end" load averages of each round, in order. */
    private final List<String> roundLoads = new ArrayList<>();
    private final String javaCommand;
    private final String classPath;
    private volatile Child current;
    private int roundsDone;
    private boolean strace;

    /** Durations and sizes of one harness run. */
    record Settings(int rounds, long budgetS, Set<String> workloads, List<String> clients, List<Integer> outagesS,
                    boolean redisBenchmark, boolean strace, boolean quick,
                    long w1WarmupMs, long w1MeasureMs, long w2WarmupMs, long w2MeasureMs, int w2Threads,
                    int w3Sets, int w3WarmupSets, int w3Batch, int w5Threads,
                    int rbW1N, int rbW2N, int rbP64N, int rbP1000N) {

        static Settings parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int rounds = quick ? 1 : 5;
            // Without --rounds, rounds stop early when the next one would break the time budget.
            long budgetS = quick ? 55 : 450;
            Set<String> workloads = new LinkedHashSet<>(List.of("W1", "W2", "W3", "W5"));
            List<String> clients = CLIENTS;
            List<Integer> outages = quick ? List.of(1) : List.of(1, 5, 20);
            boolean rb = true;
            boolean strace = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--rounds" -> {
                        rounds = Integer.parseInt(value(args, ++i));
                        budgetS = 0;
                    }
                    case "--only" -> workloads = new LinkedHashSet<>(csv(value(args, ++i)).stream()
                            .map(s -> s.toUpperCase(Locale.ROOT)).toList());
                    case "--clients" -> clients = csv(value(args, ++i));
                    case "--outages" -> outages = csv(value(args, ++i)).stream().map(Integer::parseInt).toList();
                    case "--no-redis-benchmark" -> rb = false;
                    case "--no-strace" -> strace = false;
                    case "-h", "--help" -> {
                        System.out.println("Compare [--quick] [--rounds N] [--only W1,W2,W3,W5]"
                                + " [--clients tether,lettuce,jedis,tether-micrometer] [--outages 1,5,20] [--no-redis-benchmark] [--no-strace]");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
                }
            }
            for (String w : workloads) {
                if (!List.of("W1", "W2", "W3", "W5").contains(w)) {
                    throw new IllegalArgumentException("unknown workload " + w + " (W1, W2, W3, W5)");
                }
            }
            for (String c : clients) {
                if (!CLIENTS.contains(c) && !c.equals(TETHER_MICROMETER)) {
                    throw new IllegalArgumentException("unknown client " + c + " " + CLIENTS + " or " + TETHER_MICROMETER);
                }
            }
            if (rounds < 1 || rounds > 50) {
                throw new IllegalArgumentException("--rounds must be 1..50");
            }
            for (int o : outages) {
                if (o < 1 || o > 60) {
                    throw new IllegalArgumentException("outages must be 1..60 s");
                }
            }
            return quick
                    ? new Settings(rounds, budgetS, workloads, clients, outages, rb, strace, true,
                            300, 700, 300, 700, 64, 200_000, 20_000, 1000, 8,
                            10_000, 20_000, 200_000, 1_000_000)
                    : new Settings(rounds, budgetS, workloads, clients, outages, rb, strace, false,
                            1000, 2000, 1000, 2000, 64, 1_000_000, 100_000, 1000, 8,
                            50_000, 50_000, 1_000_000, 3_000_000);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static List<String> csv(String s) {
            return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }
    }

    private Compare(Settings settings) throws IOException {
        this.settings = settings;
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        this.outDir = Path.of("compare-out", stamp).toAbsolutePath();
        Files.createDirectories(outDir.resolve("logs"));
        this.results = new PrintStream(Files.newOutputStream(outDir.resolve("results.txt")), true,
                StandardCharsets.UTF_8);
        this.javaCommand = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this coordinator"));
        this.classPath = System.getProperty("java.class.path");
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Compare compare = new Compare(settings);
        Child.killOnShutdown(() -> compare.current);
        compare.run(String.join(" ", args));
    }

    private void out(String line) {
        System.out.println(line);
        System.out.flush();
        results.println(line);
    }

    private void comment(String line) {
        out("# " + line);
    }

    private void run(String argLine) throws Exception {
        Instant started = Instant.now();
        long started0 = System.nanoTime();
        comment("Compare" + (argLine.isBlank() ? "" : " " + argLine) + " (" + settings + ")");
        comment("java " + javaCommand + " (" + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version") + ")");
        comment("output in " + outDir);
        comment("peers " + versions() + "; values of " + ClientRunner.VALUE_BYTES
                + " bytes for every client and redis-benchmark (-d " + ClientRunner.VALUE_BYTES + ")");
        String loadBefore = loadAverage();
        String redisVersion;
        try (RedisServer server = RedisServer.builder().start()) {
            int port = server.port();
            redisVersion = redisVersion(server);
            // redis-benchmark's GET reads this key (no -r): give it a value like the clients'.
            server.execute("SET", "key:__rand_int__", ClientRunner.VALUE);
            comment("redis-server " + redisVersion + " pid " + server.pid() + " on 127.0.0.1:" + port
                    + ", load average " + loadBefore);
            long roundsStarted = System.nanoTime();
            boolean anyRounds = settings.workloads().stream().anyMatch(w -> !w.equals("W5"));
            for (int round = 1; anyRounds && round <= settings.rounds(); round++) {
                if (round > 1 && settings.budgetS() > 0) {
                    double elapsedS = (System.nanoTime() - started0) / 1e9;
                    double perRoundS = (System.nanoTime() - roundsStarted) / 1e9 / (round - 1);
                    if (elapsedS + perRoundS + w5EstimateS() > settings.budgetS()) {
                        comment(String.format(Locale.ROOT, "stopping after %d rounds: another round (~%.0f s) and W5"
                                + " (~%.0f s) would pass the %d s budget (give --rounds N to insist)",
                                round - 1, perRoundS, w5EstimateS(), settings.budgetS()));
                        break;
                    }
                }
                String roundLoad = loadAverage();
                comment("round " + round + "/" + settings.rounds() + ", load average " + roundLoad);
                roundsDone = round;
                if (settings.workloads().contains("W1")) {
                    for (String client : settings.clients()) {
                        runClient(round, client, "W1", port, "warmupMs=" + settings.w1WarmupMs(),
                                "measureMs=" + settings.w1MeasureMs());
                    }
                    if (settings.redisBenchmark()) {
                        redisBenchmark(round, "W1", "c1", port, 1, 1, 0, settings.rbW1N(), "get");
                    }
                }
                if (settings.workloads().contains("W2")) {
                    for (String client : settings.clients()) {
                        runClient(round, client, "W2", port, "warmupMs=" + settings.w2WarmupMs(),
                                "measureMs=" + settings.w2MeasureMs(), "threads=" + settings.w2Threads());
                    }
                    if (settings.redisBenchmark()) {
                        redisBenchmark(round, "W2", "c64", port, 64, 64, 0, settings.rbW2N(), "set,get");
                        redisBenchmark(round, "W2", "c1-P64", port, 1, 1, 64, settings.rbP64N(), "set,get");
                    }
                }
                if (settings.workloads().contains("W3")) {
                    for (String client : settings.clients()) {
                        runClient(round, client, "W3", port, "sets=" + settings.w3Sets(),
                                "warmupSets=" + settings.w3WarmupSets(), "batch=" + settings.w3Batch());
                    }
                    if (settings.redisBenchmark()) {
                        redisBenchmark(round, "W3", "c1-P1000", port, 1, 1, 1000, settings.rbP1000N(), "set");
                    }
                }
                String roundEnd = loadAverage();
                comment("round " + round + "/" + settings.rounds() + " done, load average " + roundEnd);
                roundLoads.add(roundLoad + " -> " + roundEnd);
            }
            if (settings.workloads().contains("W5")) {
                strace = settings.strace() && StraceConnects.available();
                comment("W5, load average " + loadAverage() + (strace
                        ? "; connect() calls of each client JVM counted with strace -f --seccomp-bpf"
                        : "; no strace: connects_per_s=n/a, only Tcp: ActiveOpens"));
                for (int outage : settings.outagesS()) {
                    double baseline = baseline(server, outage);
                    for (String client : settings.clients()) {
                        recovery(server, client, outage, baseline);
                    }
                }
            }
        }
        String loadAfter = loadAverage();
        Report report = new Report(lines, settings, roundsDone, started, Instant.now(), loadBefore, loadAfter, redisVersion,
                javaCommand, versions(), argLine, roundLoads);
        for (String ratio : report.ratioLines()) {
            out(ratio);
        }
        String md = report.markdown();
        out("");
        md.lines().forEach(this::out);
        Files.writeString(outDir.resolve("summary.md"), md, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        comment("elapsed " + ChronoUnit.SECONDS.between(started, Instant.now()) + " s; results in " + outDir);
        results.close();
    }

    /** A generous guess of W5's duration: every outage with no client and with each client, plus start-up and recovery. */
    private double w5EstimateS() {
        if (!settings.workloads().contains("W5")) {
            return 0;
        }
        int clients = settings.clients().size();
        double total = 0;
        for (int outage : settings.outagesS()) {
            total += outage * (clients + 1) + clients * 5.0 + (outage >= 5 ? 15 : 2);
        }
        return total;
    }

    // ------------------------------------------------------------------ W1-W3 in forked JVMs

    private List<String> childCommand(String client, String workload, int port, String... opts) {
        List<String> cmd = new ArrayList<>(List.of(javaCommand, "-Xms1g", "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", classPath, ClientRunner.class.getName(), client, workload, Integer.toString(port)));
        cmd.addAll(List.of(opts));
        return cmd;
    }

    private Path logFile(String name) {
        return outDir.resolve("logs").resolve(name + ".log");
    }

    private void runClient(int round, String client, String workload, int port, String... opts)
            throws InterruptedException {
        Path log = logFile("r" + round + "-" + workload + "-" + client);
        long timeoutMs = workload.equals("W3") ? 180_000 : 90_000;
        long t0 = System.nanoTime();
        try (Child child = new Child(childCommand(client, workload, port, opts), log)) {
            current = child;
            String line = child.await(l -> l.startsWith("workload="), timeoutMs);
            if (line == null) {
                child.kill();
                line = "workload=" + workload + " client=" + client + " error=no-result(see " + log + ")";
            }
            record(line + " round=" + round);
        } finally {
            current = null;
            System.err.printf(Locale.ROOT, "[compare] round %d %s %s took %.1f s%n", round, workload, client,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private void record(String line) {
        out(line);
        lines.add(parse(line));
    }

    /** The {@code key=value} fields of a result line, in order. */
    public static Map<String, String> parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : line.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ redis-benchmark

    /**
     * Runs redis-benchmark ({@code -d}: the clients' value size) and prints it in the same line
     * format. With two tests (set,get) ops_per_s is both tests' commands over both tests' time and
     * p50/p99 are the higher of the two tests'.
     */
    private void redisBenchmark(int round, String workload, String shape, int port, int threads, int connections,
                                int pipeline, int n, String tests) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-c", Integer.toString(connections), "-n", Integer.toString(n), "-d",
                Integer.toString(ClientRunner.VALUE_BYTES),
                "-t", tests, "--csv"));
        if (pipeline > 0) {
            cmd.addAll(List.of("-P", Integer.toString(pipeline)));
        }
        Path log = logFile("r" + round + "-" + workload + "-" + RB + "-" + shape);
        List<String> csv = new ArrayList<>();
        try (Child child = new Child(cmd, log)) {
            current = child;
            String l;
            while ((l = child.await(x -> true, 120_000)) != null) {
                csv.add(l);
            }
            child.awaitExit(5_000);
        } finally {
            current = null;
        }
        Files.write(log, csv, StandardOpenOption.APPEND);
        String line;
        try {
            double[] r = RedisBenchmarkCsv.combine(csv);
            line = "workload=" + workload + " client=" + RB + " shape=" + shape + " threads=" + threads
                    + " ops_per_s=" + Math.round(r[0]) + " p50_us=" + ClientRunner.fmt(r[1])
                    + " p99_us=" + ClientRunner.fmt(r[2])
                    + " args=" + String.join("_", cmd.subList(5, cmd.size()));
        } catch (RuntimeException e) {
            line = "workload=" + workload + " client=" + RB + " shape=" + shape + " error=" + e.getMessage()
                    .replace(' ', '_');
        }
        record(line + " round=" + round);
    }

    // ------------------------------------------------------------------ W5

    /** Connect attempts per second with no client, over an outage of the same length. */
    private double baseline(RedisServer server, int outageS) throws InterruptedException {
        long before = Snmp.activeOpens();
        server.kill();
        long from = System.nanoTime();
        Thread.sleep(outageS * 1000L);
        long after = Snmp.activeOpens();
        double seconds = (System.nanoTime() - from) / 1e9;
        server.restart();
        double perS = (after - before) / seconds;
        record("workload=W5 client=none outage_s=" + outageS + " attempts_per_s=" + ClientRunner.fmt(perS)
                + " active_opens=" + (after - before));
        return perS;
    }

    private void recovery(RedisServer server, String client, int outageS, double baselinePerS)
            throws InterruptedException, IOException {
        Path log = logFile("W5-" + outageS + "s-" + client);
        String prefix = "workload=W5 client=" + client + " outage_s=" + outageS;
        List<String> cmd = new ArrayList<>();
        Path straceLog = outDir.resolve("logs").resolve("W5-" + outageS + "s-" + client + ".strace");
        if (strace) {
            // connect() calls of this client JVM alone (seccomp-bpf: only connect stops the tracee).
            cmd.addAll(List.of("strace", "-f", "--seccomp-bpf", "-qq", "-ttt", "-e", "trace=connect",
                    "-o", straceLog.toString()));
        }
        cmd.addAll(childCommand(client, "W5", server.port(), "threads=" + settings.w5Threads()));
        try (Child child = new Child(cmd, log)) {
            current = child;
            if (child.await("READY"::equals, 60_000) == null) {
                child.kill();
                record(prefix + " error=not-ready(see " + log + ")");
                return;
            }
            int readyCountBefore = server.readyTimes().size();
            long before = Snmp.activeOpens();
            server.kill();
            long killedAt = System.currentTimeMillis();
            long from = System.nanoTime();
            child.send("KILLED " + killedAt + " " + outageS * 1000L);
            long sleepMs = outageS * 1000L - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            long after = Snmp.activeOpens();
            double seconds = (System.nanoTime() - from) / 1e9;
            long restartAt = System.currentTimeMillis();
            server.restart();
            List<Instant> ready = server.awaitReadyCount(readyCountBefore + 1, Duration.ofSeconds(10));
            Instant readyAt = ready.get(ready.size() - 1);
            String result = child.await(l -> l.startsWith("workload="), 90_000);
            if (result == null) {
                child.kill();
                record(prefix + " error=no-result(see " + log + ")");
                return;
            }
            Map<String, String> r = parse(result);
            double rawPerS = (after - before) / seconds;
            String recoveryMs = "none";
            String firstUs = r.get("first_success_epoch_us");
            if (firstUs != null && !firstUs.equals("none")) {
                long readyUs = readyAt.getEpochSecond() * 1_000_000L + readyAt.getNano() / 1_000;
                recoveryMs = ClientRunner.fmt((Long.parseLong(firstUs) - readyUs) / 1000.0);
            }
            String connects = "n/a";
            if (strace) {
                child.awaitExit(10_000); // strace writes its log as it goes; the JVM halts after its line
                long n = StraceConnects.count(straceLog, server.port(), killedAt, restartAt);
                connects = n < 0 ? "n/a" : ClientRunner.fmt(n / ((restartAt - killedAt) / 1000.0));
            }
            record(prefix + " recovery_ms=" + recoveryMs
                    + " connects_per_s=" + connects
                    + " attempts_per_s=" + ClientRunner.fmt(rawPerS - baselinePerS)
                    + " attempts_raw_per_s=" + ClientRunner.fmt(rawPerS)
                    + " baseline_per_s=" + ClientRunner.fmt(baselinePerS)
                    + " server_ready=" + readyAt
                    + " failures=" + r.getOrDefault("failures", "?")
                    + " first_failure_after_kill_ms=" + r.getOrDefault("first_failure_after_kill_ms", "?")
                    + " longest_call_ms=" + r.getOrDefault("longest_call_ms", "?")
                    + " failure_kinds=" + r.getOrDefault("failure_kinds", "?")
                    + (r.containsKey("error") ? " error=" + r.get("error") : ""));
        } finally {
            current = null;
        }
    }

    // ------------------------------------------------------------------ environment

    /** The server's {@code redis_version} from {@code INFO server}, "?" if absent. */
    public static String redisVersion(RedisServer server) {
        Object info = server.execute("INFO", "server");
        for (String l : String.valueOf(info).split("\r?\n")) {
            if (l.startsWith("redis_version:")) {
                return l.substring("redis_version:".length()).trim();
            }
        }
        return "?";
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "?". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** "lettuce-core 7.7.0.RELEASE, jedis 8.0.2", from the jars' Maven metadata on the class path. */
    public static String versions() {
        return Arrays.stream(new String[] {"io.lettuce/lettuce-core", "redis.clients/jedis"})
                .map(ga -> {
                    String artifact = ga.substring(ga.indexOf('/') + 1);
                    try (InputStream in = Compare.class.getClassLoader()
                            .getResourceAsStream("META-INF/maven/" + ga + "/pom.properties")) {
                        if (in == null) {
                            return artifact + " ?";
                        }
                        Properties p = new Properties();
                        p.load(in);
                        return artifact + " " + p.getProperty("version", "?");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .collect(Collectors.joining(", "));
    }
}
