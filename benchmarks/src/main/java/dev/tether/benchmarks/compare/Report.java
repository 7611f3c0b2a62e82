package dev.tether.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Medians, ratios and the Markdown summary of one harness run, from its result lines. */
public final class Report {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private final List<Map<String, String>> lines;
    private final Compare.Settings settings;
    private final int rounds;
    private final Instant started;
    private final Instant ended;
    private final String loadBefore;
    private final String loadAfter;
    private final String redisVersion;
    private final String javaCommand;
    private final String versions;
    private final String argLine;
    private final List<String> roundLoads;

    Report(List<Map<String, String>> lines, Compare.Settings settings, int rounds, Instant started, Instant ended,
           String loadBefore, String loadAfter, String redisVersion, String javaCommand, String versions, String argLine,
           List<String> roundLoads) {
        this.lines = lines;
        this.settings = settings;
        this.rounds = rounds;
        this.started = started;
        this.ended = ended;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.redisVersion = redisVersion;
        this.javaCommand = javaCommand;
        this.versions = versions;
        this.argLine = argLine;
        this.roundLoads = roundLoads;
    }

    // ------------------------------------------------------------------ data

    /** Successful W1-W3 lines of one workload, client and (redis-benchmark) shape, in round order. */
    private List<Map<String, String>> runs(String workload, String client, String shape) {
        return lines.stream()
                .filter(m -> workload.equals(m.get("workload")) && client.equals(m.get("client"))
                        && !m.containsKey("error") && m.containsKey("ops_per_s")
                        && (shape == null ? !m.containsKey("shape") : shape.equals(m.get("shape"))))
                .toList();
    }

    private static List<Double> values(List<Map<String, String>> runs, String field) {
        return runs.stream().map(m -> m.get(field)).filter(v -> v != null && !v.equals("NaN"))
                .map(Double::parseDouble).toList();
    }

    /** The median of {@code xs}; NaN when empty. */
    public static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    private double med(String workload, String client, String shape, String field) {
        return median(values(runs(workload, client, shape), field));
    }

    /** value per round, for rounds where the line exists. */
    private Map<Integer, Double> perRound(String workload, String client, String shape, String field) {
        Map<Integer, Double> m = new LinkedHashMap<>();
        for (Map<String, String> r : runs(workload, client, shape)) {
            if (r.containsKey("round") && r.containsKey(field) && !r.get(field).equals("NaN")) {
                m.put(Integer.parseInt(r.get("round")), Double.parseDouble(r.get(field)));
            }
        }
        return m;
    }

