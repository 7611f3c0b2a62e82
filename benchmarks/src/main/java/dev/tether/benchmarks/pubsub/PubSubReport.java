package dev.tether.benchmarks.pubsub;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.Report;
import dev.tether.benchmarks.compare.SideBySideTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown summary of a {@link PubSubCompare} run: per metric and client the median over the
 * rounds with the spread (min-max), then tether/lettuce, tether/jedis and tether against the
 * better of the two peers (the higher throughput, the lower latency or cost). A ratio above 1
 * means Tether's figure is higher, whichever way is better; the "better?" column says which
 * way is better.
 */
final class PubSubReport {

    private static final List<SideBySideTable.Metric> METRICS = List.of(
            new SideBySideTable.Metric("msgs_per_s", "throughput, msg/s (first to last arrival)", true),
            new SideBySideTable.Metric("drops", "throughput messages lost", false),
            new SideBySideTable.Metric("cpu_us_per_msg", "CPU µs per message (subscriber JVM)", false),
            new SideBySideTable.Metric("bytes_per_msg", "bytes allocated per message (subscriber JVM)", false),
            new SideBySideTable.Metric("csw_per_msg", "context switches per message (vol+invol)", false),
            new SideBySideTable.Metric("vcsw_per_msg", "  of which voluntary", false),
            new SideBySideTable.Metric("nvcsw_per_msg", "  of which involuntary", false),
            new SideBySideTable.Metric("p50_us", "latency p50, µs (paced)", false),
            new SideBySideTable.Metric("p99_us", "latency p99, µs (paced)", false),
            new SideBySideTable.Metric("p999_us", "latency p99.9, µs (paced)", false),
            new SideBySideTable.Metric("pub_per_s", "publisher rate, msg/s (server acknowledged)", true));

    private final List<Map<String, String>> lines;
    private final PubSubCompare.Settings settings;
    private final int rounds;
    private final Instant started;
    private final Instant ended;
    private final String loadBefore;
    private final String loadAfter;
    private final List<String> roundLoads;
    private final String redisVersion;
    private final String java;
    private final String argLine;
    private final SideBySideTable table;

    PubSubReport(List<Map<String, String>> lines, PubSubCompare.Settings settings, int rounds, Instant started,
                 Instant ended, String loadBefore, String loadAfter, List<String> roundLoads, String redisVersion,
                 String java, String argLine) {
        this.lines = lines;
        this.settings = settings;
        this.rounds = rounds;
        this.started = started;
        this.ended = ended;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.roundLoads = roundLoads;
        this.redisVersion = redisVersion;
        this.java = java;
        this.argLine = argLine;
        this.table = new SideBySideTable(lines, true, false);
    }

    /** The whole summary. */
    String markdown() {
        List<String> clients = settings.clients();
        StringBuilder md = new StringBuilder();
        md.append("## Pub/Sub side by side, ").append(started.truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        md.append("- ").append(rounds).append(" interleaved round(s) of ").append(String.join(", ", clients))
                .append(", one forked JVM per client and round (-Xms512m -Xmx512m), one listener on one channel;"
                        + " redis-server ").append(redisVersion).append(" on loopback; ")
                .append(Compare.versions()).append("; java ").append(java).append(" (")
                .append(System.getProperty("java.runtime.version")).append(").\n");
        md.append("- Throughput: ").append(String.format(Locale.ROOT, "%,d", settings.warmup()))
                .append(" warm-up then ").append(String.format(Locale.ROOT, "%,d", settings.messages()))
                .append(" messages of ").append(Publisher.PAYLOAD_BYTES).append(" bytes, published as fast as"
                        + " possible by a raw-socket publisher in the coordinator JVM (PUBLISH pipelined, ")
                .append(Publisher.BATCH).append(" per write); msg/s from the first to the last arrival. CPU,"
                        + " allocation and context switches are the subscriber JVM's own, over that phase"
                        + " (CostMeter), divided by the messages received.\n");
        md.append("- Latency: ").append(String.format(Locale.ROOT, "%,d", settings.latCount()))
                .append(" messages paced at ").append(String.format(Locale.ROOT, "%,d", settings.latRate()))
                .append("/s by a raw-socket publisher thread in the subscriber's JVM, payload carrying"
                        + " System.nanoTime() at its write; listener arrival minus that; first ")
                .append(String.format(Locale.ROOT, "%,d", settings.latSkip())).append(" left out.\n");
        md.append("- Payloads are handed to every listener as byte[] (no String decoding). Tether: default"
                + " DeliveryPolicy (stopReading 10,000), listener on its delivery thread; Lettuce:"
                + " connectPubSub(ByteArrayCodec), listener on the event loop; Jedis: BinaryJedisPubSub,"
                + " subscribe() on its own thread.\n");
        md.append("- Load average (1, 5, 15 min) before ").append(loadBefore).append(", after ").append(loadAfter)
                .append("; per round ").append(String.join("; ", roundLoads)).append(".\n");
        md.append("- Median over the rounds, (min–max) when more than one round. Took ")
                .append(ChronoUnit.SECONDS.between(started, ended)).append(" s")
                .append(argLine.isBlank() ? "" : ", flags " + argLine).append(".\n\n");

        table.append(md, clients, METRICS);
        for (String c : clients) {
            double tp = Report.median(table.values(c, "msgs_per_s"));
            double pub = Report.median(table.values(c, "pub_per_s"));
            if (tp >= 0.9 * pub) {
                md.append("\n").append(c).append("'s throughput is within 10% of the publisher's rate: it shows"
                        + " the publisher and the server more than the client.\n");
            }
        }
        List<String> problems = new ArrayList<>();
        for (Map<String, String> l : lines) {
            if (l.containsKey("error")) {
                problems.add("round " + l.get("round") + " " + l.get("client") + ": " + l.get("error"));
            } else if (!"0".equals(l.getOrDefault("zero_replies", "0")) || !"0".equals(l.getOrDefault("threads_died", "0"))
                    || !l.getOrDefault("lat_sent", "").equals(l.getOrDefault("lat_received", ""))) {
                problems.add("round " + l.get("round") + " " + l.get("client") + ": zero_replies="
                        + l.get("zero_replies") + " threads_died=" + l.get("threads_died") + " lat_received="
                        + l.get("lat_received") + "/" + l.get("lat_sent"));
            }
        }
        if (!problems.isEmpty()) {
            md.append("\nProblems:\n");
            problems.forEach(p -> md.append("- ").append(p).append('\n'));
        }
        return md.toString();
    }
}
