package dev.tether.benchmarks.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown table the side-by-side harness modes (Pub/Sub, Cluster) share: for each metric and
 * client, the median of the result lines over the rounds with their spread (min-max), then
 * tether/peer for each peer and tether against the better peer. A ratio above 1 means Tether's
 * figure is higher, whichever way is better.
 */
public final class SideBySideTable {

    /** A field of the result lines: its label, and whether higher is better. */
    public record Metric(String field, String label, boolean higherBetter) {
    }

    private final List<Map<String, String>> lines;
    private final boolean skipErrorLines;
    private final boolean markPartialRuns;

    /**
     * A table over {@code lines}; {@code skipErrorLines} leaves out the lines of failed runs, and
     * {@code markPartialRuns} appends "[k/n runs]" to a cell when only k of a client's n runs had
     * a value for it.
     */
    public SideBySideTable(List<Map<String, String>> lines, boolean skipErrorLines, boolean markPartialRuns) {
        this.lines = lines;
        this.skipErrorLines = skipErrorLines;
        this.markPartialRuns = markPartialRuns;
    }

    /** The values of {@code field} over the rounds for {@code client}, NaN and non-numbers left out. */
    public List<Double> values(String client, String field) {
        List<Double> out = new ArrayList<>();
        for (Map<String, String> l : lines) {
            if (client.equals(l.get("client")) && !(skipErrorLines && l.containsKey("error"))) {
                try {
                    double v = Double.parseDouble(l.getOrDefault(field, "NaN"));
                    if (!Double.isNaN(v)) {
                        out.add(v);
                    }
                } catch (NumberFormatException e) {
                    // not a number: left out
                }
            }
        }
        return out;
    }

    /** A figure as the tables print it: thousands grouped, else four significant digits. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,d", Math.round(v)) : CostMeter.sig4(v);
    }

    /** The median of {@code v} with its range in brackets ("n/a" when empty; no range for one value). */
    public static String medianRange(List<Double> v) {
        if (v.isEmpty()) {
            return "n/a";
        }
        String m = num(Report.median(v));
        return v.size() == 1 ? m : m + " (" + num(Collections.min(v)) + "–" + num(Collections.max(v)) + ")";
    }

    private String cell(String client, String field) {
        List<Double> v = values(client, field);
        String cell = medianRange(v);
        if (v.isEmpty() || !markPartialRuns) {
            return cell;
        }
        long runs = lines.stream().filter(l -> client.equals(l.get("client"))).count();
        return v.size() < runs ? cell + " [" + v.size() + "/" + runs + " runs]" : cell;
    }

    private static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b <= 0 || a < 0) { // a lag can be negative: no ratio then
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    /** Appends the table for {@code clients} (in column order) and {@code metrics} (in row order). */
    public void append(StringBuilder md, List<String> clients, List<Metric> metrics) {
        boolean tether = clients.contains("tether");
        List<String> peers = clients.stream().filter(c -> !c.equals("tether")).toList();
        md.append("| metric | better |");
        clients.forEach(c -> md.append(' ').append(c).append(" |"));
        if (tether) {
            peers.forEach(p -> md.append(" tether/").append(p).append(" |"));
            if (peers.size() > 1) {
                md.append(" tether/better peer |");
            }
        }
        md.append("\n|---|---|");
        clients.forEach(c -> md.append("---:|"));
        if (tether) {
            md.append("---:|".repeat(peers.size() + (peers.size() > 1 ? 1 : 0)));
        }
        md.append('\n');
        for (Metric m : metrics) {
            md.append("| ").append(m.label()).append(" | ").append(m.higherBetter() ? "higher" : "lower").append(" |");
            for (String c : clients) {
                md.append(' ').append(cell(c, m.field())).append(" |");
            }
            if (tether) {
                double t = Report.median(values("tether", m.field()));
                double best = Double.NaN;
                for (String p : peers) {
                    double v = Report.median(values(p, m.field()));
                    md.append(' ').append(ratio(t, v)).append(" |");
                    if (!Double.isNaN(v)) {
                        best = Double.isNaN(best) ? v : m.higherBetter() ? Math.max(best, v) : Math.min(best, v);
                    }
                }
                if (peers.size() > 1) {
                    md.append(' ').append(ratio(t, best)).append(" |");
                }
            }
            md.append('\n');
        }
    }
}
