package dev.tether.benchmarks.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown table of what each command cost the client JVM (context switches, bytes
 * allocated, CPU time; measured by {@link CostMeter}), with ops/s and p50 beside them for
 * reference: per workload and client, the median over rounds and the spread (min-max). These
 * figures move less with the machine's load than latency does, so they are the ones to compare
 * across runs on a shared machine. redis-benchmark has no rows: it is not a JVM and is not metered.
 */
final class CostTable {

    /** Result-line field, column heading, digits: 0 = thousands-separated integer, -1 = 3 significant digits. */
    private record Column(String field, String heading, int digits) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("ops_per_s", "ops/s", 0),
            new Column("p50_us", "p50 us", 1),
            new Column("vcsw_per_cmd", "voluntary ctx switches/cmd", -1),
            new Column("nvcsw_per_cmd", "nonvoluntary ctx switches/cmd", -1),
            new Column("bytes_per_cmd", "bytes allocated/cmd", -1),
            new Column("cpu_us_per_cmd", "CPU us/cmd", -1));

    private final List<Map<String, String>> lines;
    private final List<String> clients;

    CostTable(List<Map<String, String>> lines, List<String> clients) {
        this.lines = lines;
        this.clients = clients;
    }

    /** The table for these workloads (W1-W3), then a note on how the figures are taken. */
    String markdown(List<String> workloads) {
        StringBuilder md = new StringBuilder();
        md.append("Per command, client JVM only, measured phase only (median over rounds, (min-max)):\n\n");
        md.append("| Workload | Client | Rounds");
        COLUMNS.forEach(c -> md.append(" | ").append(c.heading()));
        md.append(" |\n|---|---|---");
        COLUMNS.forEach(c -> md.append("|---"));
        md.append("|\n");
        long died = 0;
        for (String w : workloads) {
            for (String client : clients) {
                List<Map<String, String>> runs = lines.stream()
                        .filter(m -> w.equals(m.get("workload")) && client.equals(m.get("client"))
                                && !m.containsKey("error") && m.containsKey("ops_per_s"))
                        .toList();
                md.append("| ").append(w).append(" | ").append(client).append(" | ").append(runs.size());
                for (Column c : COLUMNS) {
                    md.append(" | ").append(cell(values(runs, c.field()), c.digits()));
                }
                md.append(" |\n");
                died += runs.stream().mapToLong(m -> Long.parseLong(m.getOrDefault("threads_died", "0"))).sum();
            }
        }
        md.append("\nContext switches: sum over the JVM's threads (/proc/self/task/*/status), as a delta per thread;")
                .append(" a thread that dies inside the phase loses its switches (")
                .append(died == 0 ? "none died in this run" : died + " such thread(s) in this run: those figures are low")
                .append("). Bytes: ThreadMXBean.getTotalThreadAllocatedBytes (dead threads included). CPU:")
                .append(" process CPU time, user + system, all threads including GC and JIT. W3 counts each SET")
                .append(" of a pipeline as one command; W2 counts SET and GET.\n");
        return md.toString();
    }

    private static List<Double> values(List<Map<String, String>> runs, String field) {
        return runs.stream().map(m -> m.get(field)).filter(v -> v != null && !v.equals("NaN"))
                .map(Double::parseDouble).toList();
    }

    private static String cell(List<Double> xs, int digits) {
        if (xs.isEmpty()) {
            return "n/a";
        }
        double min = xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        String m = format(Report.median(xs), digits);
        return xs.size() == 1 ? m : m + " (" + format(min, digits) + "-" + format(max, digits) + ")";
    }

    private static String format(double v, int digits) {
        if (digits == 0) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        if (digits > 0) {
            return String.format(Locale.ROOT, "%." + digits + "f", v);
        }
        if (v == 0) {
            return "0";
        }
        // 3 significant digits, but no decimals lost on large values (bytes/cmd of 1234 stays 1234)
        BigDecimal b = new BigDecimal(v);
        return (Math.abs(v) >= 1000 ? b.setScale(0, RoundingMode.HALF_UP)
                : b.round(new MathContext(3))).stripTrailingZeros().toPlainString();
    }
}
