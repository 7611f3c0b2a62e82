package dev.tether.benchmarks.protocol;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Markdown summary of a {@link ProtocolCompare} run: per workload, protocol and client the
 * median over rounds with the spread (min-max), then the per-round ratios of Tether to the
 * blocking baseline, as medians with their spread.
 */
final class ProtocolReport {

    private static final List<String> COLUMNS = List.of("p50_us", "p99_us", "ops_per_s", "vcsw_per_cmd",
            "nvcsw_per_cmd", "bytes_per_cmd", "cpu_us_per_cmd");

    private ProtocolReport() {
    }

    static void print(List<Map<String, String>> results, int manyThreads, PrintStream out) {
        out.println();
        out.println("| callers | protocol | client | " + String.join(" | ", COLUMNS) + " |");
        out.println("|---|---|---|" + "---|".repeat(COLUMNS.size()));
        for (String threads : List.of("1", String.valueOf(manyThreads))) {
            for (String protocol : List.of("memcached", "line")) {
                for (String client : ProtocolCompare.CLIENTS) {
                    List<Map<String, String>> rows = select(results, threads, protocol, client);
                    if (rows.isEmpty()) {
                        continue;
                    }
                    StringBuilder line = new StringBuilder("| " + threads + " | " + protocol + " | " + client + " |");
                    for (String column : COLUMNS) {
                        line.append(' ').append(summary(values(rows, column))).append(" |");
                    }
                    out.println(line);
                }
            }
        }
        out.println();
        for (String protocol : List.of("memcached", "line")) {
            for (String tether : List.of("tether", "tether-reader")) {
                ratio(out, results, "1", protocol, tether, "p50_us", "serial p50, " + tether + " / blocking");
                ratio(out, results, String.valueOf(manyThreads), protocol, tether, "ops_per_s", manyThreads
                        + " threads throughput, " + tether + " (one connection) / blocking (" + manyThreads + " sockets)");
            }
        }
    }

    private static void ratio(PrintStream out, List<Map<String, String>> results, String threads, String protocol,
                              String client, String column, String label) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, String> t : select(results, threads, protocol, client)) {
            for (Map<String, String> b : select(results, threads, protocol, "blocking")) {
                if (t.get("round").equals(b.get("round"))) {
                    ratios.add(Double.parseDouble(t.get(column)) / Double.parseDouble(b.get(column)));
                }
            }
        }
        if (!ratios.isEmpty()) {
            out.println("ratio " + protocol + " " + label + ": " + summary(ratios) + " (per-round ratios " + ratios.stream()
                    .map(ProtocolCompare::fmt).toList() + ")");
        }
    }

    private static List<Map<String, String>> select(List<Map<String, String>> results, String threads,
                                                    String protocol, String client) {
        return results.stream().filter(r -> Objects.equals(r.get("threads"), threads)
                && Objects.equals(r.get("protocol"), protocol) && Objects.equals(r.get("client"), client)).toList();
    }

    private static List<Double> values(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).filter(Objects::nonNull).map(Double::parseDouble).toList();
    }

    /** "median (min-max)". */
    static String summary(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return ProtocolCompare.fmt(median) + " (" + ProtocolCompare.fmt(sorted.get(0)) + "-"
                + ProtocolCompare.fmt(sorted.get(n - 1)) + ")";
    }
}
