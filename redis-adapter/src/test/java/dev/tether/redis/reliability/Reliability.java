package dev.tether.redis.reliability;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionListener;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Shared pieces of the reliability suite (no test of its own): the fast-recovery options every
 * scenario uses, a lifecycle recorder with the client's own time stamps, per-reason tallies, a
 * bounded latency histogram, heap sampling and the {@code tether.soak} switch.
 */
final class Reliability {

    private Reliability() {
    }

    /** Per-command deadline of every scenario: short, so faults are found and reported quickly. */
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(400);
    /** Health check period of every scenario. */
    static final Duration HEALTH_CHECK = Duration.ofMillis(100);
    /** Connect plus handshake bound (a paused server or a blackhole accepts TCP but never answers). */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    /** "Completes within its deadline plus one second". */
    static final Duration COMPLETION_BOUND = COMMAND_TIMEOUT.plusSeconds(1);

    /** True with {@code -Dtether.soak=true}: the long variants (60 s outage, 1,000 reconnect cycles...). */
    static boolean soak() {
        return Boolean.getBoolean("tether.soak");
    }

    /** Fast reconnects for tests: constant 5 ms backoff, short deadlines, 100 ms health check. */
    static RedisOptions.Builder options(int port, ConnectionListener listener) {
        return options(port, listener, COMMAND_TIMEOUT);
    }

