package dev.tether.redis.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 21: CLOSED, DISCONNECTED and TIMEOUT say truthfully whether the command was sent,
 * by {@link RedisConnectionException#written()} and at the end of the message, decided per
 * command from what happened to it rather than from the reason.
 */
@ExtendWith(LeakCheckExtension.class)
class SentOrNotTest {

    private static final String NOT_SENT = "(not sent)";
    private static final String SENT = "(sent; it may have run)";

    private static RedisOptions.Builder options(RedisServer server) {
        return options(server, Duration.ofMillis(300));
    }

    private static RedisOptions.Builder options(RedisServer server, Duration commandTimeout) {
        return RedisOptions.builder().port(server.port()).commandTimeout(commandTimeout)
                .connectTimeout(Duration.ofSeconds(3)).backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20)));
    }

    /** The server is SIGSTOPped before the client connects: its handshake hangs, and commands wait for it. */
    @Test
    void aTimeoutWhileWaitingForAConnectionSaysNotSent() {
        try (RedisServer server = RedisServer.builder().start()) {
            try {
                server.pause();
                try (RedisClient redis = RedisClient.connect(options(server).build())) {
                    RedisConnectionException sync = assertThrows(RedisConnectionException.class, redis::ping);
                    assertSays(sync, Reason.TIMEOUT, false);
                    assertSays(failure(redis.async().ping()), Reason.TIMEOUT, false);
                }
            } finally {
                server.resume();
            }
        }
    }

    /** Connected, then the server is SIGSTOPped: the command is written and no reply comes. */
    @Test
    void aTimeoutOnAWrittenCommandSaysSent() {
        try (RedisServer server = RedisServer.builder().start();
             RedisClient redis = RedisClient.connect(options(server).syncConnect(true).build())) {
            assertEquals("PONG", redis.ping());
            try {
                server.pause();
                assertSays(assertThrows(RedisConnectionException.class, () -> redis.set("k", "v")), Reason.TIMEOUT, true);
                assertSays(failure(redis.async().set("k", "v")), Reason.TIMEOUT, true);
            } finally {
                server.resume();
            }
        }
    }

    /** A command written to a paused server that is then killed: the connection drops before the reply. */
    @Test
    void aDropAfterTheCommandWasWrittenSaysSentAndACommandWhileDownSaysNotSent() {
        try (RedisServer server = RedisServer.builder().start();
             RedisClient redis = RedisClient.connect(options(server, Duration.ofSeconds(10))
                     .syncConnect(true).build())) {
            assertEquals("PONG", redis.ping());
            server.pause();
            CompletableFuture<Long> inFlight = redis.async().incr("counter");
            server.kill();
            assertSays(failure(inFlight), Reason.DISCONNECTED, true);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);
            RedisConnectionException down = assertThrows(RedisConnectionException.class, redis::ping);
            assertSays(down, Reason.CLOSED, false);
        }
    }

    private static void assertSays(RedisConnectionException e, Reason reason, boolean written) {
        assertEquals(reason, e.reason(), e::toString);
        assertEquals(written, e.written(), e::toString);
        assertTrue(e.getMessage().endsWith(written ? SENT : NOT_SENT), e.getMessage());
        assertFalse(e.getMessage().contains(written ? NOT_SENT : SENT), e.getMessage());
    }

    private static RedisConnectionException failure(CompletableFuture<?> future) {
        return FaultsSupport.failure(() -> future);
    }
}
