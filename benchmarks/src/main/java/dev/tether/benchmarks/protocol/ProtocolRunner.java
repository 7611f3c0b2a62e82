package dev.tether.benchmarks.protocol;

import dev.tether.benchmarks.compare.CostMeter;
import dev.tether.benchmarks.compare.LatencyHistogram;
import dev.tether.core.ConnectionOptions;
import dev.tether.examples.line.LineClient;
import dev.tether.examples.line.LineSession;
import dev.tether.examples.memcached.MemcachedClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client, one workload, in a JVM of its own; prints one result line. Run by
 * {@link ProtocolCompare}; arguments {@code protocol client port threads warmupMs measureMs}:
 * {@code memcached|line}, {@code tether|tether-reader|blocking}, the server's port, the caller threads
 * (platform threads), and the two phase lengths.
 *
 * <p>With {@code tether} every thread shares ONE client (one connection); with {@code blocking}
 * each thread has its own socket. Each thread loops a request (memcached {@code get} of a 16-byte
 * value; line {@code ECHO} of 16 bytes), checks the reply and records its latency. Context
 * switches, bytes and CPU are taken over the measured phase only.
 */
public final class ProtocolRunner {

    static final String KEY = "bench:key";
    static final String VALUE = "0123456789abcdef";

    /** One request, checked. */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    private ProtocolRunner() {
    }

    public static void main(String[] args) throws Exception {
        String protocol = args[0];
        String client = args[1];
        int port = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long warmupMs = Long.parseLong(args[4]);
        long measureMs = Long.parseLong(args[5]);
        List<AutoCloseable> resources = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        byte[] value = VALUE.getBytes(StandardCharsets.US_ASCII);
        if (protocol.equals("memcached")) {
            try (MemcachedClient setup = MemcachedClient.connect("127.0.0.1", port)) {
                setup.set(KEY, value);
            }
        }
        Object shared = null;
        if (client.startsWith("tether")) {
            shared = protocol.equals("memcached") ? MemcachedClient.connect("127.0.0.1", port)
                    : LineClient.start("127.0.0.1", port, ConnectionOptions.defaults());
            resources.add((AutoCloseable) shared);
        }
        for (int t = 0; t < threads; t++) {
            ops.add(op(protocol, client, port, shared, value, resources));
        }
        String result = run(ops, warmupMs, measureMs);
        for (AutoCloseable r : resources) {
            r.close();
        }
        System.out.println("protocol=" + protocol + " client=" + client + " threads=" + threads + " " + result);
    }

    private static Op op(String protocol, String client, int port, Object shared, byte[] value,
                         List<AutoCloseable> resources) throws Exception {
        String echo = "ECHO " + VALUE;
        if (protocol.equals("memcached")) {
            if (shared instanceof MemcachedClient mc) {
                return () -> check(java.util.Arrays.equals(value, mc.get(KEY)));
            }
            BlockingClients.Memcached mc = new BlockingClients.Memcached(port);
            resources.add(mc);
            return () -> check(java.util.Arrays.equals(value, mc.get(KEY)));
        }
        if (shared instanceof LineSession line) {
            return () -> check(VALUE.equals(line.send(echo)));
        }
        BlockingClients.Line line = new BlockingClients.Line(port);
        resources.add(line);
        return () -> check(VALUE.equals(line.send(echo)));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("wrong reply");
        }
    }

    private static String run(List<Op> ops, long warmupMs, long measureMs) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmupMs * 1_000_000;
        long end = measureFrom + measureMs * 1_000_000;
        AtomicLong errors = new AtomicLong();
        List<LatencyHistogram> histograms = new ArrayList<>();
        long[] counts = new long[ops.size()];
        CountDownLatch done = new CountDownLatch(ops.size());
        CountDownLatch metered = new CountDownLatch(1); // callers outlive the readings, or their switches are lost
        // The first caller to enter the measured phase takes the "before" readings: with hundreds of
        // busy callers on two cores the main thread may wake from a sleep long after the phase began.
        AtomicReference<CostMeter> meter = new AtomicReference<>();
        for (int i = 0; i < ops.size(); i++) {
            LatencyHistogram h = new LatencyHistogram();
            histograms.add(h);
            int index = i;
            Op op = ops.get(i);
            Thread.ofPlatform().name("caller-" + i).start(() -> {
                try {
                    for (long now = System.nanoTime(); now < end; ) {
                        long t0 = now;
                        try {
                            op.run();
                        } catch (Exception e) {
                            if (errors.incrementAndGet() == 1) {
                                e.printStackTrace();
                            }
                        }
                        now = System.nanoTime();
                        if (now >= measureFrom && meter.get() == null) {
                            synchronized (meter) { // once, by one caller; the others wait a moment
                                if (meter.get() == null) {
                                    meter.set(CostMeter.start());
                                }
                            }
                            now = System.nanoTime();
                            continue; // an op straddling the start is not counted
                        }
                        if (t0 >= measureFrom) {
                            h.record(now - t0);
                            counts[index]++;
                        }
                    }
                } finally {
                    done.countDown();
                    awaitQuietly(metered);
                }
            });
        }
        done.await();
        CostMeter.Cost cost = meter.get().stop();
        metered.countDown();
        LatencyHistogram all = new LatencyHistogram();
        histograms.forEach(all::add);
        long n = all.count();
        return String.format(Locale.ROOT, "ops=%d ops_per_s=%.0f p50_us=%.1f p99_us=%.1f errors=%d %s",
                n, n / (measureMs / 1000.0), all.quantileNanos(0.5) / 1000, all.quantileNanos(0.99) / 1000,
                errors.get(), cost.fields(n));
    }
}
