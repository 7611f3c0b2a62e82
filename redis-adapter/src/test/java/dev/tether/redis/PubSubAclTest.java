package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.PubSubTest.Recorder;
import dev.tether.redis.Subscription.Kind;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ACL user allowed only some channels: Redis refuses a whole SUBSCRIBE with NOPERM, and the
 * subscriber finds out, name by name, which ones; the refused names get SubscribeFailed and the
 * allowed ones keep receiving, also when a revoked permission surfaces on a resubscribe.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class PubSubAclTest {

    private RedisServer server;

    @BeforeEach
    void createUser(RedisServer server) {
        this.server = server;
        server.execute("ACL", "SETUSER", "limited", "reset", "on", ">secret-pw", "resetchannels", "&allowed:*", "+@all", "~*");
    }

    private RedisSubscriber limited(int protocol) {
        return RedisSubscriber.connect(options(server, protocol).credentials(new Credentials("limited", "secret-pw"))
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50))).build());
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void refusedChannelsAreReportedOneByOneAndTheAllowedOnesReceive(int protocol) {
        try (RedisClient redis = connect(server, protocol); RedisSubscriber subscriber = limited(protocol)) {
            Recorder listener = new Recorder();
            Subscription s = subscriber.subscribe(List.of("allowed:1", "forbidden", "allowed:2"), listener);
            assertEquals(Set.of("allowed:1", "allowed:2"), s.names());
            assertEquals(Set.of("forbidden"), s.refused());
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.notices.size() == 3);
            PubSubNotice.SubscribeFailed failed = listener.notices.stream()
                    .filter(PubSubNotice.SubscribeFailed.class::isInstance).map(PubSubNotice.SubscribeFailed.class::cast)
                    .findFirst().orElseThrow();
            assertEquals(Kind.CHANNEL, failed.kind());
            assertEquals("forbidden", failed.name());
            assertEquals("NOPERM", failed.error().code());
            assertEquals(2, listener.notices.stream().filter(PubSubNotice.Subscribed.class::isInstance).count());

            assertEquals(1, redis.publish("allowed:1", "a"));
            assertEquals(1, redis.publish("allowed:2", "b"));
            assertEquals(0, redis.publish("forbidden", "c"));
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.messages.size() == 2);
            assertEquals(List.of("allowed:1:a", "allowed:2:b"), listener.texts());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aSubscriptionWhoseEveryChannelIsRefusedFailsWithTheServersError(int protocol) {
        try (RedisSubscriber subscriber = limited(protocol)) {
            Recorder listener = new Recorder();
            RedisErrorException e = assertThrows(RedisErrorException.class,
                    () -> subscriber.subscribe(List.of("nope:1", "nope:2"), listener));
            assertTrue(e.getMessage().contains("NOPERM"), e.getMessage());
            assertEquals("PONG", subscriber.ping(), "the connection is fine");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.notices.size() == 2);
            assertEquals(Set.of("nope:1", "nope:2"), Set.copyOf(listener.notices.stream()
                    .map(n -> ((PubSubNotice.SubscribeFailed) n).name()).toList()), "each refusal told");
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aPermissionRevokedWhileSubscribedIsReportedOnResubscribe(int protocol) {
        try (RedisClient redis = connect(server, protocol); RedisSubscriber subscriber = limited(protocol)) {
            Recorder listener = new Recorder();
            Subscription s = subscriber.subscribe(List.of("allowed:1", "allowed:2"), listener);
            // Redis closes the connections of a user whose channel permissions shrink.
            server.execute("ACL", "SETUSER", "limited", "resetchannels", "&allowed:1");
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.notices.stream()
                    .anyMatch(PubSubNotice.Resubscribed.class::isInstance));
            List<PubSubNotice> notices = List.copyOf(listener.notices);
            assertTrue(notices.contains(new PubSubNotice.Resubscribed(Kind.CHANNEL, Set.of("allowed:1"))), notices.toString());
            assertTrue(notices.stream().anyMatch(n -> n instanceof PubSubNotice.SubscribeFailed f
                    && f.name().equals("allowed:2")), notices.toString());
            assertEquals(Set.of("allowed:1"), s.names());
            assertFalse(s.names().contains("allowed:2"));
            assertEquals(1, redis.publish("allowed:1", "still"));
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.texts().contains("allowed:1:still"));
        }
    }
}
