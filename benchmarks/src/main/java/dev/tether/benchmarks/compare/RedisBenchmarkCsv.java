package dev.tether.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code redis-benchmark --csv} (redis 7: {@code "test","rps","avg_latency_ms",
 * "min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"}).
 */
final class RedisBenchmarkCsv {

    private RedisBenchmarkCsv() {
    }

    /**
     * {ops_per_s, p50_us, p99_us} over all tests in the output: every test ran the same number of
     * requests, so the combined rate is the harmonic mean of the tests' rates; the percentiles are
     * the highest of the tests'.
     */
    static double[] combine(List<String> csv) {
        List<String[]> rows = new ArrayList<>();
        String[] header = null;
        for (String line : csv) {
            String[] cells = line.trim().replace("\"", "").split(",");
            if (cells.length < 2) {
                continue;
            }
            if (cells[0].equals("test")) {
                header = cells;
            } else if (header != null && cells.length == header.length) {
                rows.add(cells);
            }
        }
        if (header == null || rows.isEmpty()) {
            throw new IllegalStateException("no CSV rows from redis-benchmark: " + csv);
        }
        int rps = column(header, "rps");
        int p50 = column(header, "p50_latency_ms");
        int p99 = column(header, "p99_latency_ms");
        double inverse = 0;
        double maxP50 = 0;
        double maxP99 = 0;
        for (String[] row : rows) {
            inverse += 1.0 / Double.parseDouble(row[rps]);
            maxP50 = Math.max(maxP50, Double.parseDouble(row[p50]) * 1000.0);
            maxP99 = Math.max(maxP99, Double.parseDouble(row[p99]) * 1000.0);
        }
        return new double[] {rows.size() / inverse, maxP50, maxP99};
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("redis-benchmark CSV has no column " + name);
    }
}
