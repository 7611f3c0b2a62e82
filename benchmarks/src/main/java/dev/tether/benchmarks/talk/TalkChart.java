package dev.tether.benchmarks.talk;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The talk's chart as hand-written SVG: throughput (ops/s, linear) against callers (log 2 axis),
 * one line per client, with the value at each point. No library: a few rectangles, lines, a
 * polyline per client and text.
 */
final class TalkChart {

    private static final int WIDTH = 940;
    private static final int HEIGHT = 460;
    private static final int LEFT = 90;
    private static final int RIGHT = 290;
    private static final int TOP = 70;
    private static final int BOTTOM = 70;
    private static final Map<String, String> COLORS = Map.of("tether", "#d62728", "pool", "#1f77b4", "jedis", "#2ca02c", "pool-virtual", "#9467bd");
    private static final Map<String, String> LABELS = Map.of(
            "tether", "Tether RedisClient (1 connection)",
            "pool", "BlockingRedisPool (N)",
            "jedis", "JedisPool (N)",
            "pool-virtual", "BlockingRedisPool, virtual loops (N)");

    private static final double[] LABEL_OFFSETS = {-7, 13, -17, 23};

    private TalkChart() {
    }

    /** @param medians client -> callers -> {ops/s, p50 us, p99 us} */
    static String svg(Map<String, Map<Integer, double[]>> medians, List<String> clients, int[] callerCounts, int poolCap,
                      String subtitle) {
        double max = 1;
        for (Map<Integer, double[]> byCallers : medians.values()) {
            for (double[] m : byCallers.values()) {
                max = Math.max(max, m[0]);
            }
        }
        double step = niceStep(max / 5);
        double top = Math.ceil(max * 1.05 / step) * step;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        double minLog = log2(callerCounts[0]);
        double maxLog = log2(callerCounts[callerCounts.length - 1]);

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        s.append(String.format("<text x=\"%d\" y=\"28\" font-size=\"16\" font-weight=\"bold\">"
                + "One multiplexed connection vs a pool of N blocking connections</text>%n", LEFT));
        s.append(String.format("<text x=\"%d\" y=\"48\" fill=\"#555\">SET/GET on loopback redis-server; %s</text>%n",
                LEFT, escape(subtitle)));
        // Grid and y axis labels.
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = TOP + plotH - v / top * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>%n",
                    LEFT - 8, y + 4, compact(v)));
        }
        // x axis ticks at each caller count.
        for (int callers : callerCounts) {
            double x = xOf(callers, minLog, maxLog, plotW);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n",
                    x, TOP, x, TOP + plotH));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">%d</text>%n",
                    x, TOP + plotH + 18, callers));
        }
        s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, TOP, plotW, plotH));
        s.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">caller threads (log scale); pools hold N = min(callers, %d)</text>%n",
                LEFT + plotW / 2, TOP + plotH + 42, poolCap));
        s.append(String.format("<text transform=\"translate(22,%d) rotate(-90)\" text-anchor=\"middle\">commands per second</text>%n",
                TOP + plotH / 2));
        // One polyline per client, with a dot and the value at each point.
        int legendY = TOP + 10;
        int index = -1;
        for (String client : clients) {
            index++;
            Map<Integer, double[]> byCallers = medians.get(client);
            if (byCallers == null || byCallers.isEmpty()) {
                continue;
            }
            String color = COLORS.getOrDefault(client, "#7f7f7f");
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int callers : callerCounts) {
                double[] m = byCallers.get(callers);
                if (m == null) {
                    continue;
                }
                double x = xOf(callers, minLog, maxLog, plotW);
                double y = TOP + plotH - m[0] / top * plotH;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n", x, y, color));
                // Each client's labels sit at their own offset, so close points do not overprint.
                double dy = LABEL_OFFSETS[index % LABEL_OFFSETS.length];
                dots.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"10\" text-anchor=\"start\">%s</text>%n",
                        x + 6, y + dy, color, compact(m[0])));
            }
            s.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>%n",
                    points.toString().trim(), color));
            s.append(dots);
            int lx = LEFT + plotW + 16;
            s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"/>%n",
                    lx, legendY, lx + 22, legendY, color));
            s.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 28, legendY + 4,
                    escape(LABELS.getOrDefault(client, client))));
            legendY += 22;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double xOf(int callers, double minLog, double maxLog, int plotW) {
        double span = Math.max(1e-9, maxLog - minLog);
        double pad = 24;
        return LEFT + pad + (log2(callers) - minLog) / span * (plotW - 2 * pad);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String compact(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
