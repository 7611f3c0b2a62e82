package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.join;
import static dev.tether.redis.RedisTestSupport.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespPush;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RESP3 push frames (client-side caching invalidations) go to the push listener and are never
 * matched to a waiting command: a stray push must not shift later replies by one.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class PushRoutingTest {


    private static final int KEYS = 20;

    private RedisServer server;

    @BeforeEach
    void startFromAnEmptyServer(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    private static Set<String> invalidatedKeys(Queue<RespPush> pushes) {
        Set<String> keys = new HashSet<>();
        for (RespPush push : pushes) {
            if ("invalidate".equals(push.kind()) && push.elements().size() > 1
                    && push.elements().get(1) instanceof RespArray array) {
                for (RespValue key : array.elements()) {
                    if (key instanceof RespBulkString b) {
                        keys.add(b.asString());
                    }
                }
            }
        }
        return keys;
    }

    private static String key(int i) {
        return "tracked:" + i;
    }

    @Test
    void invalidationPushesReachTheListenerWhileEveryInFlightCommandGetsItsOwnReply() {
        Queue<RespPush> pushes = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < KEYS; i++) {
            server.execute("SET", key(i), key(i) + "@0");
        }
        try (RedisClient tracking = RedisClient.connect(options(server, 3).pushListener(pushes::add).build());
             RedisClient writer = connect(server, 2)) {
            assertEquals(RespSimpleString.OK, tracking.command("CLIENT", "TRACKING", "ON"));

            for (int round = 1; round <= 40; round++) {
                List<CompletableFuture<String>> gets = new ArrayList<>();
                List<CompletableFuture<String>> echoes = new ArrayList<>();
                List<CompletableFuture<Boolean>> writes = new ArrayList<>();
                for (int i = 0; i < KEYS; i++) {
                    gets.add(tracking.async().get(key(i)));
                    // another client changes the tracked keys while the reads are in flight
                    writes.add(writer.async().set(key(i), key(i) + "@" + round));
                    echoes.add(tracking.async().echo("round " + round + " #" + i));
                }
                for (int i = 0; i < KEYS; i++) {
                    String value = join(gets.get(i));
                    assertTrue(value.startsWith(key(i) + "@"), "GET " + key(i) + " got " + value);
                    assertEquals("round " + round + " #" + i, join(echoes.get(i)));
                    assertEquals(true, join(writes.get(i)));
                }
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> invalidatedKeys(pushes).size() == KEYS);
            for (int i = 0; i < KEYS; i++) {
                assertTrue(invalidatedKeys(pushes).contains(key(i)));
                assertEquals(key(i) + "@40", tracking.get(key(i)));
            }
            assertTrue(pushes.stream().allMatch(p -> "invalidate".equals(p.kind())),
                    "only pushes reach the listener, never replies: " + pushes.peek());
        }
    }

    @Test
    void aSinglePushBetweenRepliesDoesNotShiftTheNextReplies() {
        Queue<RespPush> pushes = new ConcurrentLinkedQueue<>();
        try (RedisClient tracking = RedisClient.connect(options(server, 3).pushListener(pushes::add).build())) {
            tracking.command("CLIENT", "TRACKING", "ON");
            tracking.set("one", "1");
            assertEquals("1", tracking.get("one"));
            server.execute("SET", "one", "2"); // one invalidation push, sent between two replies
            await().atMost(Duration.ofSeconds(5)).until(() -> invalidatedKeys(pushes).contains("one"));
            assertEquals("after", tracking.echo("after"));
            assertEquals("2", tracking.get("one"));
            assertEquals("PONG", tracking.ping());
        }
    }

    @Test
    void withoutAListenerPushesAreDroppedAndRepliesStayInOrder() {
        try (RedisClient tracking = connect(server, 3); RedisClient writer = connect(server, 3)) {
            tracking.command("CLIENT", "TRACKING", "ON");
            for (int round = 0; round < 50; round++) {
                assertEquals(round == 0 ? null : "v" + (round - 1), tracking.get("k"));
                CompletableFuture<String> echo = tracking.async().echo("e" + round);
                writer.set("k", "v" + round);
                assertEquals("e" + round, join(echo));
            }
            assertEquals("v49", tracking.get("k"));
        }
    }
}
