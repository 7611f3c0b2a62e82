package dev.tether.redis.memory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing of a burst is retained once its last reply is in: after 60,000 asynchronous GETs of an
 * 8 KiB value, with the server paused for 300 ms in the middle, no completed call's future is
 * reachable any more, and the heap after a full GC is back within 10 MB of where it was before
 * the burst, while the client stays open. Uses only the client's public API, so it states the
 * property whatever the engine looks like.
 */
class BurstRetentionTest {

    private static final int CALLS = 60_000;
    private static final long SLACK_BYTES = 10L * 1024 * 1024;

    private static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServer.builder().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void completedCallsAreNotReachableAfterABurstAndTheHeapComesBack() throws Exception {
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port())
                .syncConnect(true).commandTimeout(Duration.ofSeconds(30)).build())) {
            redis.set("burst:value", "v".repeat(8 * 1024));
            redis.ping();
            long baseline = Heap.afterGc();

            @SuppressWarnings("unchecked")
            WeakReference<CompletableFuture<String>>[] calls = new WeakReference[CALLS];
            CountDownLatch done = new CountDownLatch(CALLS);
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < CALLS; i++) {
                if (i == CALLS / 2) {
                    server.execute("CLIENT", "PAUSE", "300"); // replies stop for 300 ms mid-burst
                }
                CompletableFuture<String> call = redis.async().get("burst:value");
                call.whenComplete((value, error) -> {
                    if (error != null || value == null || value.length() != 8 * 1024) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                });
                calls[i] = new WeakReference<>(call);
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "every call completed");
            assertTrue(failed.get() == 0, failed + " calls failed or got a wrong value");

            long peak = Heap.afterGc();
            long startedGc = System.nanoTime();
            await("completed calls still reachable (count)").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        System.gc();
                        return reachable(calls);
                    }, n -> n == 0);
            long after = Heap.afterGc();
            System.out.printf("reliability scenario=burst-retention calls=%d pauseMs=300 baselineKiB=%d"
                    + " heapAfterLastReplyKiB=%d heapAfterKiB=%d growthKiB=%d clearedWithinMs=%d%n", CALLS,
                    baseline / 1024, peak / 1024, after / 1024, (after - baseline) / 1024,
                    (System.nanoTime() - startedGc) / 1_000_000);
            assertTrue(after - baseline < SLACK_BYTES, "heap after GC grew by " + (after - baseline) / 1024
                    + " KiB over the burst (baseline " + baseline / 1024 + " KiB); allowed 10 MiB");
            redis.ping(); // the client is still open and working
        }
    }

    private static int reachable(WeakReference<?>[] refs) {
        int n = 0;
        for (WeakReference<?> ref : refs) {
            if (ref.get() != null) {
                n++;
            }
        }
        return n;
    }
}
