package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.beginMigration;
import static dev.tether.redis.ClusterTestSupport.connect;
import static dev.tether.redis.ClusterTestSupport.finishMigration;
import static dev.tether.redis.ClusterTestSupport.keyInSlot;
import static dev.tether.redis.ClusterTestSupport.otherPrimary;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sharded Pub/Sub on a real cluster: shard channels of several slots, on different primaries,
 * reach one listener (one call at a time); a slot that migrates takes its channels to the new
 * primary, bracketed by Disconnected and Resubscribed; the subscription ends cleanly; bad input
 * is refused before anything is sent. The kill -9 failover of a subscribed slot is in
 * {@link ClusterFailoverTest}.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterShardPubSubTest {

    private static final int[] SLOTS = {777, 7777, 14777}; // one per primary of the 3-primary layout

    /** What a listener saw, in order, and whether two calls ever overlapped. */
    static final class Recorder implements SubscriptionListener {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final AtomicInteger inside = new AtomicInteger();
        volatile boolean overlapped;

        @Override
        public void onMessage(PubSubMessage message) {
            enter();
            events.add(message.channel() + "=" + message.text());
            inside.decrementAndGet();
        }

        @Override
        public void onNotice(PubSubNotice notice) {
            enter();
            events.add(notice);
            inside.decrementAndGet();
        }

        private void enter() {
            if (inside.incrementAndGet() > 1) {
                overlapped = true;
            }
        }

        List<String> messages() {
            return events.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }

        long count(Class<?> type) {
            return events.stream().filter(type::isInstance).count();
        }
    }

    static long spublish(RedisClusterClient redis, String channel, String message) {
        return redis.spublish(channel, message);
    }

    @Test
    void shardChannelsOfSeveralPrimariesReachOneListener(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            List<String> channels = new ArrayList<>();
            for (int slot : SLOTS) {
                channels.add(keyInSlot(slot, "news"));
            }
            assertEquals(3, channels.stream().map(c -> cluster.nodeForSlot(cluster.slotOf(c)).port()).distinct().count(),
                    "the channels are on three primaries");
            Recorder recorder = new Recorder();
            Subscription sub = redis.ssubscribe(channels, recorder);
            assertEquals(Set.copyOf(channels), sub.names());
            assertEquals(Subscription.Kind.SHARD_CHANNEL, sub.kind());
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.count(PubSubNotice.Subscribed.class) == 3);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                for (String channel : channels) {
                    assertEquals(1, spublish(redis, channel, "m" + i), "SPUBLISH reached the subscribed node");
                    expected.add(channel + "=m" + i);
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.messages().size() == expected.size());
            for (String channel : channels) {
                assertEquals(expected.stream().filter(m -> m.startsWith(channel + "=")).toList(),
                        recorder.messages().stream().filter(m -> m.startsWith(channel + "=")).toList(),
                        "each channel in the order published");
            }
            assertTrue(!recorder.overlapped, "the listener is called by one thread at a time");
            sub.close();
            assertTrue(!sub.isOpen());
            assertEquals(Set.of(), sub.names());
            for (String channel : channels) {
                assertEquals(0, spublish(redis, channel, "after close"), "no node still subscribes " + channel);
            }
        }
    }

    @Test
    void aMigratedSlotTakesItsChannelsToTheNewPrimary(RedisCluster cluster) {
        int slot = 4321;
        String channel = keyInSlot(slot, "migrating");
        RedisServer from = cluster.nodeForSlot(slot);
        RedisServer to = otherPrimary(cluster, from);
        try (RedisClusterClient redis = connect(cluster, 2)) {
            Recorder recorder = new Recorder();
            Subscription sub = redis.ssubscribe(List.of(channel), recorder);
            assertEquals(1, spublish(redis, channel, "before"));
            beginMigration(slot, from, to, List.of());
            try {
                finishMigration(cluster, slot, from, to);
                await().atMost(Duration.ofSeconds(10)).until(() -> recorder.count(PubSubNotice.Resubscribed.class) == 1);
                assertEquals(1, spublish(redis, channel, "after"), "subscribed on the new primary");
                await().atMost(Duration.ofSeconds(5)).until(() -> recorder.messages().contains(channel + "=after"));
                List<Object> notices = recorder.events.stream().filter(PubSubNotice.class::isInstance).toList();
                assertEquals(List.of(PubSubNotice.Subscribed.class, PubSubNotice.Disconnected.class,
                                PubSubNotice.Resubscribed.class), notices.stream().map(Object::getClass).toList(),
                        "the move is bracketed like a reconnect: " + notices);
                assertEquals(List.of(channel + "=before", channel + "=after"), recorder.messages());
                assertEquals(Set.of(channel), sub.names());
                sub.close();
            } finally {
                beginMigration(slot, to, from, List.of()); // give the slot back: the cluster is shared
                finishMigration(cluster, slot, to, from);
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent(RedisCluster cluster) {
        RedisClusterClient redis = connect(cluster, 3);
        SubscriptionListener listener = message -> { };
        assertThrows(IllegalArgumentException.class, () -> redis.ssubscribe(List.of(), listener));
        assertThrows(NullPointerException.class, () -> redis.ssubscribe(Collections.singletonList(null), listener));
        assertThrows(NullPointerException.class, () -> redis.ssubscribe(List.of("c"), null));
        assertThrows(NullPointerException.class, () -> redis.ssubscribe(null, listener));
        redis.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> redis.ssubscribe(List.of("c"), listener));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void closingTheClientEndsItsSubscriptions(RedisCluster cluster) {
        RedisClusterClient redis = connect(cluster, 3);
        String channel = keyInSlot(SLOTS[0], "closing");
        Subscription sub = redis.ssubscribe(List.of(channel), new Recorder());
        redis.close();
        assertTrue(!sub.isOpen());
        RedisServer owner = cluster.nodeForSlot(SLOTS[0]);
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(0).equals(owner.execute("SPUBLISH", channel, "x")));
    }
}
