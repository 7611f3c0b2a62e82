package dev.tether.benchmarks.cluster;

import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The replica's promotion after the kill, as the coordinator sees it.
 *
 * <p>It polls {@code CLUSTER SLOTS} (on a running node, every 20 ms) until another node serves
 * the killed primary's slot: {@code seenNanos}. Then it reads the new primary's log for the time
 * it took over: the line {@code configEpoch set to ... after successful failover} if present,
 * else {@code Failover election won}; redis-server writes local wall-clock time with
 * milliseconds, turned here into this machine's {@code System.nanoTime()} scale through the wall
 * clock and nanoTime read together just before the kill. Without such a line, {@code nanos} is
 * {@code seenNanos} and {@code source} says so.
 *
 * @param promoted  the new primary, or null if none took over in time
 * @param nanos     when it took over, on the System.nanoTime() scale; -1 if it did not
 * @param seenNanos when CLUSTER SLOTS first showed it; -1 if it did not
 * @param source    where {@code nanos} came from: {@code configEpoch}, {@code election} or {@code cluster_slots}
 */
record Promotion(RedisServer promoted, long nanos, long seenNanos, String source) {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS",
            Locale.ENGLISH);

    static Promotion await(RedisCluster cluster, int slot, RedisServer victim, long killNanos, long killWallMs,
                           long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0) {
            try {
                RedisServer owner = cluster.nodeForSlot(slot);
                if (owner.port() != victim.port()) {
                    long seen = System.nanoTime();
                    long logged = fromLog(owner, killNanos, killWallMs, "configEpoch set to");
                    if (logged > 0) {
                        return new Promotion(owner, logged, seen, "configEpoch");
                    }
                    logged = fromLog(owner, killNanos, killWallMs, "Failover election won");
                    return logged > 0 ? new Promotion(owner, logged, seen, "election")
                            : new Promotion(owner, seen, seen, "cluster_slots");
                }
            } catch (RuntimeException e) {
                // a node that is going away, or no answer yet: ask again
            }
            Thread.sleep(20);
        }
        return new Promotion(null, -1, -1, "none");
    }

    /** The time of the last log line containing {@code marker} after the kill, on the nanoTime scale; -1 if none. */
    private static long fromLog(RedisServer node, long killNanos, long killWallMs, String marker) {
        List<String> lines;
        try {
            lines = Files.readAllLines(node.logFile());
        } catch (IOException e) {
            return -1;
        }
        for (String l : lines.reversed()) {
            if (!l.contains(marker)) {
                continue;
            }
            // "12345:S 05 Dec 2026 09:10:23.123 * Failover election won for epoch 7."
            int sp = l.indexOf(' ');
            if (sp < 0 || l.length() < sp + 25) {
                continue;
            }
            try {
                long wallMs = LocalDateTime.parse(l.substring(sp + 1, sp + 25), LOG_TIME)
                        .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                if (wallMs + 1000 < killWallMs) {
                    return -1; // an earlier failover's line
                }
                return killNanos + (wallMs - killWallMs) * 1_000_000L;
            } catch (RuntimeException e) {
                return -1;
            }
        }
        return -1;
    }
}
