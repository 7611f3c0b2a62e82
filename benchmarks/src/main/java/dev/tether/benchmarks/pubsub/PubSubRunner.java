package dev.tether.benchmarks.pubsub;

import dev.tether.benchmarks.compare.ClientRunner;
import dev.tether.benchmarks.compare.CostMeter;
import dev.tether.benchmarks.compare.LatencyHistogram;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One client's run in a JVM of its own (started by {@link PubSubCompare}):
 * {@code PubSubRunner <tether|lettuce|jedis> <port> [name=value ...]}.
 *
 * <p>The conversation with the coordinator, on stdout (everything else goes to stderr):
 * <ol>
 *   <li>subscribes {@code channel} and prints {@code READY};</li>
 *   <li>the coordinator publishes {@code warmup} warm-up messages (the same as the measured ones);
 *       once all arrived, this JVM starts its {@link CostMeter} and prints {@code WARM};</li>
 *   <li>the coordinator publishes {@code messages} throughput messages as fast as it can; this
 *       JVM notes the arrival of the first and the last, and stops the meter when the last
 *       arrived (or when none arrived for {@code quietMs}: the missing ones are counted as
 *       drops). The costs are therefore this JVM's alone: the publisher is in the coordinator;</li>
 *   <li>the latency phase runs here: a {@link Publisher} on this JVM's main thread publishes
 *       {@code latCount} messages at {@code latRate} per second, each carrying
 *       {@code System.nanoTime()}; the listener records arrival minus that time, skipping the
 *       first {@code latSkip};</li>
 *   <li>prints one line starting with {@code pubsub=result} and exits.</li>
 * </ol>
 * Each phase's switches and CPU time per thread go to stderr (the run's log), see
 * {@link ThreadSwitches}.
 *
 * <p>Options and defaults: {@code channel=bench warmup=50000 messages=200000 latRate=20000
 * latCount=20000 latSkip=5000 quietMs=1000} (the coordinator passes them all).
 */
public final class PubSubRunner {

    private PubSubRunner() {
    }

    /**
     * The listener every client calls. Warm-up and throughput messages take the same path, with
     * no branch that only the throughput phase would take: the arrival time of message n goes to
     * {@code arrivals[n]}, and the main thread finds the phase boundaries there, so the JIT sees
     * nothing new when the measured phase starts (a branch first taken there would deoptimize
     * the listener and what inlined it, and the recompilation would land in the measured costs).
     * Called by one thread at a time (each client delivers from one thread); the counters are
     * volatile so that the main thread can watch them.
     */
    static final class Receiver implements Consumer<byte[]> {
        private final long[] arrivals;
        private final int latSkip;
        final LatencyHistogram latency = new LatencyHistogram();
        volatile int tpCount;
        volatile long latCount;
        volatile long other;

        Receiver(int warmupAndMessages, int latSkip) {
            this.arrivals = new long[warmupAndMessages];
            this.latSkip = latSkip;
        }

        @Override
        public void accept(byte[] p) {
            switch (p[0]) {
                case Publisher.THROUGHPUT -> {
                    long now = System.nanoTime();
                    int n = tpCount;
                    if (n < arrivals.length) {
                        arrivals[n] = now;
                    }
                    tpCount = n + 1;
                }
                case Publisher.LATENCY -> {
                    long now = System.nanoTime();
                    ByteBuffer b = ByteBuffer.wrap(p);
                    if (b.getInt(9) >= latSkip) {
                        latency.record(now - b.getLong(1));
                    }
                    latCount = latCount + 1;
                }
                default -> other = other + 1;
            }
        }

        long arrival(int n) {
            return arrivals[n];
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PubSubRunner <tether|lettuce|jedis> <port> [name=value ...]");
            System.exit(64);
        }
        String client = args[0];
        int port = Integer.parseInt(args[1]);
        Map<String, String> opts = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got " + args[i]);
            }
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try {
            System.out.println(run(client, port, opts));
            System.out.flush();
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("pubsub=result client=" + client + " error=" + t.getClass().getSimpleName());
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
        // Lingering non-daemon threads (Netty) must not keep the JVM up.
        Runtime.getRuntime().halt(0);
    }


