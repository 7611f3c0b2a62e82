package dev.tether.benchmarks.fleet;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.compare.SideBySideRun;
import dev.tether.benchmarks.compare.SideBySideTable;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Markdown summary of a {@link FleetCompare} run: one row per client with connect attempts
 * per second per client instance in seconds 0-5, 5-30 and 30-end of the outage (from strace; for
 * Tether the total over its instances divided by their number), the busiest Tether instance's
 * failed attempts per second after 5 s (its BackingOff events), the time from "back" to the first
 * success (median and max over the instances), and pass/fail against the two bars; medians over
 * the rounds with (min-max) when more than one. Then each run on a line of its own.
 */
final class FleetReport {

    private final SideBySideRun.Facts facts;
    private final FleetCompare.Settings settings;
    private final String redisVersion;
    private final boolean strace;

    FleetReport(SideBySideRun.Facts facts, FleetCompare.Settings settings, String redisVersion, boolean strace) {
        this.facts = facts;
        this.settings = settings;
        this.redisVersion = redisVersion;
        this.strace = strace;
    }

    /** The whole summary. */
    String markdown() {
        long end = settings.outageS();
        StringBuilder md = new StringBuilder();
        md.append("## Fleet reconnects side by side, ").append(facts.started().truncatedTo(ChronoUnit.SECONDS))
                .append("\n\n");
        md.append("- ").append(facts.rounds()).append(" round(s), clients in turn, order rotated each round; one"
                        + " forked JVM per client and round under strace, all against one loopback redis-server ")
                .append(redisVersion).append("; ").append(Compare.versions()).append("; java ").append(facts.java())
                .append(" (").append(System.getProperty("java.runtime.version")).append("); ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs.\n");
        md.append("- Clients, default options: tether = ").append(FleetDriver.describe("tether")).append("; lettuce = ")
                .append(FleetDriver.describe("lettuce")).append("; jedis = ").append(FleetDriver.describe("jedis"))
                .append(". ").append(settings.callers()).append(" platform threads per client instance GET in a"
                        + " loop, pausing ").append(settings.pauseMs()).append(" ms after a failed call.\n");
        md.append("- Outage: ").append(settings.warmupMs()).append(" ms of load, then SIGKILL of redis-server (the"
                        + " port refuses at once), ").append(end).append(" s down, restart on the same port; \"back\" ="
                        + " the server log's \"Ready to accept connections\". Attempts: the client JVM's connect()"
                        + " calls to the port (").append(strace ? "strace" : "n/a: no strace here")
                .append("), per client instance per second. First success: an instance's first GET returning after"
                        + " back, minus back.\n");
        md.append("- Bars: at most ").append(fmt(FleetCompare.ATTEMPT_BAR_PER_S)).append(" attempt/s per client"
                        + " after the first 5 s (for Tether also its busiest instance, by BackingOff events); first"
                        + " success within ").append(fmt(FleetCompare.RECOVERY_BAR_MS)).append(" ms (the 2 s"
                        + " backoff cap plus 100 ms; for Tether its slowest instance).\n");
        md.append(facts.loadAverageLine());
        md.append("- Took ").append(facts.tookSeconds()).append(" s; command: mvn -pl benchmarks -am package"
                + " -DskipTests -Pfleet").append(facts.argLine().isBlank() ? ""
                : " -Dfleet.args=\"" + facts.argLine() + "\"").append(".\n\n");
        md.append("| client | setup | attempts/s per client, 0-5 s | 5-").append(Math.min(end, 30)).append(" s | ")
                .append(end > 30 ? "30-" + end + " s" : "after 30 s (none)").append(" | attempts in the outage, all instances | busiest instance after 5 s, /s | ≤ ")
                .append(fmt(FleetCompare.ATTEMPT_BAR_PER_S)).append("/s after 5 s? | first success after back,"
                        + " median, ms | max, ms | within ").append(fmt(FleetCompare.RECOVERY_BAR_MS))
                .append(" ms? |\n|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|\n");
        for (String c : settings.clients()) {
            List<Map<String, String>> runs = runs(c);
            md.append("| ").append(c).append(" | ").append(FleetDriver.describe(c)).append(" | ")
                    .append(cell(runs, "att_0_5")).append(" | ").append(cell(runs, "att_5_30")).append(" | ")
                    .append(cell(runs, "att_30_end")).append(" | ").append(cell(runs, "att_total")).append(" | ")
                    .append(c.equals("tether") ? cell(runs, "backoff_worst_after5_per_s") : "(one instance)")
                    .append(" | ").append(attemptVerdict(c, runs)).append(" | ")
                    .append(cell(runs, "recovery_p50_ms")).append(" | ").append(cell(runs, "recovery_max_ms"))
                    .append(" | ").append(recoveryVerdict(runs)).append(" |\n");
        }
        md.append("\nEach run:\n\n");
        for (Map<String, String> l : facts.lines()) {
            md.append("- round ").append(l.get("round")).append(' ').append(l.get("client")).append(": ");
            if (l.containsKey("error")) {
                md.append("ERROR ").append(l.get("error")).append('\n');
                continue;
            }
            md.append(l.get("recovered")).append('/').append(l.get("instances")).append(" instances recovered;"
                            + " server ready ").append(l.get("ready_after_restart_ms")).append(" ms after the restart"
                            + " began; ").append(l.get("att_total")).append(" connect() calls in the outage, busiest"
                            + " second after 5 s ").append(l.get("att_peak_after5")).append(" per instance; ")
                    .append(l.get("failures")).append(" failed GETs (").append(l.get("failure_kinds")).append(")");
            if (l.containsKey("backoffs_0_5")) {
                md.append("; BackingOff events 0-5 s ").append(l.get("backoffs_0_5")).append(", 5-30 s ")
                        .append(l.get("backoffs_5_30")).append(", 30-end ").append(l.get("backoffs_30_end"));
            }
            md.append("; connect() calls per second of the outage: ").append(l.get("att_per_second")).append('\n');
        }
        return md.toString();
    }