    /** The same with another command timeout. */
    static RedisOptions.Builder options(int port, ConnectionListener listener, Duration commandTimeout) {
        return RedisOptions.builder().port(port)
                .commandTimeout(commandTimeout)
                .connectTimeout(CONNECT_TIMEOUT)
                .healthCheckInterval(HEALTH_CHECK)
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(5)))
                .listener(listener);
    }

    static boolean pings(RedisClient redis) {
        try {
            return "PONG".equals(redis.ping());
        } catch (RedisConnectionException e) {
            return false;
        }
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    // ------------------------------------------------------------------ lifecycle events

    /** Records lifecycle events with System.nanoTime() taken on the connection's loop as they happen. */
    static final class Events implements ConnectionListener {
        record Entry(long nanos, ConnectionEvent event) {
        }

        final List<Entry> entries = new CopyOnWriteArrayList<>();
        private final boolean retain;
        private final java.util.Map<Class<?>, LongAdder> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long connected;
        private long disconnected;

        /** Keeps every event with its time stamp. */
        Events() {
            this(true);
        }

        /**
         * With {@code retain} false only counts are kept: a long outage produces thousands of
         * BackingOff events, each holding its cause with a stack trace, which would otherwise show
         * up as heap growth of the test's own making.
         */
        Events(boolean retain) {
            this.retain = retain;
        }

        @Override
        public void onEvent(ConnectionEvent event) {
            counts.computeIfAbsent(event.getClass(), c -> new LongAdder()).increment();
            if (retain) {
                entries.add(new Entry(System.nanoTime(), event));
            }
            lock.lock();
            try {
                if (event instanceof ConnectionEvent.Connected) {
                    connected++;
                } else if (event instanceof ConnectionEvent.Disconnected) {
                    disconnected++;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        long connectedCount() {
            lock.lock();
            try {
                return connected;
            } finally {
                lock.unlock();
            }
        }

        long disconnectedCount() {
            lock.lock();
            try {
                return disconnected;
            } finally {
                lock.unlock();
            }
        }

        /** Waits (bounded) until at least {@code n} Connected events were seen; false on timeout. */
        boolean awaitConnected(long n, Duration timeout) throws InterruptedException {
            long left = timeout.toNanos();
            lock.lock();
            try {
                while (connected < n) {
                    if (left <= 0) {
                        return false;
                    }
                    left = changed.awaitNanos(left);
                }
                return true;
            } finally {
                lock.unlock();
            }
        }

        List<Entry> matching(Predicate<ConnectionEvent> what, long sinceNanos) {
            List<Entry> out = new ArrayList<>();
            for (Entry e : entries) {
                if (e.nanos() >= sinceNanos && what.test(e.event())) {
                    out.add(e);
                }
            }
            return out;
        }

        List<Entry> disconnectsSince(long sinceNanos) {
            return matching(e -> e instanceof ConnectionEvent.Disconnected, sinceNanos);
        }

        long count(Class<? extends ConnectionEvent> type) {
            long n = 0;
            for (java.util.Map.Entry<Class<?>, LongAdder> e : counts.entrySet()) {
                if (type.isAssignableFrom(e.getKey())) {
                    n += e.getValue().sum();
                }
            }
            return n;
        }
    }

    // ------------------------------------------------------------------ tallies

    /** Failures by reason, for the summary line. */
    static final class Tally {
        private final Map<Reason, LongAdder> byReason = new EnumMap<>(Reason.class);

        Tally() {
            for (Reason r : Reason.values()) {
                byReason.put(r, new LongAdder());
            }
        }

        void add(Reason reason) {
            byReason.get(reason).increment();
        }

        long get(Reason reason) {
            return byReason.get(reason).sum();
        }

        long total() {
            long n = 0;
            for (LongAdder a : byReason.values()) {
                n += a.sum();
            }
            return n;
        }

        /** {DISCONNECTED=12,CLOSED=3}: only the reasons seen. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<Reason, LongAdder> e : byReason.entrySet()) {
                long n = e.getValue().sum();
                if (n > 0) {
                    if (sb.length() > 1) {
                        sb.append(',');
                    }
                    sb.append(e.getKey()).append('=').append(n);
                }
            }
            return sb.append('}').toString();
        }
    }

    /**
     * Latencies in microseconds, in 10 µs buckets up to 1 s plus an overflow bucket: constant
     * memory however many samples, so it does not disturb the heap figures it sits next to.
     */
    static final class Histogram {
        private static final int BUCKET_MICROS = 10;
        private static final int BUCKETS = 100_000;
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
        private final LongAdder samples = new LongAdder();

        void record(long nanos) {
            long micros = Math.max(0, nanos / 1_000);
            int bucket = (int) Math.min(BUCKETS, micros / BUCKET_MICROS);
            counts.incrementAndGet(bucket);
            samples.increment();
        }

        long count() {
            return samples.sum();
        }

        /** The q-quantile (0..1) in microseconds (upper edge of its bucket); -1 with no samples. */
        long quantileMicros(double q) {
            long total = 0;
            for (int i = 0; i <= BUCKETS; i++) {
                total += counts.get(i);
            }
            if (total == 0) {
                return -1;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i <= BUCKETS; i++) {
                seen += counts.get(i);
                if (seen >= rank && seen > 0) {
                    return (long) (i + 1) * BUCKET_MICROS;
                }
            }
            return (long) (BUCKETS + 1) * BUCKET_MICROS;
        }

        String describe() {
            return String.format("p50=%.2fms p99=%.2fms max<=%.2fms n=%d", quantileMicros(0.5) / 1000.0,
                    quantileMicros(0.99) / 1000.0, quantileMicros(1.0) / 1000.0, count());
        }
    }

    // ------------------------------------------------------------------ stalls

    /**
     * A ticker of its own, every 10 ms on a platform thread that has nothing to do with the
     * client: how late its ticks come is how long this JVM (GC, safepoints) or the machine (CPU
     * starvation) stalled. Printed next to latency figures so a slow outlier can be told apart
     * from a client bug.
     */
    static final class StallMonitor implements AutoCloseable {
        private static final long PERIOD_NANOS = 10_000_000;
        private final java.util.concurrent.ScheduledExecutorService ticker =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "reliability-stall-monitor");
                    t.setDaemon(true);
                    return t;
                });
        private final long start = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong maxLateNanos = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong lastTick = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

        StallMonitor() {
            ticker.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                long late = now - lastTick.getAndSet(now) - PERIOD_NANOS;
                maxLateNanos.accumulateAndGet(late, Math::max);
                ticks.incrementAndGet();
            }, PERIOD_NANOS, PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }

        /** The longest gap between two ticks beyond the 10 ms period, in ms. */
        long maxStallMs() {
            return ms(Math.max(0, maxLateNanos.get()));
        }

        @Override
        public void close() {
            ticker.shutdownNow();
        }

        @Override
        public String toString() {
            return "maxStallMs=" + maxStallMs();
        }
    }

    // ------------------------------------------------------------------ heap

    /** Used heap in bytes after two full collections. */
    static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
