package dev.tether.benchmarks.cluster;

import dev.tether.benchmarks.compare.ChildLink;
import dev.tether.benchmarks.compare.ClientRunner;
import dev.tether.benchmarks.compare.CostMeter;
import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.benchmarks.compare.LatencyHistogram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * One client's run in a JVM of its own (started by {@link ClusterCompare}):
 * {@code ClusterRunner <tether|lettuce|jedis> <port,port,...> [name=value ...]}.
 *
 * <p>The conversation with the coordinator: this JVM writes lines on stdout, the coordinator
 * answers on stdin (everything else goes to stderr, the run's log).
 * <ol>
 *   <li>connects, waits (at most 10 s) for a first reply, then runs <b>W2 across the cluster</b>:
 *       {@code threads} threads share the one client, each doing SET then GET of a random key out
 *       of {@code keys} (spread over all slots), {@code warmupMs} unmeasured, then
 *       {@code measureMs} measured, with this JVM's {@link CostMeter} around the measured part;</li>
 *   <li>starts the {@link FailoverLoad} ({@code foThreads} threads), waits {@code preKillMs} and
 *       prints {@code KILL_NOW}; the coordinator SIGKILLs the primary of {@code victimSlots} and
 *       answers {@code KILLED <System.nanoTime() just before the signal>} (one monotonic clock
 *       for both JVMs on Linux);</li>
 *   <li>keeps the load on for {@code postKillMs} after that answer, stops it and prints
 *       {@code LOAD_DONE}; the coordinator reads what the cluster holds into a file and answers
 *       {@code VERIFY <promotion nanoTime or -1> <file>};</li>
 *   <li>prints one line starting with {@code cluster=result} and exits.</li>
 * </ol>
 */
public final class ClusterRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRunner.class);
    static final String VALUE = "0123456789abcdef";
    /** How many counters and lists the failover load uses, at random (the coordinator reads the same keys back). */
    static final int COUNTERS = 48;
    static final int LISTS = 6;

    private ClusterRunner() {
    }

    public static void main(String[] args) throws Exception {
        String client = args[0];
        List<Integer> ports = Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList();
        Map<String, String> opts = ChildLink.options(args, 2);
        ChildLink link = new ChildLink();
        link.runAndHalt("cluster=result client=" + client, line -> {
            ClusterDriver driver = ClusterDriver.open(client, ports);
            ChildLink.awaitUp(() -> driver.get("cl:up"));
            line.append(w2(driver, opts));
            BitSet victimSlots = parseSlots(opts.get("victimSlots"));
            FailoverLoad load = new FailoverLoad(driver, (int) ClientRunner.opt(opts, "foThreads", 16),
                    COUNTERS, LISTS, false,
                    i -> victimSlots.get(JedisClusterCRC16.getSlot(FailoverLoad.counterKey(i))),
                    i -> victimSlots.get(JedisClusterCRC16.getSlot(FailoverLoad.listKey(i))));
            load.start();
            Thread.sleep(ClientRunner.opt(opts, "preKillMs", 1500));
            link.say("KILL_NOW");
            long killNanos = Long.parseLong(link.expect("KILLED")[1]);
            Thread.sleep(ClientRunner.opt(opts, "postKillMs", 10_000));
            load.stop(1_000);
            LOG.info("after the load: {}", driver.describe());
            link.say("LOAD_DONE");
            String[] verify = link.expect("VERIFY");
            line.append(load.result(killNanos, Long.parseLong(verify[1]), Path.of(verify[2])));
            ChildLink.closeWithin(driver, 3_000);
        });
    }

    /** "0-5460,10923-16383" as a set of slots. */
    static BitSet parseSlots(String ranges) {
        BitSet slots = new BitSet(16_384);
        for (String r : ranges.split(",")) {
            String[] ab = r.split("-");
            slots.set(Integer.parseInt(ab[0]), Integer.parseInt(ab[ab.length - 1]) + 1);
        }
        return slots;
    }

    /** W2 across the cluster; returns the result fields. */
    static String w2(ClusterDriver d, Map<String, String> opts) throws InterruptedException {
        int threads = (int) ClientRunner.opt(opts, "threads", 64);
        int keys = (int) ClientRunner.opt(opts, "keys", 10_000);
        long warmupMs = ClientRunner.opt(opts, "warmupMs", 2000);
        long measureMs = ClientRunner.opt(opts, "measureMs", 5000);
        AtomicInteger phase = new AtomicInteger(); // 0 warm-up, 1 measuring, 2 stop
        LatencyHistogram[] hists = new LatencyHistogram[threads];
        long[] ops = new long[threads];
        LongAdder errors = new LongAdder();
        CountDownLatch stopped = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            hists[i] = new LatencyHistogram();
            workers.add(Thread.ofPlatform().name("w2-" + i).daemon(true).start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                int p;
                while ((p = phase.get()) != 2) {
                    String key = "cl:w2:" + rnd.nextInt(keys);
                    try {
                        long t0 = System.nanoTime();
                        d.set(key, VALUE);
                        long t1 = System.nanoTime();
                        String v = d.get(key);
                        long t2 = System.nanoTime();
                        if (p == 1) {
                            hists[id].record(t1 - t0);
                            hists[id].record(t2 - t1);
                            n += 2;
                            if (!VALUE.equals(v)) {
                                errors.increment();
                            }
                        }
                    } catch (RuntimeException e) {
                        errors.increment();
                        if (errors.sum() <= 5) {
                            LOG.warn("W2 {}: {}", key, e.toString());
                        }
                    }
                }
                ops[id] = n;
                stopped.countDown();
                try {
                    release.await(); // alive until the costs are read
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Thread.sleep(warmupMs);
        CostMeter meter = CostMeter.start();
        long start = System.nanoTime();
        phase.set(1);
        Thread.sleep(measureMs);
        phase.set(2);
        long end = System.nanoTime();
        stopped.await(30, TimeUnit.SECONDS);
        CostMeter.Cost cost = meter.stop();
        release.countDown();
        for (Thread t : workers) {
            t.join(1_000);
        }
        LatencyHistogram all = new LatencyHistogram();
        long total = 0;
        for (int i = 0; i < threads; i++) {
            all.add(hists[i]);
            total += ops[i];
        }
        long switches = cost.voluntary() < 0 ? -1 : cost.voluntary() + cost.involuntary();
        return " threads=" + threads + " ops_per_s=" + Math.round(total / ((end - start) / 1e9))
                + " p50_us=" + fmt(all.quantileMicros(0.50)) + " p99_us=" + fmt(all.quantileMicros(0.99))
                + " w2_errors=" + errors.sum() + " csw_per_cmd=" + per(switches, total, 1)
                + cost.fields(total);
    }

    static String per(long total, long n, double scale) {
        return total < 0 || n <= 0 ? "NaN" : CostMeter.sig4(total * scale / n);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.1f", v);
    }
}
