package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.PubSubTest.Recorder;
import dev.tether.redis.Subscription.Kind;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subscriptions survive the connection: after {@code CLIENT KILL TYPE pubsub} and after a kill -9
 * and restart of the server, every listener sees Disconnected, then Resubscribed, and every
 * message published after Resubscribed arrives exactly once. 10,000 channels come back in one
 * resubscribe, ahead of a subscription made while the subscriber was down.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class PubSubReconnectTest {

    private static final int AFTER = 1_000;

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
    }

    private RedisSubscriber subscriber(int protocol) {
        return RedisSubscriber.connect(options(server, protocol)
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50))).build());
    }

    private static long count(List<PubSubNotice> notices, Class<? extends PubSubNotice> type) {
        return notices.stream().filter(type::isInstance).count();
    }

    /** Publishes {@code n} numbered messages once the listener heard Resubscribed; all arrive exactly once. */
    private static void publishAfterResubscribeAndCount(RedisClient redis, Recorder listener, String channel, long receivers) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(listener.notices, PubSubNotice.Resubscribed.class) == 1);
        int before = listener.messages.size();
        for (int i = 0; i < AFTER; i++) {
            assertEquals(receivers, redis.publish(channel, Integer.toString(i)), "the subscriber is back on " + channel);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.messages.size() - before >= AFTER);
        List<String> after = listener.messages.subList(before, listener.messages.size()).stream()
                .map(PubSubMessage::text).toList();
        assertEquals(AFTER, after.size(), "no message twice");
        assertEquals(IntStream.range(0, AFTER).mapToObj(Integer::toString).toList(), after, "all of them, in order");
    }

    private static void assertBracketed(Recorder listener) {
        List<PubSubNotice> notices = listener.notices;
        int disconnected = -1;
        int resubscribed = -1;
        for (int i = 0; i < notices.size(); i++) {
            if (notices.get(i) instanceof PubSubNotice.Disconnected d) {
                disconnected = i;
                assertInstanceOf(RedisConnectionException.class, d.reason());
            } else if (notices.get(i) instanceof PubSubNotice.Resubscribed) {
                resubscribed = i;
            }
        }
        assertTrue(disconnected >= 0 && resubscribed > disconnected, "Disconnected, then Resubscribed: " + notices);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void clientKillTypePubsubIsBracketedByNoticesAndEveryLaterMessageArrivesOnce(int protocol) {
        try (RedisClient redis = connect(server, protocol); RedisSubscriber subscriber = subscriber(protocol)) {
            Recorder channel = new Recorder();
            Recorder pattern = new Recorder();
            subscriber.subscribe(List.of("events"), channel);
            subscriber.psubscribe(List.of("ev*"), pattern);
            assertEquals(2, redis.publish("events", "before"));

            assertEquals((Object) 1L, server.execute("CLIENT", "KILL", "TYPE", "pubsub"));

            await().atMost(Duration.ofSeconds(20)).until(() -> count(pattern.notices, PubSubNotice.Resubscribed.class) == 1);
            publishAfterResubscribeAndCount(redis, channel, "events", 2); // the channel and the pattern
            assertBracketed(channel);
            assertBracketed(pattern);
            assertEquals(new PubSubNotice.Resubscribed(Kind.PATTERN, Set.of("ev*")),
                    pattern.notices.stream().filter(PubSubNotice.Resubscribed.class::isInstance).findFirst().orElseThrow());
            await().atMost(Duration.ofSeconds(10)).until(() -> pattern.messages.size() == AFTER + 1);
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void killNineAndRestartIsBracketedByNoticesAndEveryLaterMessageArrivesOnce(int protocol) {
        try (RedisSubscriber subscriber = subscriber(protocol)) {
            Recorder listener = new Recorder();
            subscriber.ssubscribe(List.of("shard-events"), listener);
            server.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> count(listener.notices, PubSubNotice.Disconnected.class) == 1);
            server.restart();
            try (RedisClient redis = connect(server, protocol)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> count(listener.notices, PubSubNotice.Resubscribed.class) == 1);
                int before = listener.messages.size();
                for (int i = 0; i < AFTER; i++) {
                    assertEquals(1, redis.spublish("shard-events", Integer.toString(i)));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> listener.messages.size() - before >= AFTER);
                assertEquals(AFTER, listener.messages.size() - before, "each exactly once");
                assertEquals(AFTER, new HashSet<>(listener.texts()).size());
            }
            assertBracketed(listener);
        }
    }

    @Test
    void tenThousandChannelsComeBackInOneResubscribeBeforeANewSubscription() {
        List<String> channels = IntStream.range(0, 10_000).mapToObj(i -> "ch:" + i).toList();
        try (RedisClient redis = connect(server, 3); RedisSubscriber subscriber = RedisSubscriber.connect(options(server, 3)
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(500))).build())) {
            Recorder listener = new Recorder();
            Subscription many = subscriber.subscribe(channels, listener);
            assertEquals(10_000, many.names().size());
            await().atMost(Duration.ofSeconds(10)).until(() -> count(listener.notices, PubSubNotice.Subscribed.class) == 10_000);

            server.execute("CLIENT", "KILL", "TYPE", "pubsub");
            server.pause(); // SIGSTOP: the next connection's handshake waits, with the new subscription behind it
            CompletableFuture<Subscription> later;
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> count(listener.notices, PubSubNotice.Disconnected.class) == 1);
                later = subscriber.subscribeAsync(List.of("later"), listener);
                assertTrue(!later.isDone(), "the subscriber is down");
            } finally {
                server.resume();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> count(listener.notices, PubSubNotice.Resubscribed.class) == 1);
            assertEquals(Set.of("later"), RedisTestSupport.join(later).names());
            List<PubSubNotice> afterDrop = new ArrayList<>(listener.notices.subList(10_001, listener.notices.size()));
            assertInstanceOf(PubSubNotice.Resubscribed.class, afterDrop.get(0), "the old names first: " + afterDrop);
            assertEquals(10_000, ((PubSubNotice.Resubscribed) afterDrop.get(0)).names().size());
            assertEquals(new PubSubNotice.Subscribed(Kind.CHANNEL, "later", 10_001), afterDrop.get(1));

            assertEquals((Object) 10_001L, ((List<?>) server.execute("PUBSUB", "CHANNELS")).size() + 0L);
            assertEquals(1, redis.publish("ch:9999", "last"));
            assertEquals(1, redis.publish("later", "too"));
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.messages.size() == 2);
        }
    }
}
