package dev.tether.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 22, defect 3, at the real default: with default options, a value of 512 MiB + 1 byte
 * (one over the server's default {@code proto-max-bulk-len}) fails at once with an
 * {@link IllegalArgumentException}, nothing of it is sent, and the other callers of the same
 * client are unaffected: the connection is not dropped and none of their commands fails.
 *
 * <p>Uses only public API that existed before the fix (2f3a706), so it runs there and fails: the
 * value went out, the server dropped the shared connection (the client reconnected with a new
 * CLIENT ID), and the SET and an in-flight command of the other caller failed (with TIMEOUT
 * after the 5 s call timeout, as observed).
 * Holds one 512 MiB array (a {@code byte[]}, so the check copies nothing); the default heap of
 * a test JVM (a quarter of the machine's memory) allows it.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class BulkLimitDefaultTest {

    private static final int SERVER_DEFAULT = 512 * 1024 * 1024;

    @Test
    void aValueOneByteOverTheServersDefaultLimitFailsAtOnceAndNothingIsSent(RedisServer server) throws Exception {
        server.execute("FLUSHALL");
        server.execute("CONFIG", "RESETSTAT");
        assertEquals(List.of("proto-max-bulk-len", Integer.toString(SERVER_DEFAULT)),
                server.execute("CONFIG", "GET", "proto-max-bulk-len"), "the server runs with its default");
        assertEquals(SERVER_DEFAULT, RespLimits.DEFAULT.maxBulkLength(), "the client's default is the server's");

        try (RedisClient redis = RedisClient.connect(
                RedisOptions.builder().port(server.port()).syncConnect(true).build())) {
            long connectionId = ((RespInteger) redis.command("CLIENT", "ID")).value();
            long inputBefore = stat(server, "total_net_input_bytes");

            // Another caller keeps the shared connection busy the whole time.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong done = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    try {
                        redis.incr("other");
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> done.get() > 0 || !failures.isEmpty());

            byte[] key = "big".getBytes(StandardCharsets.UTF_8);
            IllegalArgumentException refused;
            long tookMillis;
            try {
                byte[] value = new byte[SERVER_DEFAULT + 1];
                long started = System.nanoTime();
                refused = assertThrows(IllegalArgumentException.class, () -> redis.set(key, value));
                tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            } finally {
                long before = done.get();
                // the other caller goes on after the refusal, then stops
                await().atMost(Duration.ofSeconds(10)).until(() -> done.get() > before + 10 || !failures.isEmpty());
                stop.set(true);
                other.get(15, TimeUnit.SECONDS);
            }
            assertTrue(refused.getMessage().contains(Integer.toString(SERVER_DEFAULT + 1)), refused.getMessage());
            assertTrue(tookMillis < 5_000, "refused at once, not after a send: " + tookMillis + " ms");

            assertTrue(failures.isEmpty(), "the other caller's commands failed: " + failures);
            assertEquals(done.get(), redis.incr("other") - 1, "every command of the other caller ran once");
            assertEquals(connectionId, ((RespInteger) redis.command("CLIENT", "ID")).value(),
                    "the shared connection was not dropped");
            assertEquals(0L, redis.exists("big"));
            long sent = stat(server, "total_net_input_bytes") - inputBefore;
            assertTrue(sent < 16L * 1024 * 1024, "nothing of the value was sent, but the server read " + sent + " bytes");
            assertFalse(((String) server.execute("INFO", "commandstats")).contains("cmdstat_set:"),
                    "SET reached the server");
        }
    }

    private static long stat(RedisServer server, String name) {
        String info = (String) server.execute("INFO", "stats");
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " missing from INFO stats: " + info);
    }
}
