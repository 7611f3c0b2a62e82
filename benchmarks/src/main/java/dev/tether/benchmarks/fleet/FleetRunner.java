package dev.tether.benchmarks.fleet;

import dev.tether.benchmarks.compare.ChildLink;
import dev.tether.benchmarks.compare.ClientRunner;
import dev.tether.benchmarks.compare.CostMeter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * One client's fleet in a JVM of its own (forked by {@link FleetCompare}, under strace):
 * {@code FleetRunner <tether|lettuce|jedis> <port> [name=value ...]}, options {@code callers} (2,
 * caller threads per client instance), {@code pauseMs} (10, a caller's pause after a failed
 * call), {@code recoverWithinMs} (35000).
 *
 * <p>It opens {@link FleetDriver#instances} instances (Tether 100, a peer 1), writes a key
 * through each, starts {@code callers} platform threads per instance that GET in a loop (no pause
 * after a success), and says {@code READY}. Then it waits for {@code KILLED <epochMs> <outageMs>}
 * and {@code BACK <restartEpochMs> <readyEpochUs>} from the coordinator (the server's own
 * "Ready to accept connections" time). An instance's first success is its first GET that
 * returned at or after kill + outage/2 (the server was down from the kill until the restart);
 * its recovery time is that instant minus the server's ready time. When every instance has one,
 * or {@code recoverWithinMs} after BACK, it says one line starting with {@code fleet=result} and
 * halts:
 *
 * <ul>
 *   <li>{@code instances}, {@code callers}, {@code recovered} (instances with a first success),
 *       {@code recovery_p50_ms}, {@code recovery_max_ms} (over the recovered instances),
 *       {@code recovery_ms} (each instance's, comma separated, "none" if it did not recover);</li>
 *   <li>{@code failures} and {@code failure_kinds} (failed GETs from the kill on, by type);</li>
 *   <li>Tether only: {@code backoffs_0_5}, {@code backoffs_5_30}, {@code backoffs_30_end} (BackingOff
 *       events of all instances in those seconds of the outage) and {@code backoff_worst_after5_per_s}
 *       (the busiest instance's events per second from second 5 to the restart).</li>
 * </ul>
 */
public final class FleetRunner {

    private static final String KEY = "fleet:k";

    private FleetRunner() {
    }

    public static void main(String[] args) {
        String client = args[0];
        int port = Integer.parseInt(args[1]);
        Map<String, String> opts = ChildLink.options(args, 2);
        int callers = (int) ClientRunner.opt(opts, "callers", 2);
        long pauseMs = ClientRunner.opt(opts, "pauseMs", 10);
        long recoverWithinMs = ClientRunner.opt(opts, "recoverWithinMs", 35_000);
        ChildLink link = new ChildLink();
        link.runAndHalt("fleet=result client=" + client, line -> {
            int n = FleetDriver.instances(client);
            List<FleetDriver> fleet = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fleet.add(FleetDriver.open(client, port));
            }
            for (FleetDriver d : fleet) {
                ChildLink.awaitUp(() -> d.set(KEY, "v"));
            }
            AtomicLong threshold = new AtomicLong(Long.MAX_VALUE); // epoch ms, set when KILLED arrives
            AtomicLong stop = new AtomicLong();
            long[] firstSuccessUs = new long[n];
            Arrays.fill(firstSuccessUs, -1);
            CountDownLatch recovered = new CountDownLatch(n);
            LongAdder failures = new LongAdder();
            LongAdder successes = new LongAdder();
            Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                int idx = i;
                FleetDriver d = fleet.get(i);
                for (int c = 0; c < callers; c++) {
                    Thread.ofPlatform().daemon(true).name("fleet-" + i + "-" + c).start(() -> {
                        while (stop.get() == 0) {
                            try {
                                d.get(KEY);
                                successes.increment();
                                long nowUs = ClientRunner.epochMicros(java.time.Instant.now());
                                if (nowUs / 1000 >= threshold.get()) {
                                    synchronized (firstSuccessUs) {
                                        if (firstSuccessUs[idx] < 0) {
                                            firstSuccessUs[idx] = nowUs;
                                            recovered.countDown();
                                        }
                                    }
                                }
                            } catch (RuntimeException e) {
                                if (threshold.get() != Long.MAX_VALUE) {
                                    failures.increment();
                                    kinds.computeIfAbsent(ClientRunner.kind(e), k -> new LongAdder()).increment();
                                }
                                try {
                                    Thread.sleep(pauseMs);
                                } catch (InterruptedException ie) {
                                    return;
                                }
                            }
                        }
                    });
                }
            }
            Thread.sleep(500);
            if (successes.sum() == 0) {
                throw new IllegalStateException("no successful GET in the first 500 ms");
            }
            link.say("READY");
            String[] killed = link.expect("KILLED");
            long killedAt = Long.parseLong(killed[1]);
            long outageMs = Long.parseLong(killed[2]);
            threshold.set(killedAt + outageMs / 2);
            System.err.println("[fleet] " + client + ": killed at " + killedAt + ", outage " + outageMs + " ms");
            String[] back = link.expect("BACK");
            long restartAt = Long.parseLong(back[1]);
            long readyUs = Long.parseLong(back[2]);
            recovered.await(recoverWithinMs, TimeUnit.MILLISECONDS);
            Thread.sleep(200);
            stop.set(1);
            List<Double> rec = new ArrayList<>();
            StringBuilder each = new StringBuilder();
            synchronized (firstSuccessUs) {
                for (long us : firstSuccessUs) {
                    each.append(each.isEmpty() ? "" : ",");
                    if (us < 0) {
                        each.append("none");
                    } else {
                        double ms = (us - readyUs) / 1000.0;
                        rec.add(ms);
                        each.append(CostMeter.sig4(ms));
                    }
                }
            }
            rec.sort(null);
            line.append(" instances=").append(n).append(" callers=").append(callers)
                    .append(" recovered=").append(rec.size())
                    .append(" recovery_p50_ms=").append(rec.isEmpty() ? "NaN" : CostMeter.sig4(rec.get((rec.size() - 1) / 2)))
                    .append(" recovery_max_ms=").append(rec.isEmpty() ? "NaN" : CostMeter.sig4(rec.getLast()))
                    .append(" failures=").append(failures.sum())
                    .append(" failure_kinds=").append(kinds.isEmpty() ? "-" : kinds.entrySet().stream()
                            .map(en -> en.getKey() + ":" + en.getValue().sum()).sorted()
                            .collect(Collectors.joining(",")));
            if (client.equals("tether")) {
                backoffFields(line, fleet, killedAt, restartAt);
            }
            line.append(" recovery_ms=").append(each);
        });
    }

    /** The BackingOff events of all instances per window of the outage, and the busiest instance's rate after 5 s. */
    private static void backoffFields(StringBuilder line, List<FleetDriver> fleet, long killedAt, long restartAt) {
        long[] totals = new long[3];
        double worst = 0;
        double after5S = (restartAt - killedAt - 5000) / 1000.0;
        for (FleetDriver d : fleet) {
            long mine = 0;
            for (long t : d.backoffTimes()) {
                long rel = t - killedAt;
                if (rel < 0 || t >= restartAt) {
                    continue;
                }
                int w = rel < 5000 ? 0 : rel < 30_000 ? 1 : 2;
                totals[w]++;
                if (w > 0) {
                    mine++;
                }
            }
            worst = Math.max(worst, mine / after5S);
        }
        line.append(" backoffs_0_5=").append(totals[0]).append(" backoffs_5_30=").append(totals[1])
                .append(" backoffs_30_end=").append(totals[2])
                .append(" backoff_worst_after5_per_s=").append(after5S > 0 ? CostMeter.sig4(worst) : "NaN");
    }
}
