package dev.tether.redis.memory;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The program {@link LargeValueTest} runs in a JVM of its own, with a heap just large enough for
 * one copy of the value: SET a value of {@code args[1]} MiB, drop it, GET it back and check its
 * bytes, while another thread PINGs the same client (their latency is printed, not judged). Prints
 * one line starting with {@code large-value:}. Uses only public API the client has had since
 * 2f3a706, so the same program shows the defect on that commit.
 */
public final class LargeValueChild {

    private LargeValueChild() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]) << 20;
        byte[] key = "large-value".getBytes(StandardCharsets.US_ASCII);
        RedisOptions options = RedisOptions.builder().port(port).syncConnect(true)
                .commandTimeout(Duration.ofSeconds(60)).build();
        try (RedisClient redis = RedisClient.connect(options)) {
            List<Long> pings = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread pinger = new Thread(() -> {
                while (writing.get()) {
                    long t = System.nanoTime();
                    redis.command("PING");
                    pings.add(System.nanoTime() - t);
                }
            }, "pinger");
            byte[] value = new byte[size];
            for (int i = 0; i < size; i += 4096) {
                value[i] = (byte) (i >>> 12);
            }
            long start = System.nanoTime();
            pinger.start();
            RespValue ok = redis.command("SET".getBytes(StandardCharsets.US_ASCII), key, value);
            long setMillis = (System.nanoTime() - start) / 1_000_000;
            writing.set(false);
            pinger.join();
            value = null; // only the reply's copy may live from here on
            start = System.nanoTime();
            RespValue reply = redis.command("GET".getBytes(StandardCharsets.US_ASCII), key);
            long getMillis = (System.nanoTime() - start) / 1_000_000;
            byte[] back = ((RespBulkString) reply).bytes();
            for (int i = 0; i < size; i += 4096) {
                if (back[i] != (byte) (i >>> 12)) {
                    System.out.println("large-value: corrupt at byte " + i);
                    System.exit(2);
                }
            }
            List<Long> sorted = new ArrayList<>(pings);
            Collections.sort(sorted);
            long p99 = sorted.isEmpty() ? -1 : sorted.get((int) (sorted.size() * 0.99)) / 1_000_000;
            long max = sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1) / 1_000_000;
            System.out.println("large-value: ok set=" + (String.valueOf(ok).contains("OK") ? "OK" : ok) + " bytes=" + back.length + " setMs=" + setMillis
                    + " getMs=" + getMillis + " pings=" + sorted.size() + " pingP99Ms=" + p99 + " pingMaxMs=" + max
                    + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1 << 20));
            redis.command("DEL", "large-value");
        } catch (OutOfMemoryError e) {
            System.out.println("large-value: " + e);
            System.exit(3);
        }
    }
}
