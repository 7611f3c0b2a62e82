package dev.tether.benchmarks.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a measured phase cost the whole client JVM (every thread of it: callers, I/O threads,
 * carrier threads, GC and JIT), per command: context switches, bytes allocated and CPU time.
 * These move less with the machine's load than latency does: a busy neighbour makes each command
 * wait longer, but hardly changes how many times the client blocks, what it allocates or how much
 * CPU it burns.
 *
 * <p>{@link #start()} just before the measured phase, {@link #stop()} right after it, while the
 * threads that did the work are still alive; then {@link Cost#fields(long)} for the result line.
 *
 * <ul>
 *   <li>Context switches: {@code voluntary_ctxt_switches} and {@code nonvoluntary_ctxt_switches}
 *       of every {@code /proc/self/task/<tid>/status}, as a delta per thread id (a thread born in
 *       the phase counts from 0). A thread that dies inside the phase takes its switches since the
 *       start with it: nothing in /proc keeps them ({@code getrusage(RUSAGE_SELF)} would, but Java
 *       21 cannot call it without a preview API). The process-level {@code /proc/self/status} is no
 *       help: on Linux (checked on 6.18) it shows the thread-group leader's own counts only, which
 *       for a JVM is the launcher thread that waits for {@code main}, and dead threads are not
 *       added to it. The result line says how many threads died ({@code threads_died}); the
 *       workloads keep their threads alive across the phase, so it should read 0.</li>
 *   <li>Bytes: {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes} (JDK 14+),
 *       which includes threads that terminated; virtual threads' allocations land on their
 *       carriers'.</li>
 *   <li>CPU: {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}, user + system,
 *       dead threads included.</li>
 * </ul>
 * The readings are ordered so that reading /proc (the slow part) falls outside the CPU and
 * allocation window: switches first at the start, last at the stop.
 */
public final class CostMeter {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<Long, long[]> switchesBefore;
    private final long bytesBefore;
    private final long cpuBefore;

    private CostMeter(Map<Long, long[]> switches, long bytes, long cpu) {
        this.switchesBefore = switches;
        this.bytesBefore = bytes;
        this.cpuBefore = cpu;
    }

    /** Takes the "before" readings. */
    public static CostMeter start() {
        Map<Long, long[]> switches = switchesPerThread();
        long bytes = THREADS.getTotalThreadAllocatedBytes();
        long cpu = OS.getProcessCpuTime();
        return new CostMeter(switches, bytes, cpu);
    }

    /** Takes the "after" readings and returns the differences. */
    public Cost stop() {
        long cpu = OS.getProcessCpuTime();
        long bytes = THREADS.getTotalThreadAllocatedBytes();
        Map<Long, long[]> after = switchesPerThread();
        long voluntary = 0;
        long nonvoluntary = 0;
        for (Map.Entry<Long, long[]> e : after.entrySet()) {
            long[] b = switchesBefore.getOrDefault(e.getKey(), new long[2]);
            voluntary += e.getValue()[0] - b[0];
            nonvoluntary += e.getValue()[1] - b[1];
        }
        int died = 0;
        for (Long tid : switchesBefore.keySet()) {
            if (!after.containsKey(tid)) {
                died++;
            }
        }
        boolean bytesKnown = bytes >= 0 && bytesBefore >= 0;
        boolean cpuKnown = cpu >= 0 && cpuBefore >= 0;
        return new Cost(after.isEmpty() ? -1 : voluntary, after.isEmpty() ? -1 : nonvoluntary,
                bytesKnown ? bytes - bytesBefore : -1, cpuKnown ? cpu - cpuBefore : -1, died);
    }

    /**
     * Totals over one measured phase; -1 where the platform gave no reading.
     *
     * @param voluntary   voluntary context switches of the live threads
     * @param involuntary nonvoluntary (preempted) context switches of the live threads
     * @param bytes       bytes allocated by all threads, dead ones included
     * @param cpuNanos    process CPU time, user and system
     * @param threadsDied threads alive at the start and gone at the stop (their switches are lost)
     */
    public record Cost(long voluntary, long involuntary, long bytes, long cpuNanos, int threadsDied) {

        /** The result-line fields, per command: {@code vcsw_per_cmd nvcsw_per_cmd bytes_per_cmd cpu_us_per_cmd}. */
        public String fields(long commands) {
            return " vcsw_per_cmd=" + per(voluntary, commands, 1)
                    + " nvcsw_per_cmd=" + per(involuntary, commands, 1)
                    + " bytes_per_cmd=" + per(bytes, commands, 1)
                    + " cpu_us_per_cmd=" + per(cpuNanos, commands, 1e-3)
                    + " threads_died=" + threadsDied + " cmds=" + commands;
        }

        private static String per(long total, long commands, double scale) {
            if (total < 0 || commands <= 0) {
                return "NaN";
            }
            return sig4(total * scale / commands);
        }
    }

    /** Four significant digits, never in exponent form (0.0001234, 12.35, 123500). */
    public static String sig4(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "NaN";
        }
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** thread id -> {voluntary, nonvoluntary}; threads that exit while being read are skipped. */
    private static Map<Long, long[]> switchesPerThread() {
        Map<Long, long[]> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                long[] counts = {-1, -1};
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            counts[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            counts[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    continue; // the thread exited between listing and reading
                }
                if (counts[0] >= 0 && counts[1] >= 0) {
                    out.put(Long.parseLong(task.getFileName().toString()), counts);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of(); // no /proc: reported as NaN
        }
        return out;
    }
}
