package dev.tether.benchmarks.talk;

import dev.tether.examples.pool.BlockingRedisPool;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * One measurement of the talk's table, in a JVM of its own (started by {@link TalkBenchmark}):
 * {@code callers} platform threads share one client and each runs SET, GET, SET, GET... on its
 * own key for a warmup, then for the measured time. Prints one line:
 * {@code RESULT client=... callers=... connections=... ops=... seconds=... ops_per_s=... p50_us=... p99_us=... errors=...}.
 *
 * <p>Arguments: {@code client callers connections host port warmupSeconds measureSeconds}, where
 * client is {@code tether} (one multiplexed RedisClient; connections is ignored), {@code pool}
 * (the BlockingRedisPool example, platform-thread loops), {@code pool-virtual} (the same on
 * virtual-thread loops) or {@code jedis} (JedisPool), the pools with {@code connections} members.
 */
public final class TalkRun {

    /** SET/GET on one client, whatever it is. */
    interface Client extends AutoCloseable {
        void set(String key, String value);

        String get(String key);

        @Override
        void close();
    }

    private static final String VALUE = "v".repeat(32);
    private static final int MAX_SAMPLES_PER_THREAD = 1 << 22;

    private TalkRun() {
    }

    public static void main(String[] args) throws Exception {
        String client = args[0];
        int callers = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        String host = args[3];
        int port = Integer.parseInt(args[4]);
        long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[5]));
        long measureNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[6]));
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmupNanos + measureNanos) + 60_000);
                System.out.println("ERROR watchdog: the run did not finish in time");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException done) {
                // finished in time
            }
        });
        try (Client c = open(client, connections, host, port)) {
            System.out.println(measure(c, client, callers, connections, warmupNanos, measureNanos));
        }
        watchdog.interrupt();
        System.exit(0); // Netty-free, but pools may leave non-daemon threads behind
    }

    // JedisPool is deprecated in Jedis 8 but is still the pool its users know and the one to compare with.
    @SuppressWarnings("deprecation")
    static Client open(String client, int connections, String host, int port) {
        return switch (client) {
            case "tether" -> {
                RedisClient redis = RedisClient.connect(RedisOptions.builder().host(host).port(port).syncConnect(true).build());
                yield new Client() {
                    public void set(String key, String value) {
                        redis.set(key, value);
                    }

                    public String get(String key) {
                        return redis.get(key);
                    }

                    public void close() {
                        redis.close();
                    }
                };
            }
            case "pool", "pool-virtual" -> {
                BlockingRedisPool pool = BlockingRedisPool.open(host, port, connections, Duration.ofSeconds(10),
                        client.equals("pool") ? BlockingRedisPool.Loops.PLATFORM : BlockingRedisPool.Loops.VIRTUAL);
                yield new Client() {
                    public void set(String key, String value) {
                        pool.set(key, value);
                    }

                    public String get(String key) {
                        return pool.get(key);
                    }

                    public void close() {
                        pool.close();
                    }
                };
            }
            case "jedis" -> {
                JedisPoolConfig config = new JedisPoolConfig();
                config.setMaxTotal(connections);
                config.setMaxIdle(connections);
                config.setMinIdle(connections);
                config.setBlockWhenExhausted(true);
                config.setMaxWait(Duration.ofSeconds(10));
                JedisPool pool = new JedisPool(config, host, port, 5_000);
                try {
                    pool.preparePool(); // open all members now, as BlockingRedisPool does
                } catch (Exception e) {
                    pool.close();
                    throw new IllegalStateException("cannot fill the Jedis pool", e);
                }
                yield new Client() {
                    public void set(String key, String value) {
                        try (Jedis jedis = pool.getResource()) {
                            jedis.set(key, value);
                        }
                    }

                    public String get(String key) {
                        try (Jedis jedis = pool.getResource()) {
                            return jedis.get(key);
                        }
                    }

                    public void close() {
                        pool.close();
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
    }

    private static String measure(Client client, String name, int callers, int connections, long warmupNanos,
                                  long measureNanos) throws InterruptedException {
        // 0 = warmup, 1 = measuring, 2 = stop; read by every caller on every operation.
        AtomicLong phase = new AtomicLong();
        long[][] samples = new long[callers][];
        int[] counts = new int[callers];
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int id = t;
            threads[t] = Thread.ofPlatform().name("caller-" + t).start(() -> {
                String key = "talk:" + id;
                long[] mine = new long[1024];
                int n = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long i = 0;
                for (long p = phase.get(); p < 2; p = phase.get()) {
                    long start = System.nanoTime();
                    try {
                        if ((i++ & 1) == 0) {
                            client.set(key, VALUE);
                        } else {
                            client.get(key);
                        }
                    } catch (RuntimeException e) {
                        if (errors.getAndIncrement() == 0) {
                            e.printStackTrace(System.out);
                        }
                        try {
                            Thread.sleep(1); // a failing client must not starve the others of CPU
                        } catch (InterruptedException stop) {
                            break;
                        }
                        continue;
                    }
                    long took = System.nanoTime() - start;
                    if (p == 1 && phase.get() == 1 && n < MAX_SAMPLES_PER_THREAD) {
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = took;
                    }
                }
                samples[id] = mine;
                counts[id] = n;
            });
        }
        ready.await();
        go.countDown();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmupNanos));
        phase.set(1);
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureNanos));
        phase.set(2);
        long t1 = System.nanoTime();
        for (Thread t : threads) {
            t.join(30_000);
        }
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < callers; t++) {
            if (samples[t] != null) {
                System.arraycopy(samples[t], 0, all, at, counts[t]);
                at += counts[t];
            }
        }
        Arrays.sort(all, 0, at);
        double seconds = (t1 - t0) / 1e9;
        return String.format(java.util.Locale.ROOT,
                "RESULT client=%s callers=%d connections=%d ops=%d seconds=%.3f ops_per_s=%.0f p50_us=%.1f p99_us=%.1f errors=%d",
                name, callers, "tether".equals(name) ? 1 : connections, at, seconds, at / seconds,
                percentile(all, at, 0.50) / 1e3, percentile(all, at, 0.99) / 1e3, errors.get());
    }

    private static double percentile(long[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(n - 1, Math.ceil(q * n) - 1);
        return sorted[Math.max(0, index)];
    }
}
