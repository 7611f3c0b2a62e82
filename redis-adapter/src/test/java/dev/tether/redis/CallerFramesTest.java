package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.failureOf;
import static dev.tether.redis.RedisTestSupport.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.core.pipe.PipeException;
import dev.tether.redis.RedisConnectionException.Reason;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A blocking caller's exception shows the caller's own line, keeps the type, the reason and the
 * message, and has the failure as the connection saw it as its cause.
 */
class CallerFramesTest extends DebugServerTests {

    private static boolean hasFrame(Throwable t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method));
    }

    private RedisClient client(Duration timeout) {
        return RedisClient.connect(options(server, 3).commandTimeout(timeout).build());
    }

    @Test
    void aTimedOutCommandThrowsFromTheCallersLine() {
        try (RedisClient redis = client(Duration.ofMillis(200))) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                    () -> redis.execute(Command.of("DEBUG", "SLEEP", "0.5")));
            assertEquals(Reason.TIMEOUT, e.reason());
            assertTrue(hasFrame(e, "aTimedOutCommandThrowsFromTheCallersLine"), "the caller's own line");
            assertEquals(PipeException.Reason.TIMEOUT, assertInstanceOf(PipeException.class, e.getCause()).reason(),
                    "the pipe's failure is the cause");

            // The same type, reason and message as the async face reports.
            RedisConnectionException async = assertInstanceOf(RedisConnectionException.class,
                    failureOf(redis.async().executeAsync(Command.of("DEBUG", "SLEEP", "0.5"))));
            assertEquals(async.reason(), e.reason());
            assertEquals(async.getMessage(), e.getMessage());
        }
    }

    @Test
    void aCommandFailedOnTheLoopHasTheLoopsFramesInItsCause() {
        try (RedisClient redis = client(Duration.ofSeconds(10))) {
            CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
                // Not CLIENT LIST: the server answers nothing while it sleeps.
                await().atMost(Duration.ofSeconds(10)).until(() -> redis.inFlight() == 1);
                redis.close();
            });
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                    () -> redis.execute(Command.of("DEBUG", "SLEEP", "1")));
            closer.join();
            assertEquals(Reason.STOPPED, e.reason());
            assertTrue(hasFrame(e, "aCommandFailedOnTheLoopHasTheLoopsFramesInItsCause"), "the caller's own line");
            PipeException original = assertInstanceOf(PipeException.class, e.getCause());
            assertEquals(PipeException.Reason.STOPPED, original.reason());
            assertFalse(hasFrame(original, "aCommandFailedOnTheLoopHasTheLoopsFramesInItsCause"),
                    "the cause was made on the connection's loop");
        }
    }

    @Test
    void aServerErrorReplyThrowsFromTheCallersLineWithItsError() {
        try (RedisClient redis = client(Duration.ofSeconds(5))) {
            redis.set("text", "not a number");
            RedisErrorException e = assertThrows(RedisErrorException.class, () -> redis.incr("text"));
            assertTrue(hasFrame(e, "aServerErrorReplyThrowsFromTheCallersLineWithItsError"), "the caller's own line");
            assertEquals("ERR", e.code());
            RedisErrorException original = assertInstanceOf(RedisErrorException.class, e.getCause());
            assertNotSame(original, e);
            assertSame(original.error(), e.error(), "the same server error");
            assertEquals(original.getMessage(), e.getMessage());
        }
    }

    @Test
    void pipelinesAndTransactionsWaitTheSameWay() {
        try (RedisClient redis = client(Duration.ofMillis(200))) {
            RedisConnectionException timedOut = assertThrows(RedisConnectionException.class,
                    () -> redis.pipeline(List.of(Command.of("DEBUG", "SLEEP", "0.5"))));
            assertEquals(Reason.TIMEOUT, timedOut.reason());
            assertTrue(hasFrame(timedOut, "pipelinesAndTransactionsWaitTheSameWay"));
            await().atMost(Duration.ofSeconds(5)).until(() -> "PONG".equals(server.execute("PING")));

            // A command with the wrong number of arguments aborts the transaction: EXECABORT.
            RedisErrorException aborted = assertThrows(RedisErrorException.class,
                    () -> redis.transaction(List.of(Command.of("SET", "only-a-key"))));
            assertTrue(hasFrame(aborted, "pipelinesAndTransactionsWaitTheSameWay"));
            assertEquals("EXECABORT", aborted.code());
            assertInstanceOf(RedisErrorException.class, aborted.getCause());
        }
    }

    @Test
    void aFutureFailedElsewhereIsRethrownAsACopyMadeHere() throws Exception {
        RedisConnectionException loopSide = CompletableFuture.supplyAsync(
                () -> new RedisConnectionException(Reason.DISCONNECTED, "dropped")).get();
        RedisConnectionException e = assertThrows(RedisConnectionException.class,
                () -> SyncWait.await(CompletableFuture.failedFuture(loopSide)));
        assertEquals(Reason.DISCONNECTED, e.reason());
        assertEquals(loopSide.getMessage(), e.getMessage(), "the message is not prefixed twice");
        assertSame(loopSide, e.getCause());
        assertTrue(hasFrame(e, "aFutureFailedElsewhereIsRethrownAsACopyMadeHere"));

        RedisErrorException refused = new RedisErrorException(new RedisError("NOPERM no permission"));
        RedisErrorException copy = assertThrows(RedisErrorException.class,
                () -> SyncWait.await(CompletableFuture.failedFuture(refused)));
        assertEquals("NOPERM", copy.code());
        assertSame(refused, copy.getCause());

        IllegalStateException other = new IllegalStateException("not ours to copy");
        assertSame(other, assertThrows(IllegalStateException.class,
                () -> SyncWait.await(CompletableFuture.failedFuture(other))), "other types are thrown as they are");
    }
}
