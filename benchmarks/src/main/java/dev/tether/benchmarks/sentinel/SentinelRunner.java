package dev.tether.benchmarks.sentinel;

import dev.tether.benchmarks.compare.ChildLink;
import dev.tether.benchmarks.compare.ClientRunner;
import dev.tether.benchmarks.compare.FailoverLoad;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's run in a JVM of its own (started by {@link SentinelCompare}):
 * {@code SentinelRunner <tether|lettuce|jedis> <sentinel port,...> <service> [name=value ...]}.
 *
 * <p>It connects through the sentinels, starts the {@link FailoverLoad} ({@code threads} threads,
 * each on a counter and a list of its own) and the probe: one more thread that runs
 * {@link SentinelDriver#PROBE_SCRIPT} through the same client every millisecond and keeps, per
 * fault and per port that answered, the first and last reply (wall clock) and how many. The
 * conversation with the coordinator (lines on stdout, answers on stdin):
 * <ol>
 *   <li>after {@code preFaultMs} of load: {@code READY};</li>
 *   <li>for each fault: {@code FAULT <n> <name>} -> marks it, {@code MARKED}; the coordinator runs
 *       the fault and answers {@code SWITCHED <old port> <new port> <+switch-master wall ms>
 *       <fault wall ms> <+promoted-slave wall ms>} (-1 where it has none); the child waits (at most {@code recoverMs}) for
 *       a probe reply from the new port, then {@code settleMs}, and says {@code SETTLED};</li>
 *   <li>{@code STOP} -> stops the load and the probe, {@code LOAD_DONE};
 *       {@code VERIFY <state file>} -> one line starting with {@code sentinel=result}, and exits.</li>
 * </ol>
 * Per fault {@code <name>} the line has {@code <name>_lag_ms} (the first +switch-master to the
 * first probe reply from the new primary; negative when the client got there first),
 * {@code <name>_promo_lag_ms} and {@code <name>_fault_lag_ms} (from the leader's +promoted-slave and
 * from the fault instead), {@code <name>_recovered}, {@code <name>_stale_ms} (the last reply from
 * the old primary after the promotion: how long the client still wrote there, writes the old
 * primary drops when it rejoins as a replica; 0 when it did not) and
 * {@code <name>_probe_replies} (replies from the new primary / all replies since the fault).
 */
public final class SentinelRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SentinelRunner.class);

    /** One fault as the probe sees it: per port, {first wall ms, last wall ms, replies, first nanoTime}. */
    private record Fault(String name, long nanos, Map<Integer, long[]> replies) {
    }

    private static volatile Fault fault;
    private static volatile boolean probing = true;
    private static final LongAdder PROBE_ERRORS = new LongAdder();
    /** How long a command may take at most, and a second more. */
    private static final long COMMAND_WAIT_MS = SentinelDriver.COMMAND_TIMEOUT.toMillis() + 1_000;

    private SentinelRunner() {
    }

    public static void main(String[] args) throws Exception {
        String client = args[0];
        List<Integer> ports = Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList();
        String service = args[2];
        Map<String, String> opts = ChildLink.options(args, 3);
        int threads = (int) ClientRunner.opt(opts, "threads", 16);
        long recoverMs = ClientRunner.opt(opts, "recoverMs", 10_000);
        long settleMs = ClientRunner.opt(opts, "settleMs", 1000);
        ChildLink link = new ChildLink();
        link.runAndHalt("sentinel=result client=" + client, line -> {
            SentinelDriver driver = SentinelDriver.open(client, ports, service);
            ChildLink.awaitUp(() -> driver.incr("sf:up"));
            FailoverLoad load = new FailoverLoad(driver, threads, threads, threads, true, i -> true, i -> true);
            load.start();
            Thread probe = Thread.ofPlatform().name("probe").daemon(true).start(() -> probe(driver));
            Thread.sleep(ClientRunner.opt(opts, "preFaultMs", 1000));
            link.say("READY");
            long firstFault = -1;
            String[] cmd;
            while ((cmd = link.next()).length == 3 && cmd[0].equals("FAULT")) {
                Fault f = new Fault(cmd[2], System.nanoTime(), new ConcurrentHashMap<>());
                firstFault = firstFault < 0 ? f.nanos() : firstFault;
                fault = f;
                link.say("MARKED");
                String[] sw = link.expect("SWITCHED");
                line.append(afterFault(f, Integer.parseInt(sw[1]), Integer.parseInt(sw[2]), Long.parseLong(sw[3]),
                        Long.parseLong(sw[4]), Long.parseLong(sw[5]), recoverMs, settleMs));
                link.say("SETTLED");
            }
            if (!cmd[0].equals("STOP")) {
                throw new IllegalStateException("expected FAULT or STOP, got " + String.join(" ", cmd));
            }
            load.stop(1_000);
            probing = false;
            probe.join(COMMAND_WAIT_MS);
            link.say("LOAD_DONE");
            String[] verify = link.expect("VERIFY");
            long from = load.startNanos() + TimeUnit.MILLISECONDS.toNanos(200);
            long to = firstFault > 0 ? firstFault : System.nanoTime();
            line.append(" threads=").append(threads)
                    .append(" ops_per_s=").append(Math.round(load.acksBetween(from, to) / ((to - from) / 1e9)))
                    .append(" probe_errors=").append(PROBE_ERRORS.sum())
                    .append(load.accounting(Path.of(verify[1])));
            ChildLink.closeWithin(driver, 3_000);
        });
    }

    private static void probe(SentinelDriver driver) {
        while (probing) {
            try {
                long port = driver.probe();
                long wall = System.currentTimeMillis();
                long nanos = System.nanoTime();
                Fault f = fault;
                if (f != null) {
                    long[] r = f.replies().computeIfAbsent((int) port, p -> new long[] {wall, wall, 0, nanos});
                    r[1] = wall;
                    r[2]++;
                }
            } catch (RuntimeException e) {
                PROBE_ERRORS.increment();
                if (PROBE_ERRORS.sum() <= 3) {
                    LOG.warn("probe: {}", e.toString());
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits for the new primary's first probe reply (at most {@code recoverMs}), then {@code settleMs}; the fault's fields. */
    private static String afterFault(Fault f, int oldPort, int newPort, long switchWallMs, long faultWallMs,
                                     long promoWallMs, long recoverMs, long settleMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(recoverMs);
        while (newPort > 0 && !f.replies().containsKey(newPort) && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        Thread.sleep(settleMs);
        long[] now = f.replies().get(newPort);
        long[] old = f.replies().get(oldPort);
        String p = " " + f.name() + "_";
        boolean recovered = now != null;
        long staleMs = old == null || promoWallMs < 0 ? 0 : Math.max(0, old[1] - promoWallMs);
        LOG.info("fault {}: replies per port {}", f.name(), f.replies().entrySet().stream()
                .map(e -> e.getKey() + "=" + Arrays.toString(e.getValue())).toList());
        return p + "recovered=" + recovered
                + p + "lag_ms=" + (recovered && switchWallMs > 0 ? now[0] - switchWallMs : "NaN")
                + p + "promo_lag_ms=" + (recovered && promoWallMs > 0 ? now[0] - promoWallMs : "NaN")
                + p + "fault_lag_ms=" + (recovered && faultWallMs > 0 ? now[0] - faultWallMs : "NaN")
                + p + "stale_ms=" + staleMs
                + p + "probe_replies=" + String.format(Locale.ROOT, "%d/%d", now == null ? 0 : now[2],
                        f.replies().values().stream().mapToLong(r -> r[2]).sum());
    }
}