    static String run(String client, int port, Map<String, String> opts) throws Exception {
        String channel = opts.getOrDefault("channel", "bench");
        long warmup = ClientRunner.opt(opts, "warmup", 50_000);
        long messages = ClientRunner.opt(opts, "messages", 200_000);
        int latRate = (int) ClientRunner.opt(opts, "latRate", 20_000);
        int latCount = (int) ClientRunner.opt(opts, "latCount", 20_000);
        int latSkip = (int) ClientRunner.opt(opts, "latSkip", 5_000);
        long quietMs = ClientRunner.opt(opts, "quietMs", 1_000);
        Receiver r = new Receiver((int) (warmup + messages), latSkip);
        StringBuilder line = new StringBuilder("pubsub=result client=" + client);
        BenchSubscriber sub = BenchSubscriber.open(client, port, channel, r);
        System.out.println("READY");
        System.out.flush();
        // Outside the measured phase: poll often.
        await(() -> r.tpCount, warmup, 60_000, 10_000, 1);
        if (r.tpCount != warmup) {
            throw new IllegalStateException("warm-up: " + r.tpCount + " of " + warmup + " messages");
        }
        ThreadSwitches perThread = ThreadSwitches.start();
        CostMeter meter = CostMeter.start();
        System.out.println("WARM");
        System.out.flush();
        // The coordinator publishes now. Inside the measured phase the main thread looks only
        // every 10 ms: some 50 wake-ups of its own in the phase, in the log's per-thread lines.
        await(() -> r.tpCount, warmup + messages, 30_000, quietMs, 10);
        CostMeter.Cost cost = meter.stop();
        int received = (int) Math.min(messages, r.tpCount - warmup);
        System.err.print(perThread.report("throughput", received));
        double spanS = received < 2 ? Double.NaN
                : (r.arrival((int) warmup + received - 1) - r.arrival((int) warmup)) / 1e9;
        line.append(" received=").append(received)
                .append(" span_ms=").append(fmt(spanS * 1e3))
                .append(" msgs_per_s=").append(received > 1 ? Math.round((received - 1) / spanS) : 0)
                .append(" cpu_us_per_msg=").append(per(cost.cpuNanos(), received, 1e-3))
                .append(" bytes_per_msg=").append(per(cost.bytes(), received, 1))
                .append(" vcsw_per_msg=").append(per(cost.voluntary(), received, 1))
                .append(" nvcsw_per_msg=").append(per(cost.involuntary(), received, 1))
                .append(" csw_per_msg=").append(cost.voluntary() < 0 ? "NaN"
                        : per(cost.voluntary() + cost.involuntary(), received, 1))
                .append(" threads_died=").append(cost.threadsDied());

        // Latency: publisher on this thread, subscriber's listener on the client's thread, one clock.
        long pacedNanos;
        ThreadSwitches latThreads = ThreadSwitches.start();
        try (Publisher pub = new Publisher(port, channel)) {
            pacedNanos = pub.paced(latCount, latRate);
            await(() -> r.latCount, latCount, 10_000, quietMs, 10);
            pub.awaitReplies(2_000);
            line.append(" lat_zero_replies=").append(pub.zeroReplies());
        }
        long latReceived = r.latCount;
        System.err.print(latThreads.report("latency", latReceived));
        LatencyHistogram h = r.latency;
        line.append(" lat_sent=").append(latCount)
                .append(" lat_received=").append(latReceived)
                .append(" lat_rate=").append(Math.round(latCount / (pacedNanos / 1e9)))
                .append(" lat_samples=").append(h.count())
                .append(" p50_us=").append(fmt(h.quantileMicros(0.50)))
                .append(" p99_us=").append(fmt(h.quantileMicros(0.99)))
                .append(" p999_us=").append(fmt(h.quantileMicros(0.999)))
                .append(" max_us=").append(fmt(h.quantileMicros(1.0)))
                .append(" unknown_payloads=").append(r.other)
                .append(" setup=").append(sub.describe().replace(' ', '_'));
        closeWithin(sub, 3_000);
        return line.toString();
    }

    /**
     * Waits, looking every {@code pollMs}, until {@code count} reaches {@code target}: at most
     * {@code firstMs} for the count to move at all, then as long as it keeps moving (it moved in
     * the last {@code quietMs}; if not, the rest was lost).
     */
    private static void await(LongSupplier count, long target, long firstMs, long quietMs, long pollMs)
            throws InterruptedException {
        long start = System.nanoTime();
        long first = count.getAsLong();
        long seen = first;
        long lastMove = start;
        while (seen < target) {
            Thread.sleep(pollMs);
            long now = System.nanoTime();
            long c = count.getAsLong();
            if (c != seen) {
                seen = c;
                lastMove = now;
            } else if (seen == first ? now - start > TimeUnit.MILLISECONDS.toNanos(firstMs)
                    : now - lastMove > TimeUnit.MILLISECONDS.toNanos(quietMs)) {
                return;
            }
        }
    }

    /** Closes on a helper thread, so that a client that hangs in close cannot hold the run up. */
    private static void closeWithin(BenchSubscriber sub, long ms) throws InterruptedException {
        Thread t = Thread.ofPlatform().daemon(true).name("close").start(() -> {
            try {
                sub.close();
            } catch (RuntimeException e) {
                System.err.println("close: " + e);
            }
        });
        t.join(ms);
        if (t.isAlive()) {
            System.err.println("close did not return within " + ms + " ms");
        }
    }

    static String per(long total, long n, double scale) {
        return total < 0 || n <= 0 ? "NaN" : CostMeter.sig4(total * scale / n);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.1f", v);
    }
}
