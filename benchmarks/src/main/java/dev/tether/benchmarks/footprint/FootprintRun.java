package dev.tether.benchmarks.footprint;

import dev.tether.core.LiveResources;
import dev.tether.core.Tether;
import dev.tether.redis.RedisOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import redis.clients.jedis.Jedis;

/**
 * W6 for one client, in a JVM of its own (started by {@link FootprintBenchmark}): opens
 * {@code connections} connections (from 8 threads at once, to save time), each doing one PING, and measures what they
 * cost while idle. Measured three times (before any client object exists, at half, and at all
 * connections), each after {@code System.gc()} five times 200 ms apart: heap used, direct buffer
 * memory ({@code BufferPoolMXBean "direct"}, plus Netty's own counter for Lettuce, whose direct
 * buffers bypass the JDK's), resident set size, platform threads
 * ({@code ThreadMXBean}: virtual threads are not counted there) and, for Tether, the runtime's
 * live loops, readers and sockets ({@code Tether.liveResources()}). Prints one {@code RESULT}
 * line and writes the class histogram of the live heap at full count.
 *
 * <p>Arguments: {@code client connections host port deadlineSeconds histogramFile}, client one of
 * {@code tether} (a {@code RedisClient} each, default options), {@code tether-nohc} (the same with
 * the health check off), {@code lettuce} (one {@code RedisClient}, a {@code StatefulRedisConnection}
 * each) and {@code jedis} (a {@code Jedis} each). The connections are not closed: the JVM exits
 * and the OS closes them.
 */
public final class FootprintRun {

    /** Heap, direct, RSS, platform threads, and Tether's live resources at one point. */
    record Snapshot(long heap, long direct, long nettyDirect, long rss, int platformThreads, int loops, int readers,
                    int sockets) {
    }

    private FootprintRun() {
    }

    public static void main(String[] args) throws Exception {
        String client = args[0];
        int connections = Integer.parseInt(args[1]);
        String host = args[2];
        int port = Integer.parseInt(args[3]);
        long deadlineSeconds = Long.parseLong(args[4]);
        Path histogram = Path.of(args[5]);
        Thread.ofPlatform().daemon().name("deadline").start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(deadlineSeconds));
                System.out.println("ERROR deadline: " + client + " did not finish within " + deadlineSeconds + " s");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // not reached: the JVM exits first
            }
        });
        long maxFds = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        boolean netty = client.equals("lettuce");
        Snapshot base = snapshot(netty);
        Object[] open = new Object[connections]; // keeps every connection reachable
        Opener opener = opener(client, host, port);
        long t0 = System.nanoTime();
        int half = connections / 2;
        openAll(opener, open, 0, half);
        Snapshot mid = snapshot(netty);
        openAll(opener, open, half, connections);
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        Snapshot full = snapshot(netty);
        writeHistogram(histogram);
        System.out.println(String.format(Locale.ROOT,
                "RESULT client=%s connections=%d open_s=%.1f max_fds=%d"
                        + " heap_base=%d heap_half=%d heap_full=%d direct_base=%d direct_half=%d direct_full=%d"
                        + " netty_direct_base=%d netty_direct_full=%d"
                        + " rss_base=%d rss_full=%d threads_base=%d threads_half=%d threads_full=%d loops=%d readers=%d sockets=%d",
                client, open.length, openSeconds, maxFds, base.heap(), mid.heap(), full.heap(), base.direct(),
                mid.direct(), full.direct(), base.nettyDirect(), full.nettyDirect(), base.rss(), full.rss(), base.platformThreads(), mid.platformThreads(), full.platformThreads(),
                full.loops(), full.readers(), full.sockets()));
        System.out.flush();
        Runtime.getRuntime().halt(0); // 10,000 closes would only measure teardown; the OS closes the sockets
    }

    /**
     * Opens connections {@code from} to {@code to - 1} from {@value #OPENERS} platform threads
     * (only to save time: connecting is mostly waiting for the server), which are gone before any
     * measurement.
     */
    private static void openAll(Opener opener, Object[] open, int from, int to) throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(from);
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread[] threads = new Thread[OPENERS];
        for (int t = 0; t < OPENERS; t++) {
            threads[t] = Thread.ofPlatform().name("opener-" + t).start(() -> {
                for (int i = next.getAndIncrement(); i < to && failure.get() == null; i = next.getAndIncrement()) {
                    try {
                        open[i] = opener.openAndPing();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("opening connection failed after " + next.get() + " attempts", failure.get());
        }
    }

    private static final int OPENERS = 8;

    /** Opens one connection and PINGs through it. */
    interface Opener {
        Object openAndPing();
    }

    private static Opener opener(String client, String host, int port) {
        return switch (client) {
            case "tether", "tether-nohc" -> {
                RedisOptions.Builder builder = RedisOptions.builder().host(host).port(port).syncConnect(true);
                if (client.equals("tether-nohc")) {
                    builder.healthCheckInterval(null);
                }
                RedisOptions options = builder.build();
                yield () -> {
                    dev.tether.redis.RedisClient redis = dev.tether.redis.RedisClient.connect(options);
                    check(redis.ping());
                    return redis;
                };
            }
            case "lettuce" -> {
                io.lettuce.core.RedisClient lettuce = io.lettuce.core.RedisClient.create(RedisURI.create(host, port));
                yield () -> {
                    StatefulRedisConnection<String, String> connection = lettuce.connect();
                    check(connection.sync().ping());
                    return connection;
                };
            }
            case "jedis" -> () -> {
                Jedis jedis = new Jedis(host, port);
                check(jedis.ping());
                return jedis;
            };
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
    }

    private static void check(String pong) {
        if (!"PONG".equals(pong)) {
            throw new IllegalStateException("PING answered " + pong);
        }
    }

    /**
     * @param netty also read Netty's own direct-memory counter: Netty allocates its direct buffers
     *     without a JDK Cleaner, so they do not show in the "direct" BufferPoolMXBean
     */
    static Snapshot snapshot(boolean netty) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed();
            }
        }
        long nettyDirect = netty ? Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory()) : 0;
        LiveResources live = Tether.liveResources();
        return new Snapshot(heap, direct, nettyDirect, rss(), ManagementFactory.getThreadMXBean().getThreadCount(),
                live.loops().size(), live.readers().size(), live.sockets().size());
    }

    /** Resident set size in bytes, from /proc/self/status; -1 where there is none. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return -1;
    }

    /** The live-heap class histogram (what {@code jcmd <pid> GC.class_histogram} prints), top 40 rows. */
    private static void writeHistogram(Path file) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        List<String> lines = histogram.lines().toList();
        List<String> kept = new ArrayList<>(lines.subList(0, Math.min(43, lines.size())));
        kept.add(lines.get(lines.size() - 1)); // the Total line
        Files.write(file, kept);
    }
}
