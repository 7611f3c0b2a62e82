package dev.tether.benchmarks.headofline;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.Report;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.benchmarks.compare.SideBySideTable;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The Markdown summary of a {@link HeadOfLineCompare} run: first the stall factor per client
 * (p99 of GET/SET with the blockers over p99 without, median over the rounds with the spread, and
 * whether it is within the 2x goal), then every metric per client ({@link SideBySideTable}, as in
 * the Sentinel, Cluster and Pub/Sub reports: median (min-max), then tether/peer ratios; a ratio
 * above 1 means Tether's figure is higher, whichever way is better), then each run on a line of its
 * own with its errors by type.
 */
final class HeadOfLineReport {

    /** Tether's goal: p99 with the blockers at most this many times p99 without. */
    static final double GOAL = 2.0;

    private static final List<SideBySideTable.Metric> METRICS = List.of(
            new SideBySideTable.Metric("stall_p99", "stall factor: GET/SET p99 with blockers / without", false),
            new SideBySideTable.Metric("stall_p50", "GET/SET p50 with blockers / without", false),
            new SideBySideTable.Metric("base_ops_s", "baseline: GET/SET ok per second", true),
            new SideBySideTable.Metric("base_p50_ms", "baseline: GET/SET p50, ms", false),
            new SideBySideTable.Metric("base_p99_ms", "baseline: GET/SET p99, ms", false),
            new SideBySideTable.Metric("base_max_ms", "baseline: GET/SET max, ms", false),
            new SideBySideTable.Metric("base_errors", "baseline: GET/SET errors", false),
            new SideBySideTable.Metric("base_stuck", "baseline: GET/SET waiting 1 s or more at the end", false),
            new SideBySideTable.Metric("blk_ops_s", "with blockers: GET/SET ok per second", true),
            new SideBySideTable.Metric("blk_ok", "with blockers: GET/SET ok, count", true),
            new SideBySideTable.Metric("blk_p50_ms", "with blockers: GET/SET p50, ms", false),
            new SideBySideTable.Metric("blk_p99_ms", "with blockers: GET/SET p99, ms", false),
            new SideBySideTable.Metric("blk_max_ms", "with blockers: GET/SET max, ms", false),
            new SideBySideTable.Metric("blk_errors", "with blockers: GET/SET errors", false),
            new SideBySideTable.Metric("blk_stuck", "with blockers: GET/SET waiting 1 s or more at the end", false),
            new SideBySideTable.Metric("blpop_returned", "BLPOPs returned (timed out empty) during the blocked phase", true),
            new SideBySideTable.Metric("blpop_errors", "BLPOPs failed", false));

    private final SideBySideRun.Facts facts;
    private final HeadOfLineCompare.Settings settings;
    private final String redisVersion;

    HeadOfLineReport(SideBySideRun.Facts facts, HeadOfLineCompare.Settings settings, String redisVersion) {
        this.facts = facts;
        this.settings = settings;
        this.redisVersion = redisVersion;
    }

    /** The whole summary. */
    String markdown() {
        List<String> clients = settings.clients();
        SideBySideTable table = new SideBySideTable(facts.lines(), true, true);
        StringBuilder md = new StringBuilder();
        md.append("## Head-of-line blocking side by side, ").append(facts.started().truncatedTo(ChronoUnit.SECONDS))
                .append("\n\n");
        md.append("- ").append(facts.rounds()).append(" round(s), clients interleaved, order rotated each round;"
                        + " one forked JVM per client and round (-Xms512m -Xmx512m), all against one loopback"
                        + " redis-server ").append(redisVersion).append("; ").append(Compare.versions())
                .append("; java ").append(facts.java()).append(" (").append(System.getProperty("java.runtime.version"))
                .append("); ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs.\n");
        md.append("- Clients, ONE client object shared by every thread, defaults otherwise: tether = one RedisClient"
                + " (command timeout 5 s); lettuce = one StatefulRedisConnection (command timeout 60 s); jedis ="
                + " Jedis 8 pooled RedisClient, pool of ").append(HolDriver.JEDIS_POOL)
                .append(" (a connection per caller; socket timeout 2 s, none for BLPOP).\n");
        md.append("- Load: ").append(HeadOfLineCompare.CALLERS).append(" platform threads alternating GET and SET of"
                        + " a key of their own (").append(HeadOfLineCompare.VALUE_BYTES).append("-byte value), ")
                .append(settings.warmupMs()).append(" ms warm-up, then the baseline window (")
                .append(settings.baselineMs()).append(" ms); then ").append(HeadOfLineCompare.BLOCKERS)
                .append(" more threads each looping `BLPOP hol:empty<j> ").append(HeadOfLineCompare.BLOCK_S)
                .append("` on a list nobody pushes to, and ").append(settings.leadMs())
                .append(" ms later the window with blockers (").append(settings.blockedMs())
                .append(" ms). Latency: every GET/SET that returned or failed in the window, failures included; a"
                        + " call still waiting at the window's end counts with its wait so far (so with stuck calls"
                        + " p99 and max are lower bounds, capped near the window's length). ok/s counts calls that"
                        + " returned without an error. Errors are by exception type (Tether's with its reason).\n");
        md.append(facts.loadAverageLine());
        md.append("- Median over the rounds, (min–max) when more than one; [k/n runs] when only k runs had a"
                + " value. Took ").append(facts.tookSeconds()).append(" s; command line: HeadOfLineCompare")
                .append(facts.argLine().isBlank() ? "" : " " + facts.argLine()).append(".\n\n");
        md.append("| client | setup | GET/SET p99 without blockers, ms | with blockers, ms | stall factor |"
                + " within ").append(fmt(GOAL)).append("x? |\n|---|---|---:|---:|---:|---|\n");
        for (String c : clients) {
            double stall = Report.median(table.values(c, "stall_p99"));
            md.append("| ").append(c).append(" | ").append(setup(c)).append(" | ")
                    .append(cell(table, c, "base_p99_ms")).append(" | ").append(cell(table, c, "blk_p99_ms"))
                    .append(" | ").append(cell(table, c, "stall_p99")).append(" | ")
                    .append(Double.isNaN(stall) ? "n/a" : stall <= GOAL ? "yes" : "no").append(" |\n");
        }
        md.append('\n');
        table.append(md, clients, METRICS);
        md.append("\nEach run:\n\n");
        for (Map<String, String> l : facts.lines()) {
            md.append("- round ").append(l.get("round")).append(' ').append(l.get("client")).append(": ");
            if (l.containsKey("error")) {
                md.append("ERROR ").append(l.get("error")).append('\n');
                continue;
            }
            for (String w : List.of("base", "blk")) {
                md.append(w.equals("base") ? "baseline " : "; with blockers ").append(l.get(w + "_ok")).append(" ok, ")
                        .append(l.get(w + "_errors")).append(" errors (").append(l.get(w + "_error_types"))
                        .append("), ").append(l.get(w + "_waiting")).append(" in flight at the end (")
                        .append(l.get(w + "_stuck")).append(" for 1 s or more), p99 ")
                        .append(l.get(w + "_p99_ms")).append(" ms, max ").append(l.get(w + "_max_ms")).append(" ms");
            }
            md.append("; stall factor ").append(l.get("stall_p99")).append("; BLPOP ").append(l.get("blpop_returned"))
                    .append(" returned, ").append(l.get("blpop_errors")).append(" failed (")
                    .append(l.get("blpop_error_types")).append(")\n");
        }
        return md.toString();
    }

    private static String setup(String client) {
        return switch (client) {
            case "tether" -> "one RedisClient";
            case "lettuce" -> "one StatefulRedisConnection";
            case "jedis" -> "pool of " + HolDriver.JEDIS_POOL;
            default -> client;
        };
    }

    private static String cell(SideBySideTable table, String client, String field) {
        return SideBySideTable.medianRange(table.values(client, field));
    }

    private static String fmt(double v) {
        return SideBySideTable.num(v);
    }
}
