package dev.tether.benchmarks.pubsub;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A diagnostic for the run's log, not for the summary: which threads of this JVM did the context
 * switching and the CPU work of a phase. Per thread of {@code /proc/self/task}: the name
 * ({@code comm}, cut to 15 characters by the kernel), voluntary and nonvoluntary switches
 * ({@code status}) and time on the CPU ({@code schedstat}, nanoseconds). Read outside the
 * {@link dev.tether.benchmarks.compare.CostMeter} window, so it does not add to the measured
 * costs. Linux only; elsewhere the snapshot is empty.
 */
final class ThreadSwitches {

    /** One thread's counters. */
    private record Counts(String name, long voluntary, long involuntary, long cpuNanos) {
    }

    private final Map<Long, Counts> before;

    private ThreadSwitches(Map<Long, Counts> before) {
        this.before = before;
    }

    /** Takes the "before" snapshot. */
    static ThreadSwitches start() {
        return new ThreadSwitches(snapshot());
    }

    /**
     * The threads that switched or ran since {@link #start()}, busiest first, one per line:
     * {@code name tid vcsw nvcsw cpu_ms}, and the message count to read them against.
     */
    String report(String phase, long messages) {
        Map<Long, Counts> after = snapshot();
        List<String[]> rows = new ArrayList<>();
        List<Long> order = new ArrayList<>();
        for (Map.Entry<Long, Counts> e : after.entrySet()) {
            Counts a = e.getValue();
            Counts b = before.getOrDefault(e.getKey(), new Counts(a.name(), 0, 0, 0));
            long v = a.voluntary() - b.voluntary();
            long nv = a.involuntary() - b.involuntary();
            long cpu = a.cpuNanos() - b.cpuNanos();
            if (v + nv > 0 || cpu > 1_000_000) {
                rows.add(new String[] {a.name(), e.getKey().toString(), Long.toString(v), Long.toString(nv),
                        String.format(Locale.ROOT, "%.1f", cpu / 1e6)});
                order.add(v + nv);
            }
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            idx.add(i);
        }
        idx.sort((x, y) -> Long.compare(order.get(y), order.get(x)));
        StringBuilder sb = new StringBuilder("threads over the " + phase + " phase (" + messages + " messages):\n");
        for (int i : idx) {
            String[] r = rows.get(i);
            sb.append(String.format(Locale.ROOT, "  %-16s tid %-7s vcsw %-7s nvcsw %-7s cpu_ms %s%n",
                    r[0], r[1], r[2], r[3], r[4]));
        }
        return sb.toString();
    }

    private static Map<Long, Counts> snapshot() {
        Map<Long, Counts> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long v = -1;
                    long nv = -1;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            v = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            nv = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    long cpu = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                    out.put(Long.parseLong(task.getFileName().toString()), new Counts(name, v, nv, cpu));
                } catch (IOException | RuntimeException e) {
                    // the thread exited while being read, or no schedstat: left out
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }
}