    private static String f2(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ops(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    /** One ratio: its value from medians and its per-round values. */
    private record Ratio(String line, String label, double fromMedians, List<Double> perRound, String bar,
                         String verdict) {
    }

    private List<Ratio> ratios() {
        List<Ratio> out = new ArrayList<>();
        // W1 p50: lower is better, the bar is a ceiling.
        double w1 = med("W1", "tether", null, "p50_us") / med("W1", "jedis", null, "p50_us");
        out.add(new Ratio("ratio W1p50 tether/jedis=" + f2(w1), "W1 p50 latency, Tether / Jedis", w1,
                perRoundRatio("W1", "tether", null, "jedis", null, "p50_us"), "at most 1.5",
                verdict(w1, w1 <= 1.5)));
        double w1l = med("W1", "tether", null, "p50_us") / med("W1", "lettuce", null, "p50_us");
        out.add(new Ratio("ratio W1p50 tether/lettuce=" + f2(w1l), "W1 p50 latency, Tether / Lettuce", w1l,
                perRoundRatio("W1", "tether", null, "lettuce", null, "p50_us"), "(information)", ""));
        // W2: the better of the two peers, by median.
        double lettuce = med("W2", "lettuce", null, "ops_per_s");
        double jedis = med("W2", "jedis", null, "ops_per_s");
        String best = Double.isNaN(lettuce) ? "jedis" : Double.isNaN(jedis) ? "lettuce"
                : lettuce >= jedis ? "lettuce" : "jedis";
        double w2 = med("W2", "tether", null, "ops_per_s") / Math.max(nz(lettuce), nz(jedis));
        List<Double> w2Rounds = new ArrayList<>();
        Map<Integer, Double> t = perRound("W2", "tether", null, "ops_per_s");
        Map<Integer, Double> l = perRound("W2", "lettuce", null, "ops_per_s");
        Map<Integer, Double> j = perRound("W2", "jedis", null, "ops_per_s");
        for (Map.Entry<Integer, Double> e : t.entrySet()) {
            double b = Math.max(nz(l.getOrDefault(e.getKey(), Double.NaN)), nz(j.getOrDefault(e.getKey(), Double.NaN)));
            if (b > 0) {
                w2Rounds.add(e.getValue() / b);
            }
        }
        out.add(new Ratio("ratio W2 tether/best=" + f2(w2), "W2 throughput, Tether / best of Lettuce and Jedis"
                + " (best by median: " + best + ")", w2, w2Rounds, "at least 3", verdict(w2, w2 >= 3.0)));
        double w3 = med("W3", "tether", null, "ops_per_s") / med("W3", "jedis", null, "ops_per_s");
        out.add(new Ratio("ratio W3 tether/jedis=" + f2(w3), "W3 throughput, Tether / Jedis", w3,
                perRoundRatio("W3", "tether", null, "jedis", null, "ops_per_s"), "at least 1",
                verdict(w3, w3 >= 1.0)));
        double w2c = med("W2", "tether", null, "ops_per_s") / med("W2", Compare.RB, "c1-P64", "ops_per_s");
        out.add(new Ratio("ratio W2 tether/redis-benchmark-c1-P64=" + f2(w2c),
                "W2 throughput, Tether / `redis-benchmark -c 1 -P 64`", w2c,
                perRoundRatio("W2", "tether", null, Compare.RB, "c1-P64", "ops_per_s"), "goal: close to 1", ""));
        double w3c = med("W3", "tether", null, "ops_per_s") / med("W3", Compare.RB, "c1-P1000", "ops_per_s");
        out.add(new Ratio("ratio W3 tether/redis-benchmark-c1-P1000=" + f2(w3c),
                "W3 throughput, Tether / `redis-benchmark -c 1 -P 1000`", w3c,
                perRoundRatio("W3", "tether", null, Compare.RB, "c1-P1000", "ops_per_s"), "goal: at least 0.8",
                Double.isNaN(w3c) ? "" : w3c >= 0.8 ? "goal met" : "goal not met"));
        return out;
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String verdict(double v, boolean pass) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "not measured" : pass ? "pass" : "FAIL";
    }

    private List<Double> perRoundRatio(String w, String a, String aShape, String b, String bShape, String field) {
        Map<Integer, Double> x = perRound(w, a, aShape, field);
        Map<Integer, Double> y = perRound(w, b, bShape, field);
        List<Double> out = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : x.entrySet()) {
            Double d = y.get(e.getKey());
            if (d != null && d > 0) {
                out.add(e.getValue() / d);
            }
        }
        return out;
    }

    /** The ratio lines, from medians. */
    List<String> ratioLines() {
        return ratios().stream().map(Ratio::line).toList();
    }

    // ------------------------------------------------------------------ Markdown

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Results: ").append(rounds).append(rounds == 1 ? " round" : " rounds")
                .append(settings.workloads().contains("W5") ? " of W1-W3, W5 once" : "").append(", ").append(TIME.format(started)).append("-")
                .append(DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(ended))
                .append(" UTC\n\n");
        md.append("- Command: `Compare ").append(argLine.isBlank() ? "(no flags)" : argLine).append("`")
                .append(settings.quick() ? " (quick: short runs, for checking the harness, not for the record)" : "")
                .append("\n");
        md.append("- Peers: ").append(versions).append("; redis-server ").append(redisVersion)
                .append(" (loopback, persistence off)\n");
        md.append("- JVM: ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (`").append(javaCommand)
                .append("`), every client in a JVM of its own with -Xms1g -Xmx1g\n");
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(memTotal()).append("; load average (1, 5, 15 min) ").append(loadBefore)
                .append(" before, ").append(loadAfter).append(" after\n");
        if (!roundLoads.isEmpty()) {
            md.append("- Load average (1, 5, 15 min) at the start -> end of each round: ");
            for (int i = 0; i < roundLoads.size(); i++) {
                md.append(i == 0 ? "" : "; ").append(i + 1).append(": ").append(roundLoads.get(i));
            }
            md.append('\n');
        }
        md.append("- Sizes: W1 ").append(settings.w1WarmupMs()).append(" ms warm-up + ")
                .append(settings.w1MeasureMs()).append(" ms; W2 ").append(settings.w2Threads()).append(" threads, ")
                .append(settings.w2WarmupMs()).append(" ms warm-up + ").append(settings.w2MeasureMs())
                .append(" ms; W3 ").append(String.format(Locale.ROOT, "%,d", settings.w3Sets()))
                .append(" SETs in pipelines of ").append(settings.w3Batch()).append(" after ")
                .append(String.format(Locale.ROOT, "%,d", settings.w3WarmupSets()))
                .append(" for warm-up; values of ").append(ClientRunner.VALUE_BYTES)
                .append(" bytes for every client and for redis-benchmark (`-d ").append(ClientRunner.VALUE_BYTES)
                .append("`)\n\n");

        boolean anyRounds = settings.workloads().stream().anyMatch(w -> !w.equals("W5"));
        if (anyRounds) {
            md.append(roundsTables());
        }
        List<Map<String, String>> w5 = lines.stream().filter(m -> "W5".equals(m.get("workload"))).toList();
        if (!w5.isEmpty()) {
            md.append("\nW5, recovery (once per client and outage; acceptance: first success within 100 ms of the")
                    .append(" server's \"Ready to accept connections\", at most 20 connect attempts a second):\n\n");
            md.append("| Outage | Client | First success after ready (ms) | connect() calls/s of the client JVM |")
                    .append(" ActiveOpens/s minus baseline | ActiveOpens/s raw | Failed calls | Longest call (ms) |")
                    .append(" Result |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, String> m : w5) {
                String client = m.get("client");
                if (client.equals("none")) {
                    md.append("| ").append(m.get("outage_s")).append(" s | (no client: baseline) | | | | ")
                            .append(m.get("attempts_per_s")).append(" | | | |\n");
                    continue;
                }
                if (m.containsKey("error") && !m.containsKey("recovery_ms")) {
                    md.append("| ").append(m.get("outage_s")).append(" s | ").append(client)
                            .append(" | error: ").append(m.get("error")).append(" | | | | | | |\n");
                    continue;
                }
                String rec = m.get("recovery_ms");
                String connects = m.getOrDefault("connects_per_s", "n/a");
                String att = m.get("attempts_per_s");
                String verdict;
                if (rec == null || rec.equals("none")) {
                    verdict = "FAIL (no recovery)";
                } else {
                    boolean fast = Double.parseDouble(rec) <= 100.0;
                    // The per-process count when there is one; the machine-wide one is noisy.
                    boolean calm = Double.parseDouble(connects.equals("n/a") ? att : connects) <= 20.0;
                    verdict = fast && calm ? "pass" : "FAIL" + (fast ? "" : " (slow)") + (calm ? "" : " (attempts)");
                }
                md.append("| ").append(m.get("outage_s")).append(" s | ").append(client).append(" | ")
                        .append(rec).append(" | ").append(connects).append(" | ").append(att).append(" | ")
                        .append(m.get("attempts_raw_per_s")).append(" | ").append(m.get("failures")).append(" | ")
                        .append(m.get("longest_call_ms")).append(" | ").append(verdict).append(" |\n");
            }
            md.append("\nConnect attempts are counted two ways over the outage (from the kill until just before the")
                    .append(" restart): the client JVM's own connect() calls to the server's port (strace -f")
                    .append(" --seccomp-bpf -e trace=connect; the result column uses this count when present), and")
                    .append(" `Tcp: ActiveOpens` of /proc/net/snmp, machine-wide, minus the same count over an outage")
                    .append(" of the same length with no client (the baseline rows); other processes on the machine")
                    .append(" add noise to the latter, which can make it negative. Callers: ")
                    .append(settings.w5Threads()).append(" threads doing GET, 1 ms pause after a failure; clients with")
                    .append(" default options (Jedis: a JedisPool with its defaults, up to 8 connections).\n");
        }
        return md.toString();
    }

