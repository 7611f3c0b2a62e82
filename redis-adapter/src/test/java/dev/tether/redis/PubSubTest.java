package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.join;
import static dev.tether.redis.RedisTestSupport.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.Subscription.Kind;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The subscriber against a real redis-server, under RESP2 and RESP3: publish, receive and
 * unsubscribe for channels, patterns and shard channels; subscriptions sharing a channel; PING
 * on a subscribed connection; and bad input refused before anything is sent.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class PubSubTest {

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
    }

    private RedisSubscriber subscriber(int protocol) {
        return RedisSubscriber.connect(options(server, protocol).build());
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void channelsPatternsAndShardChannelsReceiveTheirMessagesUntilClosed(int protocol) {
        try (RedisClient redis = connect(server, protocol); RedisSubscriber subscriber = subscriber(protocol)) {
            Recorder channels = new Recorder();
            Recorder patterns = new Recorder();
            Recorder shards = new Recorder();
            Subscription c = subscriber.subscribe(List.of("news", "sport"), channels);
            Subscription p = subscriber.psubscribe(List.of("news.*"), patterns);
            Subscription s = subscriber.ssubscribe(List.of("orders"), shards);
            assertEquals(Set.of("news", "sport"), c.names());
            assertEquals(Kind.PATTERN, p.kind());

            assertEquals(1, redis.publish("news", "n1"));
            assertEquals(1, redis.publish("news.eu", "e1"));
            assertEquals(1, redis.publish("sport", "s1"));
            assertEquals(1, redis.spublish("orders", "o1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> channels.texts().size() == 2
                    && patterns.texts().size() == 1 && shards.texts().size() == 1);
            assertEquals(List.of("news:n1", "sport:s1"), channels.texts());
            assertEquals(List.of("news.eu:e1"), patterns.texts());
            PubSubMessage viaPattern = patterns.messages.get(0);
            assertEquals("news.*", viaPattern.pattern());
            assertEquals(Kind.PATTERN, viaPattern.kind());
            assertEquals(List.of("orders:o1"), shards.texts());
            assertNull(shards.messages.get(0).pattern());

            // The confirmations, with the server's counts, came as notices before any message.
            assertEquals(List.of(new PubSubNotice.Subscribed(Kind.CHANNEL, "news", 1),
                    new PubSubNotice.Subscribed(Kind.CHANNEL, "sport", 2)), channels.notices);
            assertEquals(List.of(new PubSubNotice.Subscribed(Kind.PATTERN, "news.*", 3)), patterns.notices);
            assertEquals(List.of(new PubSubNotice.Subscribed(Kind.SHARD_CHANNEL, "orders", 1)), shards.notices);

            c.close();
            p.close();
            s.close();
            assertFalse(c.isOpen());
            assertEquals(Set.of(), c.names());
            assertEquals(0, redis.publish("news", "n2"), "nobody subscribed after close");
            assertEquals(0, redis.spublish("orders", "o2"));
            assertEquals("PONG", subscriber.ping());
            c.close(); // idempotent
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void closingOneOfTwoSubscriptionsOnAChannelKeepsTheOtherReceiving(int protocol) {
        try (RedisClient redis = connect(server, protocol); RedisSubscriber subscriber = subscriber(protocol)) {
            Recorder first = new Recorder();
            Recorder second = new Recorder();
            Subscription a = subscriber.subscribe(List.of("shared"), first);
            Subscription b = join(subscriber.subscribeAsync(List.of("shared", "own"), second));
            assertEquals(1, redis.publish("shared", "1"), "one connection, subscribed once on the server");
            await().atMost(Duration.ofSeconds(10)).until(() -> first.texts().size() == 1 && second.texts().size() == 1);

            join(a.closeAsync());
            assertEquals(1, redis.publish("shared", "2"), "b still holds the channel on the server");
            await().atMost(Duration.ofSeconds(10)).until(() -> second.texts().size() == 2);
            assertEquals(List.of("shared:1"), first.texts(), "a closed subscription gets nothing more");
            assertEquals(List.of("shared:1", "shared:2"), second.texts());

            b.close();
            assertEquals(0, redis.publish("shared", "3"));
            assertEquals(0, redis.publish("own", "3"));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void pingIsAnsweredPongWhileSubscribed(int protocol) {
        try (RedisSubscriber subscriber = subscriber(protocol)) {
            assertEquals("PONG", subscriber.ping());
            subscriber.subscribe(List.of("x"), m -> { });
            assertEquals("PONG", subscriber.ping(), "RESP2 answers [\"pong\", \"\"] here");
        }
    }

    @Test
    void binaryPayloadsArriveByteForByte() {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (RedisClient redis = connect(server, 3); RedisSubscriber subscriber = subscriber(3)) {
            Recorder r = new Recorder();
            subscriber.subscribe(List.of("bin"), r);
            redis.execute(Command.of("PUBLISH".getBytes(), "bin".getBytes(), payload));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.messages.size() == 1);
            assertTrue(java.util.Arrays.equals(payload, r.messages.get(0).payload()));
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() {
        RedisSubscriber subscriber = subscriber(3);
        SubscriptionListener listener = m -> { };
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> subscriber.subscribe(List.of(), listener));
        assertEquals("subscribing needs at least one channel, got none", empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> subscriber.psubscribeAsync(List.of(), listener));
        NullPointerException noListener = assertThrows(NullPointerException.class,
                () -> subscriber.subscribe(List.of("a"), null));
        assertEquals("listener", noListener.getMessage());
        List<String> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);
        NullPointerException nullName = assertThrows(NullPointerException.class,
                () -> subscriber.ssubscribe(withNull, listener));
        assertEquals("shard channel at index 1 is null", nullName.getMessage());
        assertThrows(NullPointerException.class, () -> subscriber.subscribe(null, listener));
        assertEquals((Object) 0L, server.execute("PUBSUB", "NUMPAT"), "nothing was sent");

        subscriber.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> subscriber.subscribe(List.of("a"), listener));
        assertEquals("the subscriber is closed", closed.getMessage());
        assertThrows(IllegalStateException.class, () -> subscriber.subscribeAsync(List.of("a"), listener));
        assertThrows(NullPointerException.class, () -> RedisSubscriber.connect(null));
        assertThrows(IllegalArgumentException.class, () -> DeliveryPolicy.stopReading(0));
        subscriber.close(); // idempotent
    }

    @Test
    void ordinaryCommandsOnTheClientPointAtTheSubscriber() {
        try (RedisClient redis = connect(server, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> redis.execute(Command.of("SUBSCRIBE", "c")));
            assertTrue(e.getMessage().contains("use RedisSubscriber"), e.getMessage());
        }
    }

    /** Records what a listener gets, in order. */
    static final class Recorder implements SubscriptionListener {
        final List<PubSubMessage> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<PubSubNotice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onMessage(PubSubMessage message) {
            messages.add(message);
        }

        @Override
        public void onNotice(PubSubNotice notice) {
            notices.add(notice);
        }

        List<String> texts() {
            return messages.stream().map(m -> m.channel() + ":" + m.text()).toList();
        }
    }
}
