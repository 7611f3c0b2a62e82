package dev.tether.benchmarks.footprint;

import dev.tether.benchmarks.talk.ForkedJvm;
import dev.tether.redis.testkit.RedisServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * W6: the footprint of 10,000 idle connections, per client. Runs the clients one after another,
 * each in a JVM of its own ({@link FootprintRun}) against a fresh redis-server started with
 * {@code maxclients} above the connection count, and prints per connection: heap and direct
 * memory, resident set size, and the threads it costs.
 *
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pfootprint [-Dfootprint.args="--connections 10000"]
 * </pre>
 * Options: {@code --connections N} (10000), {@code --clients tether,tether-nohc,lettuce,jedis},
 * {@code --timeout S} (120, per client), {@code --heap SIZE} (4g), {@code --histograms DIR}
 * (where the class histograms go; default the working directory).
 *
 * <p>Each forked JVM needs a descriptor per connection. If this JVM's limit is too low for
 * that, the child is started through {@code sh -c "ulimit -n 20000 && exec java ..."}.
 */
public final class FootprintBenchmark {

    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
        List<String> clients = List.of(options.getOrDefault("clients", "tether,tether-nohc,lettuce,jedis").split(","));
        long timeout = Long.parseLong(options.getOrDefault("timeout", "120"));
        String heap = options.getOrDefault("heap", "4g");
        Path histograms = Path.of(options.getOrDefault("histograms", "."));
        Files.createDirectories(histograms);
        long maxFds = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        boolean raiseLimit = maxFds < connections + 1_000L;
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf("# W6 footprint: %d connections per client, clients %s, java %s, %d cpus, fd limit %d%s, started %s%n",
                connections, clients, Runtime.version(), Runtime.getRuntime().availableProcessors(), maxFds,
                raiseLimit ? " (children get ulimit -n 20000)" : "", started);
        Map<String, double[]> perConnection = new LinkedHashMap<>();
        for (String client : clients) {
            long t0 = System.nanoTime();
            try (RedisServer server = RedisServer.builder().maxClients(connections + 100).start()) {
                Path histogram = histograms.resolve("w6-histogram-" + client + ".txt").toAbsolutePath();
                List<String> command = ForkedJvm.command(
                        List.of("-Xmx" + heap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                        FootprintRun.class,
                        List.of(client, Integer.toString(connections), server.host(), Integer.toString(server.port()),
                                Long.toString(timeout), histogram.toString()));
                List<String> full = new ArrayList<>();
                if (raiseLimit) {
                    // sh -c SCRIPT NAME ARGS...: "$@" is the java command line, unchanged.
                    full.addAll(List.of("/bin/sh", "-c", "ulimit -n 20000 && exec \"$@\"", "footprint-child"));
                }
                full.addAll(command);
                String[] result = new String[1];
                int exit = ForkedJvm.run(full, timeout + 30, line -> {
                    if (line.startsWith("RESULT ")) {
                        result[0] = line;
                    } else {
                        System.out.println("#   [" + client + "] " + line);
                    }
                });
                double took = (System.nanoTime() - t0) / 1e9;
                if (exit != 0 || result[0] == null) {
                    System.out.printf(Locale.ROOT, "workload=W6 client=%s FAILED exit=%d after %.0f s%n", client, exit, took);
                    continue;
                }
                perConnection.put(client, report(result[0], took, histogram));
            }
        }
        if (perConnection.containsKey("tether") && perConnection.containsKey("lettuce")) {
            double[] t = perConnection.get("tether");
            double[] l = perConnection.get("lettuce");
            System.out.printf(Locale.ROOT, "ratio=tether_over_lettuce heap_plus_direct=%.2f  # acceptance: at most 1.00; goal 0.50%n",
                    (t[0] + t[1]) / (l[0] + l[1]));
        }
        if (perConnection.containsKey("tether-nohc") && perConnection.containsKey("lettuce")) {
            double[] t = perConnection.get("tether-nohc");
            double[] l = perConnection.get("lettuce");
            System.out.printf(Locale.ROOT, "ratio=tether-nohc_over_lettuce heap_plus_direct=%.2f%n", (t[0] + t[1]) / (l[0] + l[1]));
        }
        Instant finished = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.println("# finished " + finished + " (" + (finished.getEpochSecond() - started.getEpochSecond()) + " s)");
    }

    /** Prints the W6 line of one client; returns {heap/conn, direct/conn}. */
    private static double[] report(String line, double seconds, Path histogram) {
        long n = Long.parseLong(ForkedJvm.field(line, "connections"));
        long heapBase = Long.parseLong(ForkedJvm.field(line, "heap_base"));
        long heapHalf = Long.parseLong(ForkedJvm.field(line, "heap_half"));
        long heapFull = Long.parseLong(ForkedJvm.field(line, "heap_full"));
        long directBase = Long.parseLong(ForkedJvm.field(line, "direct_base"));
        long directFull = Long.parseLong(ForkedJvm.field(line, "direct_full"));
        long nettyBase = Long.parseLong(ForkedJvm.field(line, "netty_direct_base"));
        long nettyFull = Long.parseLong(ForkedJvm.field(line, "netty_direct_full"));
        long rssBase = Long.parseLong(ForkedJvm.field(line, "rss_base"));
        long rssFull = Long.parseLong(ForkedJvm.field(line, "rss_full"));
        double heapPer = (heapFull - heapBase) / (double) n;
        double heapMarginal = (heapFull - heapHalf) / (double) (n - n / 2);
        double directPer = (directFull - directBase + nettyFull - nettyBase) / (double) n;
        double rssPer = (rssFull - rssBase) / (double) n;
        System.out.printf(Locale.ROOT,
                "workload=W6 client=%s connections=%d heap_per_conn_b=%.0f heap_marginal_per_conn_b=%.0f"
                        + " direct_per_conn_b=%.0f (netty %.0f) heap_plus_direct_per_conn_b=%.0f rss_per_conn_b=%.0f"
                        + " platform_threads=%s->%s->%s tether_loops=%s tether_readers=%s tether_sockets=%s open_s=%s run_s=%.0f max_fds=%s histogram=%s%n",
                ForkedJvm.field(line, "client"), n, heapPer, heapMarginal, directPer, (nettyFull - nettyBase) / (double) n,
                heapPer + directPer, rssPer,
                ForkedJvm.field(line, "threads_base"), ForkedJvm.field(line, "threads_half"), ForkedJvm.field(line, "threads_full"), ForkedJvm.field(line, "loops"),
                ForkedJvm.field(line, "readers"), ForkedJvm.field(line, "sockets"), ForkedJvm.field(line, "open_s"), seconds, ForkedJvm.field(line, "max_fds"),
                histogram.getFileName());
        return new double[] {heapPer, directPer};
    }
}
