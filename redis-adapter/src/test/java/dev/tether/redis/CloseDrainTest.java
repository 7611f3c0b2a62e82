package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.assertConnectionFailure;
import static dev.tether.redis.RedisTestSupport.join;
import static dev.tether.redis.RedisTestSupport.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisConnectionException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisClient#close(Duration)}: commands already made finish within the drain, the rest
 * fail with STOPPED when it ends, and new ones are refused at once.
 */
class CloseDrainTest extends DebugServerTests {

    private RedisClient client() {
        return RedisClient.connect(options(server, 3).commandTimeout(Duration.ofSeconds(5)).build());
    }

    /** DEBUG SLEEP {@code seconds}, then 100 INCRs queued behind it. */
    private static List<CompletableFuture<?>> sleepAndHundredIncrs(RedisClient redis, String seconds) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        sent.add(redis.async().executeAsync(Command.of(Replies::string, "DEBUG", "SLEEP", seconds)));
        for (int i = 0; i < 100; i++) {
            sent.add(redis.async().incr("drained"));
        }
        return sent;
    }

    @Test
    void commandsInFlightFinishWithinTheDrain() {
        RedisClient redis = client();
        List<CompletableFuture<?>> sent = sleepAndHundredIncrs(redis, "0.3");
        redis.close(Duration.ofSeconds(2));
        for (int i = 1; i < sent.size(); i++) {
            assertEquals((long) i, join(sent.get(i)), "INCR " + i + " was answered");
        }
        assertEquals("OK", join(sent.get(0)));
        assertEquals(ConnectionState.STOPPED, redis.state());
        assertEquals("100", server.execute("GET", "drained"));
    }

    @Test
    void whatIsUnansweredWhenTheDrainEndsFailsWithStopped() {
        RedisClient redis = client();
        List<CompletableFuture<?>> sent = sleepAndHundredIncrs(redis, "1");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> redis.close(Duration.ofMillis(100)));
        // Not before the drain of 100 ms, and well before the DEBUG SLEEP of a second ends.
        await().atLeast(Duration.ofMillis(50)).atMost(Duration.ofMillis(800))
                .until(() -> sent.stream().allMatch(CompletableFuture::isDone));
        for (CompletableFuture<?> f : sent) {
            assertConnectionFailure(Reason.STOPPED, f);
        }
        join(closing);
        assertEquals(ConnectionState.STOPPED, redis.state());
    }

    @Test
    void aCommandMadeOnceTheDrainBeganIsRefusedAtOnce() {
        RedisClient redis = client();
        CompletableFuture<String> sleeping = redis.async().executeAsync(Command.of(Replies::string, "DEBUG", "SLEEP", "0.5"));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> redis.close(Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.async().ping().isCompletedExceptionally());
        RedisConnectionException refused = assertConnectionFailure(Reason.STOPPED, redis.async().get("k"));
        assertTrue(refused.getMessage().contains("closing"), refused.getMessage());
        assertConnectionFailure(Reason.STOPPED, () -> redis.get("k"));
        join(closing);
        assertEquals("OK", join(sleeping), "made before the close: answered");
    }

    @Test
    void blockingCommandsOnDedicatedConnectionsDrainToo() {
        RedisClient redis = client();
        CompletableFuture<KeyValue> popped = redis.async().blpop(Duration.ofMillis(500), "nothing-here");
        await().atMost(Duration.ofSeconds(5)).until(() -> ((String) server.execute("CLIENT", "LIST")).contains("cmd=blpop"));
        CompletableFuture<String> sleeping = redis.async().executeAsync(Command.of(Replies::string, "DEBUG", "SLEEP", "0.3"));
        redis.close(Duration.ofSeconds(3));
        assertNull(join(popped), "BLPOP timed out on the server, within the drain, not STOPPED");
        assertEquals("OK", join(sleeping));
    }

    @Test
    void aBadDrainIsRefusedAndZeroIsAPlainClose() {
        RedisClient redis = client();
        NullPointerException none = assertThrows(NullPointerException.class, () -> redis.close(null));
        assertTrue(none.getMessage().contains("drain"), none.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> redis.close(Duration.ofSeconds(-1)));
        assertTrue(negative.getMessage().contains("drain must not be negative"), negative.getMessage());
        assertEquals("PONG", redis.ping(), "a refused drain leaves the client open");

        CompletableFuture<String> sleeping = redis.async().executeAsync(Command.of(Replies::string, "DEBUG", "SLEEP", "0.5"));
        redis.close(Duration.ZERO);
        assertConnectionFailure(Reason.STOPPED, sleeping);
    }
}