    private String roundsTables() {
        StringBuilder md = new StringBuilder();
        md.append("| Workload | Client | Threads | ops/s (median) | p50 us (median) | p99 us (median) | ops/s per round |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (String w : List.of("W1", "W2", "W3")) {
            if (!settings.workloads().contains(w)) {
                continue;
            }
            List<String[]> who = new ArrayList<>();
            for (String c : settings.clients()) {
                who.add(new String[] {c, null});
            }
            if (settings.redisBenchmark()) {
                switch (w) {
                    case "W1" -> who.add(new String[] {Compare.RB, "c1"});
                    case "W2" -> {
                        who.add(new String[] {Compare.RB, "c64"});
                        who.add(new String[] {Compare.RB, "c1-P64"});
                    }
                    default -> who.add(new String[] {Compare.RB, "c1-P1000"});
                }
            }
            for (String[] cs : who) {
                List<Map<String, String>> runs = runs(w, cs[0], cs[1]);
                String name = cs[1] == null ? cs[0] : "`redis-benchmark " + rbShape(cs[1]) + "`";
                String threads = runs.isEmpty() ? "" : runs.get(0).getOrDefault("threads", "");
                String roundValues = runs.stream().map(m -> ops(Double.parseDouble(m.get("ops_per_s"))))
                        .collect(Collectors.joining(", "));
                long failed = lines.stream().filter(m -> w.equals(m.get("workload")) && cs[0].equals(m.get("client"))
                        && m.containsKey("error")).count();
                long withErrors = runs.stream().filter(m -> m.containsKey("errors") && !m.get("errors").equals("0"))
                        .count();
                md.append("| ").append(w).append(" | ").append(name).append(" | ").append(threads).append(" | ")
                        .append(ops(med(w, cs[0], cs[1], "ops_per_s"))).append(" | ")
                        .append(f1(med(w, cs[0], cs[1], "p50_us"))).append(" | ")
                        .append(f1(med(w, cs[0], cs[1], "p99_us"))).append(" | ")
                        .append(roundValues.isEmpty() ? "none" : roundValues)
                        .append(failed > 0 ? " (" + failed + " run(s) failed)" : "")
                        .append(withErrors > 0 ? " (" + withErrors + " run(s) with errors)" : "")
                        .append(" |\n");
            }
        }
        md.append("\nW3 latencies are per pipeline of ").append(settings.w3Batch())
                .append(" SETs; W2 latencies are per command (SET and GET). For redis-benchmark with two tests")
                .append(" (SET, GET), ops/s is both tests' requests over both tests' time and p50/p99 are the")
                .append(" higher of the two tests'.\n\n");
        md.append(new CostTable(lines, settings.clients()).markdown(
                settings.workloads().stream().filter(w -> !w.equals("W5")).toList())).append('\n');

        md.append("| Ratio | From medians | Per round | Acceptance | Result |\n|---|---|---|---|---|\n");
        for (Ratio r : ratios()) {
            md.append("| ").append(r.label()).append(" | **").append(f2(r.fromMedians())).append("** | ")
                    .append(r.perRound().isEmpty() ? "n/a" : r.perRound().stream().map(Report::f2)
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(r.bar()).append(" | ").append(r.verdict()).append(" |\n");
        }

        return md.toString();
    }

    private static String rbShape(String shape) {
        return switch (shape) {
            case "c1" -> "-c 1 -t get";
            case "c64" -> "-c 64 -t set,get";
            case "c1-P64" -> "-c 1 -P 64 -t set,get";
            case "c1-P1000" -> "-c 1 -P 1000 -t set";
            default -> shape;
        };
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.1f GiB RAM", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "? RAM";
    }
}
