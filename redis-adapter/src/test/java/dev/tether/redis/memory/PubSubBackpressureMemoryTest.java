package dev.tether.redis.memory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.Command;
import dev.tether.redis.DeliveryPolicy;
import dev.tether.redis.PubSubMessage;
import dev.tether.redis.PubSubNotice;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.SubscriptionListener;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A listener that blocks for 10 s while 1,000,000 small messages are published costs the client
 * a bounded amount of heap under either delivery policy: stop reading (the backlog stays in the
 * socket buffers and the server, which may drop the connection at its output buffer limit: then
 * the listener is told) and drop-and-count (the listener is told how many it missed, and every
 * message is either delivered or counted).
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class PubSubBackpressureMemoryTest {

    private static final int MESSAGES = 1_000_000;
    private static final int BATCH = 1_000;
    private static final long LIMIT_BYTES = 64L * 1024 * 1024;
    private static final Duration BLOCK = Duration.ofSeconds(10);

    /** Blocks on its first message until released (at most {@link #BLOCK}), then counts. */
    private static final class SlowListener implements SubscriptionListener {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        final AtomicLong delivered = new AtomicLong();
        final List<PubSubNotice> notices = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(PubSubMessage message) {
            if (delivered.getAndIncrement() == 0) {
                blocked.countDown();
                try {
                    release.await(BLOCK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onNotice(PubSubNotice notice) {
            notices.add(notice);
        }

        long droppedNoticed() {
            return notices.stream().filter(PubSubNotice.MessagesDropped.class::isInstance)
                    .mapToLong(n -> ((PubSubNotice.MessagesDropped) n).dropped()).sum();
        }

        boolean disconnected() {
            return notices.stream().anyMatch(PubSubNotice.Disconnected.class::isInstance);
        }
    }

    @Test
    void aListenerBlockedForTenSecondsUnderAMillionMessagesCostsBoundedHeapUnderEitherPolicy(RedisServer server)
            throws InterruptedException {
        RedisOptions options = RedisOptions.builder().port(server.port()).syncConnect(true).build();
        SlowListener stopping = new SlowListener();
        SlowListener dropping = new SlowListener();
        try (RedisClient redis = RedisClient.connect(options);
             RedisSubscriber stopReading = RedisSubscriber.connect(options, DeliveryPolicy.stopReading(10_000));
             RedisSubscriber dropAndCount = RedisSubscriber.connect(options, DeliveryPolicy.dropAndCount(10_000))) {
            stopReading.subscribe(List.of("flood"), stopping);
            dropAndCount.subscribe(List.of("flood"), dropping);
            long baseline = Heap.afterGc();

            long start = System.nanoTime();
            List<Command<?>> batch = new ArrayList<>(BATCH);
            for (int sent = 0; sent < MESSAGES; ) {
                batch.clear();
                for (int i = 0; i < BATCH; i++, sent++) {
                    batch.add(Command.of("PUBLISH", "flood", "m" + sent));
                }
                redis.pipeline(batch);
            }
            long publishMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(stopping.blocked.await(1, TimeUnit.SECONDS) && dropping.blocked.await(1, TimeUnit.SECONDS));
            long whileBlocked = Heap.afterGc();
            System.out.printf("pubsub-memory: published=%d in %d ms, baselineKiB=%d growthWhileBlockedKiB=%d%n",
                    MESSAGES, publishMillis, baseline / 1024, (whileBlocked - baseline) / 1024);
            assertTrue(whileBlocked - baseline < LIMIT_BYTES, "heap after GC grew by "
                    + (whileBlocked - baseline) / 1024 / 1024 + " MiB while the listeners were blocked");

            // (The listeners stay blocked until their 10 s are up.)
            await().atMost(Duration.ofSeconds(60)).until(() -> dropping.delivered.get() + dropAndCount.droppedMessages() == MESSAGES);
            await().atMost(Duration.ofSeconds(10)).until(() -> dropping.droppedNoticed() == dropAndCount.droppedMessages());
            assertTrue(dropAndCount.droppedMessages() > 0, "a blocked listener under dropAndCount misses messages");
            assertEquals(0, stopReading.droppedMessages(), "stopReading drops nothing in the client");
            // Stop reading: every message arrives, unless the server dropped the connection at its
            // output buffer limit, which the listener is told.
            await().atMost(Duration.ofSeconds(60)).until(() -> stopping.delivered.get() == MESSAGES || stopping.disconnected());
            long after = Heap.afterGc();
            System.out.printf("pubsub-memory: dropAndCount delivered=%d dropped=%d; stopReading delivered=%d disconnected=%s;"
                    + " growthAfterKiB=%d%n", dropping.delivered.get(), dropAndCount.droppedMessages(),
                    stopping.delivered.get(), stopping.disconnected(), (after - baseline) / 1024);
            assertTrue(after - baseline < LIMIT_BYTES, "heap after GC grew by " + (after - baseline) / 1024 / 1024 + " MiB");
        }
    }
}