    private List<Map<String, String>> runs(String client) {
        List<Map<String, String>> runs = new ArrayList<>();
        for (Map<String, String> l : facts.lines()) {
            if (client.equals(l.get("client")) && !l.containsKey("error")) {
                runs.add(l);
            }
        }
        return runs;
    }

    private static List<Double> values(List<Map<String, String>> runs, String field) {
        List<Double> v = new ArrayList<>();
        for (Map<String, String> r : runs) {
            try {
                double d = Double.parseDouble(r.getOrDefault(field, "NaN"));
                if (!Double.isNaN(d)) {
                    v.add(d);
                }
            } catch (NumberFormatException e) {
                // not a number: left out
            }
        }
        return v;
    }

    /** Every run within the bar: attempts after 5 s per client (both windows), and Tether's busiest instance. */
    private static String attemptVerdict(String client, List<Map<String, String>> runs) {
        List<String> fields = new ArrayList<>(List.of("att_5_30", "att_30_end"));
        if (client.equals("tether")) {
            fields.add("backoff_worst_after5_per_s");
        }
        boolean any = false;
        for (String f : fields) {
            for (double v : values(runs, f)) {
                any = true;
                if (v > FleetCompare.ATTEMPT_BAR_PER_S) {
                    return "no";
                }
            }
        }
        return any ? "yes" : "n/a";
    }

    /** Every run's slowest instance within the bar, and every instance recovered. */
    private static String recoveryVerdict(List<Map<String, String>> runs) {
        if (runs.isEmpty()) {
            return "n/a";
        }
        for (Map<String, String> r : runs) {
            double max = Double.parseDouble(r.getOrDefault("recovery_max_ms", "NaN"));
            if (!r.getOrDefault("recovered", "").equals(r.get("instances")) || Double.isNaN(max)
                    || max > FleetCompare.RECOVERY_BAR_MS) {
                return "no";
            }
        }
        return "yes";
    }

    private static String cell(List<Map<String, String>> runs, String field) {
        return SideBySideTable.medianRange(values(runs, field));
    }

    private static String fmt(double v) {
        return SideBySideTable.num(v);
    }
}
