package dev.tether.redis;

import dev.tether.redis.RedisConnectionException.Reason;
import static dev.tether.redis.RedisTestSupport.assertConnectionFailure;
import static dev.tether.redis.RedisTestSupport.failureOf;
import static dev.tether.redis.RedisTestSupport.join;
import static dev.tether.redis.RedisTestSupport.options;
import static dev.tether.redis.RedisTestSupport.orNullOnConnectionFailure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What happens to commands when the connection drops, while it is down, and when they time out:
 * in flight → DISCONNECTED and never replayed; while down → CLOSED fast, or held in the opt-in
 * queue within their deadline; expired → never written; late replies dropped with order kept.
 * Every test runs its own server, since it stops, kills or pauses it.
 */
@ExtendWith(LeakCheckExtension.class)
class DeliverySemanticsTest {


    private static final BackoffPolicy FAST = BackoffPolicy.constant(Duration.ofMillis(50));
    private static final Pattern QBUF = Pattern.compile("\\bqbuf=(\\d+)\\b");

    private static RedisServer startServer() {
        return RedisServer.builder().arg("--enable-debug-command", "yes").start();
    }

    /** The client-list line of the client blocked in WAIT has unread commands queued behind it. */
    private static boolean blockedWithCommandsBehind(RedisServer server) {
        for (String line : ((String) server.execute("CLIENT", "LIST")).split("\n")) {
            if (line.contains("cmd=wait")) {
                Matcher m = QBUF.matcher(line);
                return m.find() && Long.parseLong(m.group(1)) > 0;
            }
        }
        return false;
    }

