package dev.tether.benchmarks.sentinel;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.benchmarks.compare.SideBySideTable;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The Markdown summary of a {@link SentinelCompare} run: per metric and client the median over
 * the rounds with the spread (min-max), then tether/lettuce, tether/jedis and tether against the
 * better of the two peers ({@link SideBySideTable}, as in the Cluster and Pub/Sub reports); then
 * every run on a line of its own (lags, errors by type, the accounting), since a median hides the
 * run that went wrong. A ratio above 1 means Tether's figure is higher, whichever way is better.
 */
final class SentinelReport {

    private static final List<SideBySideTable.Metric> METRICS = List.of(
            new SideBySideTable.Metric("ops_per_s", "load before the faults, acknowledged commands/s (16 threads)", true),
            new SideBySideTable.Metric("failover_switch_ms", "SENTINEL FAILOVER: command to first +switch-master, ms (server side)", false),
            new SideBySideTable.Metric("failover_promo_ms", "SENTINEL FAILOVER: command to +promoted-slave, ms (server side)", false),
            new SideBySideTable.Metric("failover_lag_ms", "SENTINEL FAILOVER: +switch-master to first write on the new primary, ms", false),
            new SideBySideTable.Metric("failover_promo_lag_ms", "SENTINEL FAILOVER: +promoted-slave to first write on the new primary, ms", false),
            new SideBySideTable.Metric("failover_fault_lag_ms", "SENTINEL FAILOVER: command to first write on the new primary, ms", false),
            new SideBySideTable.Metric("failover_stale_ms", "SENTINEL FAILOVER: writes still taken by the old primary after +promoted-slave, ms", false),
            new SideBySideTable.Metric("kill_switch_ms", "kill -9: kill to first +switch-master, ms (server side)", false),
            new SideBySideTable.Metric("kill_promo_ms", "kill -9: kill to +promoted-slave, ms (server side)", false),
            new SideBySideTable.Metric("kill_lag_ms", "kill -9: +switch-master to first write on the new primary, ms", false),
            new SideBySideTable.Metric("kill_promo_lag_ms", "kill -9: +promoted-slave to first write on the new primary, ms", false),
            new SideBySideTable.Metric("kill_fault_lag_ms", "kill -9: kill to first write on the new primary, ms", false),
            new SideBySideTable.Metric("fo_errors", "both faults: commands failed", false),
            new SideBySideTable.Metric("dups", "both faults: duplicates (list ids twice + counter excess)", false),
            new SideBySideTable.Metric("not_sent_ran", "both faults: \"never sent\" commands that ran", false),
            new SideBySideTable.Metric("repl_lost", "both faults: acknowledged writes lost", false),
            new SideBySideTable.Metric("lost_pct", "both faults: acknowledged writes lost, % of acknowledged", false));

    private final SideBySideRun.Facts facts;
    private final SentinelCompare.Settings settings;
    private final String redisVersion;
    private final String sentinelSettings;

    SentinelReport(SideBySideRun.Facts facts, SentinelCompare.Settings settings, String redisVersion,
                   String sentinelSettings) {
        this.facts = facts;
        this.settings = settings;
        this.redisVersion = redisVersion;
        this.sentinelSettings = sentinelSettings;
    }

    /** The whole summary. */
    String markdown() {
        List<String> clients = settings.clients();
        StringBuilder md = new StringBuilder();
        md.append("## Redis Sentinel failover side by side, ").append(facts.started().truncatedTo(ChronoUnit.SECONDS))
                .append("\n\n");
        md.append("- ").append(facts.rounds()).append(" interleaved round(s) of ").append(String.join(", ", clients))
                .append(", one forked JVM per client and round (-Xms512m -Xmx512m), each against a fresh loopback"
                        + " Sentinel setup (a primary, 2 replicas, 3 sentinels, quorum 2, ").append(sentinelSettings)
                .append(" ms), redis-server ").append(redisVersion).append("; ").append(Compare.versions())
                .append("; java ").append(facts.java()).append(" (").append(System.getProperty("java.runtime.version"))
                .append(").\n");
        md.append("- Every client: connect timeout ").append(SentinelDriver.CONNECT_TIMEOUT.toMillis())
                .append(" ms, command timeout ").append(SentinelDriver.COMMAND_TIMEOUT.toMillis())
                .append(" ms. Tether: RedisClient over redis-sentinel://, defaults; Lettuce: RedisClient.connect with a"
                        + " Sentinel RedisURI; Jedis: RedisSentinelClient, pool of ").append(SentinelDriver.JEDIS_POOL)
                .append(".\n");
        md.append("- Load: ").append(SentinelCompare.THREADS).append(" threads, each command an INCR of the thread's"
                        + " own counter or an RPUSH of a unique id to its own list; ").append(settings.preFaultMs())
                .append(" ms of it, then SENTINEL FAILOVER; once the client wrote on the new primary, ")
                .append(settings.settleMs()).append(" ms more and the setup stable again, SIGKILL of the primary, then ")
                .append(settings.settleMs()).append(" ms more (at most ").append(settings.recoverMs())
                .append(" ms to reach a new primary). Lag: from the first sentinel's +switch-master (its log time; or"
                        + " the leader's earlier +promoted-slave, or the fault) to the first reply to a probe, through"
                        + " the client, that wrote (INCR in a script) on the new primary and returned its tcp_port;"
                        + " negative when the client was there before the +switch-master (a ratio is then n/a)."
                        + " Duplicates and replication loss: the counters and lists"
                        + " read back from the final primary against every command's outcome. Most of the loss is"
                        + " server side: on SENTINEL FAILOVER the leader detaches the replica (REPLICAOF NO ONE,"
                        + " +failover-state-wait-promotion) up to an info period before it logs +promoted-slave, and"
                        + " +switch-master follows once the other replicas are reconfigured; what the old primary"
                        + " acknowledges after the replica was detached (the stale-writes row counts from"
                        + " +promoted-slave) is dropped when it rejoins as a replica, as is what the replica had not"
                        + " yet received; so the count grows with the client's throughput, hence the % row.\n");
        md.append(facts.loadAverageLine());
        md.append("- Median over the rounds, (min–max) when more than one; [k/n runs] when only k runs had a"
                + " value. Took ").append(facts.tookSeconds()).append(" s; command line: ")
                .append("SentinelCompare").append(facts.argLine().isBlank() ? "" : " " + facts.argLine()).append(".\n\n");
        new SideBySideTable(facts.lines(), false, true).append(md, clients, METRICS);
        md.append("\nEach run:\n\n");
        for (Map<String, String> l : facts.lines()) {
            md.append("- round ").append(l.get("round")).append(' ').append(l.get("client")).append(": ");
            if (l.containsKey("error") && !l.containsKey("fo_errors")) {
                md.append("ERROR ").append(l.get("error")).append('\n');
                continue;
            }
            for (String f : SentinelCompare.FAULTS) {
                md.append(f).append(' ').append(l.get(f + "_ports")).append(" recovered=").append(l.get(f + "_recovered"))
                        .append(" lag ").append(l.get(f + "_lag_ms")).append(" ms (promotion ")
                        .append(l.get(f + "_promo_ms")).append(" ms and switch ").append(l.get(f + "_switch_ms"))
                        .append(" ms after the fault, stale writes ")
                        .append(l.get(f + "_stale_ms")).append(" ms); ");
            }
            md.append(FailoverLoad.describe(l));
            if (l.containsKey("error")) {
                md.append("; ERROR ").append(l.get("error"));
            }
            md.append('\n');
        }
        return md.toString();
    }
}
