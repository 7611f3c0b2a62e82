package dev.tether.benchmarks.cluster;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.benchmarks.compare.SideBySideTable;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The Markdown summary of a {@link ClusterCompare} run: per metric and client the median over the
 * rounds with the spread (min-max), then tether/lettuce, tether/jedis and tether against the
 * better of the two peers, as in the Pub/Sub harness's report; then every failover run on a line
 * of its own (whether the client recovered, the errors by type, the accounting), since a median
 * hides the run that went wrong. A ratio above 1 means Tether's figure is higher, whichever way
 * is better.
 */
final class ClusterReport {

    private static final List<SideBySideTable.Metric> METRICS = List.of(
            new SideBySideTable.Metric("ops_per_s", "W2 ops/s (64 threads, SET+GET, random keys over all slots)", true),
            new SideBySideTable.Metric("p50_us", "W2 latency p50, µs", false),
            new SideBySideTable.Metric("p99_us", "W2 latency p99, µs", false),
            new SideBySideTable.Metric("cpu_us_per_cmd", "W2 CPU µs per command (client JVM)", false),
            new SideBySideTable.Metric("bytes_per_cmd", "W2 bytes allocated per command (client JVM)", false),
            new SideBySideTable.Metric("csw_per_cmd", "W2 context switches per command (vol+invol)", false),
            new SideBySideTable.Metric("promo_ms", "failover: kill to replica promotion, ms (server side)", false),
            new SideBySideTable.Metric("lag_kill_ms", "failover: kill to first success on a killed slot, ms", false),
            new SideBySideTable.Metric("lag_promo_ms", "failover: promotion to first success on a killed slot, ms", false),
            new SideBySideTable.Metric("other_outage_pct", "failover: other primaries' rate until then, % of before", true),
            new SideBySideTable.Metric("fo_errors", "failover: commands failed", false),
            new SideBySideTable.Metric("dups", "failover: duplicates (list ids twice + counter excess)", false),
            new SideBySideTable.Metric("not_sent_ran", "failover: \"never sent\" commands that ran", false),
            new SideBySideTable.Metric("repl_lost", "failover: acknowledged writes lost (replication, not the client)", false));

    private final SideBySideRun.Facts facts;
    private final ClusterCompare.Settings settings;
    private final String redisVersion;
    private final SideBySideTable table;

    ClusterReport(SideBySideRun.Facts facts, ClusterCompare.Settings settings, String redisVersion) {
        this.facts = facts;
        this.settings = settings;
        this.redisVersion = redisVersion;
        this.table = new SideBySideTable(facts.lines(), false, true);
    }

    /** The whole summary. */
    String markdown() {
        List<String> clients = settings.clients();
        StringBuilder md = new StringBuilder();
        md.append("## Redis Cluster side by side, ").append(facts.started().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        md.append("- ").append(facts.rounds()).append(" interleaved round(s) of ").append(String.join(", ", clients))
                .append(", one forked JVM per client and round (-Xms512m -Xmx512m), each against a fresh"
                        + " loopback cluster of 3 primaries with 1 replica each (cluster-node-timeout 2000 ms),"
                        + " redis-server ").append(redisVersion).append("; ").append(Compare.versions())
                .append("; java ").append(facts.java()).append(" (").append(System.getProperty("java.runtime.version"))
                .append(").\n");
        md.append("- W2: 64 threads share one client, SET then GET of a random key out of 10,000 (all slots), ")
                .append(settings.w2WarmupMs()).append(" ms warm-up, ").append(settings.w2Ms())
                .append(" ms measured; CPU, allocation and context switches are the client JVM's (CostMeter).\n");
        md.append("- Failover: 16 threads, each command an INCR of one of ").append(ClusterRunner.COUNTERS)
                .append(" counters or an RPUSH of a unique id to one of ").append(ClusterRunner.LISTS)
                .append(" lists; after ").append(settings.preKillMs()).append(" ms the primary of fo:list:0's"
                        + " slot gets SIGKILL; the load goes on ").append(settings.afterKillMs())
                .append(" ms (the next run's cluster starts in its last ").append(ClusterCompare.PREFETCH_MS)
                .append(" ms). Lag: the end of the first successful command on a slot of the killed primary that"
                        + " completed after the replica's promotion (its log line), minus the kill (or the"
                        + " promotion). Lettuce: all adaptive refresh triggers, periodic refresh every ")
                .append(ClusterDriver.LETTUCE_PERIODIC_REFRESH.toSeconds()).append(" s, 5 s command timeout;"
                        + " Jedis: defaults, pool of 64 per node; Tether: defaults.\n");
        md.append(facts.loadAverageLine());
        md.append("- Median over the rounds, (min–max) when more than one; [k/n runs] when only k runs had a"
                + " value (no recovery gives no lag). Took ").append(facts.tookSeconds())
                .append(" s").append(facts.argLine().isBlank() ? "" : ", flags " + facts.argLine()).append(".\n\n");
        table.append(md, clients, METRICS);
        md.append("\nEach failover run:\n\n");
        for (Map<String, String> l : facts.lines()) {
            md.append("- round ").append(l.get("round")).append(' ').append(l.get("client")).append(": ");
            if (l.containsKey("error")) {
                md.append("ERROR ").append(l.get("error")).append('\n');
                continue;
            }
            md.append("recovered=").append(l.get("recovered")).append(", promotion ").append(l.get("promo_ms"))
                    .append(" ms (").append(l.get("promo_line")).append("), lag ").append(l.get("lag_kill_ms"))
                    .append(" ms from the kill, successes on killed slots after the kill ")
                    .append(l.get("victim_ok_after_kill")).append("; ").append(FailoverLoad.describe(l))
                    .append("; W2 errors ").append(l.get("w2_errors")).append('\n');
        }
        return md.toString();
    }
}