    private static void awaitPong(RedisClient redis) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "PONG".equals(orNullOnConnectionFailure(redis::ping)));
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void commandsInFlightWhenTheSocketDropsFailWithDisconnectedAndAreNeverReplayed(int protocol) {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, protocol).backoffPolicy(FAST).build())) {
            // BLPOP blocks its dedicated connection; WAIT (no replica will ever answer) blocks the
            // shared one server-side, and the INCR waits, unread, behind it.
            CompletableFuture<KeyValue> blpop = redis.async().blpop(Duration.ofSeconds(30), "jobs");
            CompletableFuture<RespValue> wait = redis.async().executeAsync(Command.of("WAIT", "1", "30000"));
            CompletableFuture<Long> incr = redis.async().incr("in-flight-counter");
            await().atMost(Duration.ofSeconds(5)).until(() -> blockedWithCommandsBehind(server)
                    && ((String) server.execute("CLIENT", "LIST")).contains("cmd=blpop"));

            server.execute("CLIENT", "KILL", "TYPE", "normal");

            RedisConnectionException blpopFailure = assertConnectionFailure(Reason.DISCONNECTED, blpop);
            assertTrue(blpopFailure.written() && blpopFailure.getMessage().endsWith("(sent; it may have run)"),
                    blpopFailure.getMessage());
            assertConnectionFailure(Reason.DISCONNECTED, wait);
            assertConnectionFailure(Reason.DISCONNECTED, incr);

            awaitPong(redis);
            // Never replayed: the INCR did not run before the drop and was not resent after it...
            assertNull(redis.get("in-flight-counter"));
            assertNull(server.execute("GET", "in-flight-counter"));
            // ...and no replayed BLPOP is waiting to steal the next job.
            redis.rpush("jobs", "job-1");
            assertEquals(List.of("job-1"), redis.lrange("jobs", 0, -1));
            assertEquals(1L, redis.incr("in-flight-counter"));
        }
    }

    @Test
    void whileBackingOffCommandsFailFastWithClosed() {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, 3)
                     .backoffPolicy(BackoffPolicy.constant(Duration.ofSeconds(10))).build())) {
            assertEquals("PONG", redis.ping());
            server.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.BACKING_OFF);

            long start = System.nanoTime();
            // A command after the early-connect window triggers one attempt and fails with CLOSED
            // once that attempt failed ("could not connect", with the cause); those within the
            // window fail at once without an attempt ("not connected").
            int attempted = 0;
            int failedFast = 0;
            for (int i = 0; i < 100; i++) {
                RedisConnectionException e = i % 2 == 0
                        ? assertConnectionFailure(Reason.CLOSED, () -> redis.get("k"))
                        : assertConnectionFailure(Reason.CLOSED, redis.async().incr("n"));
                assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
                if (e.getMessage().contains("could not connect")) {
                    attempted++;
                    assertTrue(e.getCause() != null, "the failed attempt is the cause");
                } else {
                    assertTrue(e.getMessage().contains("not connected"), e.getMessage());
                    failedFast++;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "100 commands while down took " + took);
            assertTrue(attempted >= 1, "a command after the window triggers an attempt");
            assertTrue(failedFast >= 1, "commands within the window fail without an attempt");
            // at most one attempt per 50 ms window (plus the first)
            assertTrue(attempted <= 1 + took.toMillis() / 50, attempted + " attempts in " + took);
            assertEquals(ConnectionState.BACKING_OFF, redis.state());
        }
    }

    @Test
    void aCommandWhileBackingOffTriggersAnEarlyConnectAndSucceedsOnceTheServerIsBack() {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, 3)
                     .backoffPolicy(BackoffPolicy.constant(Duration.ofSeconds(30))).build())) {
            redis.set("k", "before");
            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.BACKING_OFF);
            server.restart();

            long start = System.nanoTime();
            // The backoff timer has ~30 s to go; the command's own early connect attempt brings the
            // connection back and the command runs on it.
            assertEquals("PONG", redis.ping());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "recovery took " + took);
            assertEquals(ConnectionState.CONNECTED, redis.state());
            assertNull(redis.get("k"), "a fresh server (no persistence)");
        }
    }

    @Test
    void withAHoldQueueCommandsWaitWhileDownAndSucceedInOrderOnceTheServerReturns() {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, 3).backoffPolicy(FAST).holdQueueSize(100)
                     .commandTimeout(Duration.ofSeconds(10)).build())) {
            assertEquals("PONG", redis.ping());
            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);

            List<CompletableFuture<Long>> held = new ArrayList<>();
            List<CompletableFuture<String>> echoes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                held.add(redis.async().incr("held"));
                echoes.add(redis.async().echo("held-" + i));
            }
            assertTrue(held.stream().noneMatch(CompletableFuture::isDone), "held commands wait, they do not fail");

            server.restart();
            for (int i = 0; i < 10; i++) {
                assertEquals(i + 1L, join(held.get(i)), "held INCR #" + i);
                assertEquals("held-" + i, join(echoes.get(i)));
            }
            assertEquals("10", server.execute("GET", "held"));
        }
    }

    @Test
    void aHeldCommandWhoseDeadlinePassesFailsWithTimeoutAndIsNeverWritten() {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, 3).backoffPolicy(FAST).holdQueueSize(100)
                     .commandTimeout(Duration.ofMillis(300)).build())) {
            assertEquals("PONG", redis.ping());
            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);

            long start = System.nanoTime();
            CompletableFuture<Long> expired = redis.async().incr("expired");
            assertConnectionFailure(Reason.TIMEOUT, expired);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofMillis(250)) > 0 && took.compareTo(Duration.ofSeconds(2)) < 0,
                    "failed after " + took);

            server.restart();
            awaitPong(redis);
            // Any held request would have been handed back before the PING: the INCR was dropped.
            assertNull(redis.get("expired"));
            assertNull(server.execute("GET", "expired"));
        }
    }

    @Test
    void whenTheHoldQueueIsFullFurtherCommandsFailWithOverloaded() {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, 3).backoffPolicy(FAST).holdQueueSize(2)
                     .commandTimeout(Duration.ofSeconds(10)).build())) {
            assertEquals("PONG", redis.ping());
            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);

            List<CompletableFuture<String>> echoes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                echoes.add(redis.async().echo("e" + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> echoes.stream().filter(CompletableFuture::isDone).count() >= 4);
            long overloaded = echoes.stream().filter(CompletableFuture::isCompletedExceptionally)
                    .map(RedisTestSupport::failureOf)
                    .filter(t -> t instanceof RedisConnectionException e && e.reason() == Reason.OVERLOADED)
                    .count();
            assertEquals(4, overloaded, "2 held, 4 refused");

            server.restart();
            List<String> delivered = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                CompletableFuture<String> f = echoes.get(i);
                if (!f.isCompletedExceptionally()) {
                    delivered.add(join(f));
                    assertEquals("e" + i, delivered.getLast());
                }
            }
            assertEquals(2, delivered.size());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aBlockingCommandGetsItsOwnTimeoutPlusTheCommandTimeoutAsDeadline(int protocol) {
        try (RedisServer server = startServer();
             RedisClient blocking = RedisClient.connect(options(server, protocol).commandTimeout(Duration.ofMillis(200))
                     .healthCheckInterval(Duration.ofMillis(100)).allowInfiniteBlocking(true).build());
             RedisClient other = RedisClient.connect(options(server, protocol).build())) {
            // BLPOP 1 s on a client whose commands time out after 200 ms: not a TIMEOUT, and the
            // health check does not mistake the silence for a dead connection
            long start = System.nanoTime();
            assertNull(blocking.blpop(Duration.ofSeconds(1), "empty"));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(900)) > 0);
            assertEquals("PONG", blocking.ping());

            // BLPOP 0 blocks until an element arrives, however long that takes
            CompletableFuture<KeyValue> forever = blocking.async().blpop(Duration.ZERO, "jobs");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    ((String) server.execute("INFO", "clients")).contains("blocked_clients:1"));
            // past the command timeout and several health-check ticks
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> !forever.isDone());
            other.rpush("jobs", "job-1");
            assertEquals(new KeyValue("jobs", "job-1"), join(forever));
            assertEquals(ConnectionState.CONNECTED, blocking.state());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aPipelineHoldingABlockingCommandGetsItsTimeoutPlusTheCommandTimeoutToo(int protocol) {
        try (RedisServer server = startServer();
             RedisClient blocking = RedisClient.connect(options(server, protocol).commandTimeout(Duration.ofMillis(200))
                     .healthCheckInterval(Duration.ofMillis(100)).build())) {
            // neither the caller's deadline nor the health check may cut the BLPOP short
            List<Object> results = blocking.pipeline(List.of(Commands.blpop(List.of("empty"), Duration.ofMillis(500)),
                    Commands.echo("after")));
            assertEquals(Arrays.asList(null, "after"), results);
            assertEquals(ConnectionState.CONNECTED, blocking.state());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void afterACommandTimesOutItsLateReplyIsDroppedAndEveryLaterCommandGetsItsOwnReply(int protocol) {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, protocol).commandTimeout(Duration.ofMillis(200))
                     .healthCheckInterval(null).build())) {
            for (int i = 0; i < 10; i++) {
                redis.set("k" + i, "v" + i);
            }
            // The server sleeps 0.5 s: this command and those queued behind it miss their deadline.
            assertConnectionFailure(Reason.TIMEOUT, () -> redis.command("DEBUG", "SLEEP", "0.5"));
            List<CompletableFuture<String>> behind = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                behind.add(redis.async().get("k" + (i % 10)));
            }
            for (CompletableFuture<String> f : behind) {
                Throwable t = failureOf(f);
                RedisConnectionException e = assertInstanceOf(RedisConnectionException.class, t);
                assertEquals(Reason.TIMEOUT, e.reason());
            }

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "probe".equals(orNullOnConnectionFailure(() -> redis.echo("probe"))));
            for (int i = 0; i < 200; i++) {
                assertEquals("v" + (i % 10), redis.get("k" + (i % 10)), "GET #" + i);
                assertEquals("e" + i, redis.echo("e" + i));
            }
            List<CompletableFuture<String>> async = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                async.add(redis.async().echo("a" + i));
            }
            for (int i = 0; i < 500; i++) {
                assertEquals("a" + i, join(async.get(i)));
            }
            assertEquals(ConnectionState.CONNECTED, redis.state());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void commandsTimingOutWhileTheServerIsPausedDoNotShiftLaterReplies(int protocol) {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, protocol).commandTimeout(Duration.ofMillis(200))
                     .healthCheckInterval(null).build())) {
            redis.set("stable", "value");
            server.pause();
            List<CompletableFuture<String>> lost = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    lost.add(redis.async().echo("lost-" + i));
                }
                for (CompletableFuture<String> f : lost) {
                    assertEquals(Reason.TIMEOUT,
                            assertInstanceOf(RedisConnectionException.class, failureOf(f)).reason());
                }
            } finally {
                server.resume();
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "probe".equals(orNullOnConnectionFailure(() -> redis.echo("probe"))));
            for (int i = 0; i < 100; i++) {
                assertEquals("after-" + i, redis.echo("after-" + i));
                assertEquals("value", redis.get("stable"));
            }
            assertFalse(lost.stream().anyMatch(f -> !f.isCompletedExceptionally()));
        }
    }

    @Test
    void whileAReconnectHangsInTheHandshakeACommandWaitsNoLongerThanItsDeadlineAndCloseIsPrompt() {
        try (RedisServer server = startServer()) {
            RedisClient redis = RedisClient.connect(options(server, 3).commandTimeout(Duration.ofMillis(300))
                    .connectTimeout(Duration.ofSeconds(5)).healthCheckInterval(Duration.ofMillis(100))
                    .backoffPolicy(FAST).build());
            try {
                assertEquals("PONG", redis.ping());
                server.pause();
                try {
                    assertConnectionFailure(Reason.TIMEOUT, redis.async().echo("stuck"));
                    // torn down by the health check; reconnects now hang in the handshake (the kernel
                    // accepts the TCP connection, the frozen server never answers HELLO)
                    await().atMost(Duration.ofSeconds(3)).until(() -> redis.state() != ConnectionState.CONNECTED);

                    long start = System.nanoTime();
                    RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> redis.echo("x"));
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(e.reason() == Reason.TIMEOUT || e.reason() == Reason.CLOSED, e.toString());
                    assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "waited " + took + " for " + e);

                    start = System.nanoTime();
                    redis.close();
                    took = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "close took " + took);
                    assertEquals(ConnectionState.STOPPED, redis.state());
                } finally {
                    server.resume();
                }
            } finally {
                redis.close();
            }
        }
    }

    @Test
    void theHealthCheckPingsAnIdleConnection() {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, 3).healthCheckInterval(Duration.ofMillis(100))
                     .build())) {
            assertEquals("PONG", redis.ping());
            server.execute("CONFIG", "RESETSTAT");
            // nobody issues commands: the health check's own PINGs show up in the server's stats
            await().atMost(Duration.ofSeconds(5)).until(() -> pingCalls(server) >= 3);
            assertEquals("still-fine", redis.echo("still-fine"));
        }
    }

    private static long pingCalls(RedisServer server) {
        Matcher m = Pattern.compile("cmdstat_ping:calls=(\\d+)").matcher((String) server.execute("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void cancellingAFutureDropsItsLateReplyAndKeepsTheOrder(int protocol) {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, protocol).healthCheckInterval(null).build())) {
            redis.set("k", "v");
            server.pause();
            CompletableFuture<String> cancelled;
            List<CompletableFuture<String>> kept = new ArrayList<>();
            try {
                cancelled = redis.async().echo("cancelled");
                for (int i = 0; i < 10; i++) {
                    kept.add(redis.async().echo("kept-" + i));
                }
                assertTrue(cancelled.cancel(true));
            } finally {
                server.resume();
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("kept-" + i, join(kept.get(i)));
            }
            assertTrue(cancelled.isCancelled());
            assertEquals("v", redis.get("k"));
            assertEquals("next", redis.echo("next"));
        }
    }

    @Test
    void theHealthCheckTearsDownAConnectionWhoseServerStoppedAnsweringAndItRecovers() {
        try (RedisServer server = startServer();
             RedisClient redis = RedisClient.connect(options(server, 3).commandTimeout(Duration.ofMillis(300))
                     .connectTimeout(Duration.ofSeconds(1)).healthCheckInterval(Duration.ofMillis(100))
                     .backoffPolicy(FAST).build())) {
            assertEquals("PONG", redis.ping());
            server.pause();
            try {
                CompletableFuture<String> stuck = redis.async().echo("stuck");
                assertConnectionFailure(Reason.TIMEOUT, stuck);
                // replies due, nothing read for longer than the command timeout: torn down
                await().atMost(Duration.ofSeconds(3)).until(() -> redis.state() != ConnectionState.CONNECTED);
            } finally {
                server.resume();
            }
            awaitPong(redis);
            assertEquals("fine", redis.echo("fine"));
        }
    }
}
