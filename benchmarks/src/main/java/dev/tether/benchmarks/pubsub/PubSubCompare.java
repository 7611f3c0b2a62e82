package dev.tether.benchmarks.pubsub;

import dev.tether.benchmarks.compare.Child;
import dev.tether.benchmarks.compare.Compare;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Pub/Sub side-by-side harness: Tether's {@code RedisSubscriber}, Lettuce's
 * {@code StatefulRedisPubSubConnection} and Jedis's {@code JedisPubSub}, one listener on one
 * channel, against ONE local redis-server (redis-testkit, loopback), in one run.
 *
 * <p>For each round and each client it forks a JVM of its own ({@link PubSubRunner}, same java
 * and class path as this coordinator); rounds are interleaved (round 1: tether, lettuce, jedis;
 * round 2: ...). Per run:
 * <ul>
 *   <li><b>throughput</b>: this coordinator's {@link Publisher} (a raw socket, so no client
 *       library publishes) writes warm-up messages, waits until the child received them all,
 *       then writes {@code messages} 32-byte messages as fast as the socket takes them
 *       (pipelined, 256 per write). The child measures from the first to the last arrival and
 *       what its JVM spent meanwhile (CPU, bytes allocated, context switches: the client's own,
 *       since the publisher is not in that JVM);</li>
 *   <li><b>latency</b>: inside the child, a {@link Publisher} on the main thread publishes at a
 *       fixed rate, each payload carrying {@code System.nanoTime()}; the listener records the
 *       difference (one JVM, one clock).</li>
 * </ul>
 *
 * <p>Flags: {@code --rounds N} (default 5; without it, rounds stop early if the next one would
 * pass the time budget of 80 s, and the run says so), {@code --quick} (1 round, smaller counts),
 * {@code --clients tether,lettuce,jedis}; and the system property {@code pubsub.childJvmArgs}
 * (space-separated JVM flags for the forked clients, for profiling one). Output: one line per run on stdout, then a Markdown
 * summary ({@link PubSubReport}); the same text, the summary and the children's stderr go to
 * {@code pubsub-out/<UTC time>/} in the working directory ({@code benchmarks/target} under
 * {@code -Ppubsub}).
 */
public final class PubSubCompare {

    static final String CHANNEL = "bench";

    /** What one harness run does. */
    record Settings(int rounds, boolean roundsGiven, boolean quick, List<String> clients, long budgetS,
                    int warmup, int messages, int latRate, int latCount, int latSkip, long quietMs) {

        static Settings parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int rounds = quick ? 1 : 5;
            boolean roundsGiven = false;
            List<String> clients = BenchSubscriber.CLIENTS;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--rounds" -> {
                        rounds = Integer.parseInt(value(args, ++i));
                        roundsGiven = true;
                    }
                    case "--clients" -> clients = Arrays.stream(value(args, ++i).split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList();
                    case "-h", "--help" -> {
                        System.out.println("PubSubCompare [--quick] [--rounds N] [--clients tether,lettuce,jedis]");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
                }
            }
            for (String c : clients) {
                if (!BenchSubscriber.CLIENTS.contains(c)) {
                    throw new IllegalArgumentException("unknown client " + c + " " + BenchSubscriber.CLIENTS);
                }
            }
            if (clients.isEmpty() || rounds < 1 || rounds > 50) {
                throw new IllegalArgumentException("need at least one client and 1..50 rounds");
            }
            return quick
                    ? new Settings(rounds, roundsGiven, true, clients, 80, 50_000, 50_000, 20_000, 10_000, 3_000, 1_000)
                    : new Settings(rounds, roundsGiven, false, clients, 80, 150_000, 200_000, 20_000, 20_000, 5_000, 1_000);
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

