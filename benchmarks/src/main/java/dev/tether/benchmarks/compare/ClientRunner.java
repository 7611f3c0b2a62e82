package dev.tether.benchmarks.compare;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client, one workload, in a JVM of its own (started by {@link Compare}):
 * {@code ClientRunner <tether|lettuce|jedis> <W1|W2|W3|W5> <port> [name=value ...]}.
 *
 * <p>Prints exactly one result line starting with {@code workload=} on stdout and exits; everything
 * else (stack traces, the clients' logs) goes to stderr. W5 also talks to the coordinator: it prints
 * {@code READY} once its callers run, then waits for {@code KILLED <epochMillis> <outageMillis>} on
 * stdin (see {@link #w5}).
 *
 * <p>Options (with their defaults): {@code warmupMs=1000 measureMs=2000} (W1, W2),
 * {@code threads=64} (W2), {@code sets=1000000 batch=1000 warmupSets=100000} (W3),
 * {@code threads=8 recoverWithinMs=45000} (W5).
 *
 * <p>W1-W3 lines also carry what the measured phase (warm-up excluded) cost this JVM per command
 * ({@code vcsw_per_cmd nvcsw_per_cmd bytes_per_cmd cpu_us_per_cmd}, see {@link CostMeter}) and
 * the value size ({@code value_bytes}).
 */
public final class ClientRunner {

    /** The value every client writes and reads; {@link Compare} gives redis-benchmark the same size ({@code -d}). */
    static final String VALUE = "0123456789abcdef";
    /** {@link #VALUE}'s size in bytes on the wire. */
    static final int VALUE_BYTES = VALUE.getBytes(StandardCharsets.UTF_8).length;
    static final String W1_KEY = "cmp:w1";
    static final String W5_KEY = "cmp:w5";

    private ClientRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ClientRunner <tether|lettuce|jedis> <W1|W2|W3|W5> <port> [name=value ...]");
            System.exit(64);
        }
        String client = args[0];
        String workload = args[1];
        int port = Integer.parseInt(args[2]);
        Map<String, String> opts = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got " + args[i]);
            }
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        String line;
        try (Driver driver = Driver.open(client, workload, port)) {
            awaitUp(driver);
            line = switch (workload) {
                case "W1" -> w1(client, driver, opts);
                case "W2" -> w2(client, driver, opts);
                case "W3" -> w3(client, driver, opts);
                case "W5" -> w5(client, driver, opts);
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            };
            System.out.println(line);
            System.out.flush();
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("workload=" + workload + " client=" + client + " error="
                    + t.getClass().getSimpleName());
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
        // Lingering non-daemon threads (Netty, pools) must not keep the JVM up.
        Runtime.getRuntime().halt(0);
    }

    /** The long option {@code name} of a child's {@code name=value} arguments, or {@code dflt}. */
    public static long opt(Map<String, String> opts, String name, long dflt) {
        String v = opts.get(name);
        return v == null ? dflt : Long.parseLong(v);
    }

    /** Tether connects in the background by default: wait (at most 10 s) for the first reply. */
    private static void awaitUp(Driver driver) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        RuntimeException last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                driver.get("cmp:up");
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("no reply within 10 s", last);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void logError(String where, RuntimeException e, long errorsSoFar) {
        if (errorsSoFar < 5) {
            System.err.println(where + ": " + e);
            e.printStackTrace();
        }
    }

    // ------------------------------------------------------------------ W1

    /** One thread, GET after GET on an existing key; warm up, then measure for a fixed time. */
    static String w1(String client, Driver d, Map<String, String> opts) {
        long warmupMs = opt(opts, "warmupMs", 1000);
        long measureMs = opt(opts, "measureMs", 2000);
        d.set(W1_KEY, VALUE);
        long errors = 0;
        long warmEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
        while (System.nanoTime() - warmEnd < 0) {
            try {
                d.get(W1_KEY);
            } catch (RuntimeException e) {
                logError("W1 warmup", e, errors++);
            }
        }
        errors = 0;
        LatencyHistogram h = new LatencyHistogram();
        long ops = 0;
        CostMeter meter = CostMeter.start();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(measureMs);
        long t0 = start;
        while (t0 - end < 0) {
            try {
                String v = d.get(W1_KEY);
                long t1 = System.nanoTime();
                h.record(t1 - t0);
                ops++;
                if (!VALUE.equals(v)) {
                    errors++;
                }
                t0 = t1;
            } catch (RuntimeException e) {
                logError("W1", e, errors++);
                t0 = System.nanoTime();
            }
        }
        CostMeter.Cost cost = meter.stop();
        double seconds = (t0 - start) / 1e9;
        return "workload=W1 client=" + client + " threads=1 ops_per_s=" + Math.round(ops / seconds)
                + " p50_us=" + fmt(h.quantileMicros(0.50)) + " p99_us=" + fmt(h.quantileMicros(0.99))
                + " errors=" + errors + " value_bytes=" + VALUE_BYTES + cost.fields(ops);
    }

    // ------------------------------------------------------------------ W2

    /**
     * {@code threads} platform threads sharing the one client, each SET then GET on its own key.
     * Every command is one sample; ops_per_s counts both commands. A worker that sees the end of
     * the phase parks until the cost readings are taken, so no worker thread dies inside them.
     */
    static String w2(String client, Driver d, Map<String, String> opts) throws InterruptedException {
        int threads = (int) opt(opts, "threads", 64);
        long warmupMs = opt(opts, "warmupMs", 1000);
        long measureMs = opt(opts, "measureMs", 2000);
        // 0 warm-up, 1 measuring, 2 stop
        AtomicLong phase = new AtomicLong(0);
        LatencyHistogram[] hists = new LatencyHistogram[threads];
        long[] ops = new long[threads];
        LongAdder errors = new LongAdder();
        CountDownLatch started = new CountDownLatch(threads);
        CountDownLatch stopped = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            hists[i] = new LatencyHistogram();
            Thread t = Thread.ofPlatform().name("w2-" + i).daemon(true).unstarted(() -> {
                String key = "cmp:w2:" + id;
                LatencyHistogram h = hists[id];
                long n = 0;
                started.countDown();
                long p;
                while ((p = phase.get()) != 2) {
                    try {
                        long t0 = System.nanoTime();
                        d.set(key, VALUE);
                        long t1 = System.nanoTime();
                        String v = d.get(key);
                        long t2 = System.nanoTime();
                        if (p == 1) {
                            h.record(t1 - t0);
                            h.record(t2 - t1);
                            n += 2;
                            if (!VALUE.equals(v)) {
                                errors.increment();
                            }
                        }
                    } catch (RuntimeException e) {
                        if (p == 1) {
                            errors.increment();
                        }
                        logError("W2 " + key, e, errors.sum());
                    }
                }
                ops[id] = n;
                stopped.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workers.add(t);
        }
        workers.forEach(Thread::start);
        started.await(30, TimeUnit.SECONDS);
        Thread.sleep(warmupMs);
        CostMeter meter = CostMeter.start();
        long start = System.nanoTime();
        phase.set(1);
        Thread.sleep(measureMs);
        phase.set(2);
        long end = System.nanoTime();
        // Each worker finishes the SET/GET pair it is in (counted if it began in the phase) and parks;
        // then the costs are read, with every worker thread still alive.
        stopped.await(70, TimeUnit.SECONDS);
        CostMeter.Cost cost = meter.stop();
        release.countDown();
        long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(70);
        for (Thread t : workers) {
            long left = joinDeadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        LatencyHistogram all = new LatencyHistogram();
        long total = 0;
        for (int i = 0; i < threads; i++) {
            all.add(hists[i]);
            total += ops[i];
        }
        double seconds = (end - start) / 1e9;
        return "workload=W2 client=" + client + " threads=" + threads + " ops_per_s=" + Math.round(total / seconds)
                + " p50_us=" + fmt(all.quantileMicros(0.50)) + " p99_us=" + fmt(all.quantileMicros(0.99))
                + " errors=" + errors.sum() + " value_bytes=" + VALUE_BYTES + cost.fields(total);
    }

    // ------------------------------------------------------------------ W3

    /** One thread, {@code sets} SETs in pipelines of {@code batch}; latencies are per batch. */
    static String w3(String client, Driver d, Map<String, String> opts) {
        int sets = (int) opt(opts, "sets", 1_000_000);
        int batch = (int) opt(opts, "batch", 1000);
        int warmupSets = (int) opt(opts, "warmupSets", 100_000);
        String[] keys = new String[batch];
        for (int i = 0; i < batch; i++) {
            keys[i] = "cmp:w3:" + i;
        }
        for (int i = 0; i < warmupSets / batch; i++) {
            d.pipelineSet(keys, VALUE);
        }
        LatencyHistogram h = new LatencyHistogram();
        long notOk = 0;
        int batches = sets / batch;
        CostMeter meter = CostMeter.start();
        long start = System.nanoTime();
        long t0 = start;
        for (int i = 0; i < batches; i++) {
            int ok = d.pipelineSet(keys, VALUE);
            long t1 = System.nanoTime();
            h.record(t1 - t0);
            notOk += batch - ok;
            t0 = t1;
        }
        CostMeter.Cost cost = meter.stop();
        double seconds = (t0 - start) / 1e9;
        return "workload=W3 client=" + client + " threads=1 ops_per_s=" + Math.round((long) batches * batch / seconds)
                + " p50_us=" + fmt(h.quantileMicros(0.50)) + " p99_us=" + fmt(h.quantileMicros(0.99))
                + " batch=" + batch + " sets=" + (long) batches * batch + " errors=" + notOk
                + " value_bytes=" + VALUE_BYTES + cost.fields((long) batches * batch);
    }

    // ------------------------------------------------------------------ W5

    /**
     * {@code threads} callers GET in a loop (pausing 1 ms after a failure). Prints {@code READY}
     * when they run, then waits for {@code KILLED <epochMillis> <outageMillis>} from the
     * coordinator. The server is down from the kill until at least kill + outage, so the first
     * success that completes after kill + outage/2 is the first success against the restarted
     * server. Its wall-clock time is printed (microseconds since the epoch); the coordinator
     * subtracts the server's own "Ready to accept connections" time.
     */
    static String w5(String client, Driver d, Map<String, String> opts) throws Exception {
        int threads = (int) opt(opts, "threads", 8);
        long recoverWithinMs = opt(opts, "recoverWithinMs", 45_000);
        d.set(W5_KEY, VALUE);
        AtomicLong thresholdMillis = new AtomicLong(Long.MAX_VALUE); // set when KILLED arrives
        AtomicReference<Instant> firstSuccess = new AtomicReference<>();
        AtomicReference<Instant> firstFailure = new AtomicReference<>();
        AtomicLong longestCallNanos = new AtomicLong();
        LongAdder failures = new LongAdder();
        LongAdder successes = new LongAdder();
        Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        CountDownLatch recovered = new CountDownLatch(1);
        AtomicLong stop = new AtomicLong();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            callers.add(Thread.ofPlatform().name("w5-" + i).daemon(true).start(() -> {
                while (stop.get() == 0) {
                    long t0 = System.nanoTime();
                    try {
                        d.get(W5_KEY);
                        long took = System.nanoTime() - t0;
                        Instant now = Instant.now();
                        successes.increment();
                        if (now.toEpochMilli() >= thresholdMillis.get()) {
                            longestCallNanos.accumulateAndGet(took, Math::max);
                            if (firstSuccess.compareAndSet(null, now)) {
                                recovered.countDown();
                            }
                        }
                    } catch (RuntimeException e) {
                        long took = System.nanoTime() - t0;
                        if (thresholdMillis.get() != Long.MAX_VALUE) {
                            longestCallNanos.accumulateAndGet(took, Math::max);
                        }
                        firstFailure.compareAndSet(null, Instant.now());
                        failures.increment();
                        kinds.computeIfAbsent(kind(e), k -> new LongAdder()).increment();
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }));
        }
        Thread.sleep(500);
        if (successes.sum() == 0) {
            throw new IllegalStateException("no successful GET in the first 500 ms");
        }
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String msg = in.readLine();
        if (msg == null || !msg.startsWith("KILLED ")) {
            throw new IllegalStateException("expected KILLED <epochMillis> <outageMillis>, got " + msg);
        }
        String[] parts = msg.split(" ");
        long killedAt = Long.parseLong(parts[1]);
        long outageMs = Long.parseLong(parts[2]);
        // A failure before the kill notice is possible (the kill happened first); count from here on.
        thresholdMillis.set(killedAt + outageMs / 2);
        long waitMs = Math.max(0, killedAt + outageMs + recoverWithinMs - System.currentTimeMillis());
        boolean ok = recovered.await(waitMs, TimeUnit.MILLISECONDS);
        Thread.sleep(200); // let the others finish what they are doing, for the counters
        stop.set(1);
        Instant success = firstSuccess.get();
        Instant failure = firstFailure.get();
        StringBuilder k = new StringBuilder();
        kinds.forEach((name, n) -> k.append(k.isEmpty() ? "" : ",").append(name).append(':').append(n.sum()));
        return "workload=W5 client=" + client + " threads=" + threads + " outage_ms=" + outageMs
                + " killed_epoch_ms=" + killedAt
                + " first_success_epoch_us=" + (ok && success != null ? epochMicros(success) : "none")
                + " first_failure_after_kill_ms=" + (failure == null ? "none"
                        : fmt(ChronoUnit.MICROS.between(Instant.ofEpochMilli(killedAt), failure) / 1000.0))
                + " failures=" + failures.sum()
                + " longest_call_ms=" + fmt(longestCallNanos.get() / 1e6)
                + " failure_kinds=" + (k.isEmpty() ? "none" : k);
    }

    /** {@code t} in microseconds since the epoch, as the result lines give wall-clock times. */
    public static long epochMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** A failure's kind for the result lines: its class, and a Tether connection failure's reason. */
    public static String kind(RuntimeException e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof dev.tether.redis.RedisConnectionException rce) {
            return name + "/" + rce.reason();
        }
        return name;
    }
}