    private PubSubCompare(Settings settings) throws IOException {
        this.settings = settings;
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        this.outDir = Path.of("pubsub-out", stamp).toAbsolutePath();
        Files.createDirectories(outDir.resolve("logs"));
        this.results = new PrintStream(Files.newOutputStream(outDir.resolve("results.txt")), true,
                StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        PubSubCompare harness = new PubSubCompare(Settings.parse(args));
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
        out("# PubSubCompare" + (argLine.isBlank() ? "" : " " + argLine) + " " + settings);
        out("# java " + java + " (" + System.getProperty("java.runtime.version") + "); " + Compare.versions());
        String loadBefore = Compare.loadAverage();
        List<String> roundLoads = new ArrayList<>();
        String redisVersion;
        int roundsDone = 0;
        try (RedisServer server = RedisServer.builder().start();
             Publisher publisher = new Publisher(server.port(), CHANNEL)) {
            redisVersion = Compare.redisVersion(server);
            out("# redis-server " + redisVersion + " pid " + server.pid() + " on 127.0.0.1:" + server.port()
                    + ", load average " + loadBefore + ", output in " + outDir);
            long roundsStarted = System.nanoTime();
            for (int round = 1; round <= settings.rounds(); round++) {
                if (round > 1 && !settings.roundsGiven()) {
                    double elapsedS = (System.nanoTime() - t0) / 1e9;
                    double perRoundS = (System.nanoTime() - roundsStarted) / 1e9 / (round - 1);
                    if (elapsedS + perRoundS > settings.budgetS()) {
                        out(String.format(Locale.ROOT, "# stopping after %d rounds: another (~%.0f s) would pass"
                                + " the %d s budget (give --rounds N to insist)", round - 1, perRoundS,
                                settings.budgetS()));
                        break;
                    }
                }
                String load = Compare.loadAverage();
                for (String client : settings.clients()) {
                    runClient(round, client, server.port(), publisher);
                }
                roundLoads.add(load + " -> " + Compare.loadAverage());
                roundsDone = round;
            }
        }
        String loadAfter = Compare.loadAverage();
        PubSubReport report = new PubSubReport(lines, settings, roundsDone, started, Instant.now(), loadBefore,
                loadAfter, roundLoads, redisVersion, java, argLine);
        String md = report.markdown();
        out("");
        md.lines().forEach(this::out);
        Files.writeString(outDir.resolve("summary.md"), md, StandardCharsets.UTF_8);
        out("# elapsed " + ChronoUnit.SECONDS.between(started, Instant.now()) + " s; results in " + outDir);
        results.close();
    }

    private void runClient(int round, String client, int port, Publisher publisher) throws Exception {
        Path log = outDir.resolve("logs").resolve("r" + round + "-" + client + ".log");
        String prefix = "pubsub=result client=" + client;
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xms512m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                PubSubRunner.class.getName(), client, Integer.toString(port),
                "channel=" + CHANNEL, "warmup=" + settings.warmup(), "messages=" + settings.messages(),
                "latRate=" + settings.latRate(), "latCount=" + settings.latCount(),
                "latSkip=" + settings.latSkip(), "quietMs=" + settings.quietMs()));
        // For profiling a client (say, -XX:StartFlightRecording=...): extra JVM flags, space-separated.
        String extra = System.getProperty("pubsub.childJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(1, List.of(extra.split("\\s+")));
        }
        long t0 = System.nanoTime();
        String line;
        try (Child child = new Child(cmd, log)) {
            current = child;
            line = converse(child, publisher, prefix, log);
            if (line == null) {
                child.kill();
            }
        } finally {
            current = null;
        }
        if (line == null) {
            line = prefix + " error=no-result(see_" + log.getFileName() + ")";
        }
        line += " round=" + round;
        out(line);
        lines.add(Compare.parse(line));
        System.err.printf(Locale.ROOT, "[pubsub] round %d %s took %.1f s%n", round, client,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The READY / warm-up / WARM / throughput exchange; the child's result line with the publisher's fields, or null. */
    private String converse(Child child, Publisher publisher, String prefix, Path log) throws Exception {
        if (child.await("READY"::equals, 30_000) == null) {
            return null;
        }
        publisher.burst(Publisher.THROUGHPUT, settings.warmup());
        if (child.await("WARM"::equals, 60_000) == null) {
            return null;
        }
        long zerosBefore = publisher.zeroReplies();
        long start = System.nanoTime();
        long writeNanos = publisher.burst(Publisher.THROUGHPUT, settings.messages());
        boolean answered = publisher.awaitReplies(30_000);
        long pubNanos = System.nanoTime() - start;
        String result = child.await(l -> l.startsWith("pubsub=result"), 60_000);
        if (result == null) {
            return null;
        }
        Map<String, String> r = Compare.parse(result);
        long received = Long.parseLong(r.getOrDefault("received", "0"));
        return result + " published=" + settings.messages()
                + " drops=" + (r.containsKey("received") ? settings.messages() - received : "NaN")
                + " pub_per_s=" + (answered ? Math.round(settings.messages() / (pubNanos / 1e9)) : "NaN")
                + " pub_write_ms=" + PubSubRunner.fmt(writeNanos / 1e6)
                + " zero_replies=" + (publisher.zeroReplies() - zerosBefore);
    }

}
