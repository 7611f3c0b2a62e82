package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.assertConnectionFailure;
import static dev.tether.redis.RedisTestSupport.join;
import static dev.tether.redis.RedisTestSupport.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Blocking commands and watch transactions run on the client's dedicated connections, against a
 * real server: they never hold up the shared connection, the pool stays bounded, and delivery
 * rules are those of the shared connection. (The server-kill case is in
 * {@code faults/DedicatedFaultsTest}; head-of-line latency is measured by the benchmarks'
 * {@code headofline} mode, never timed here.)
 */
@ExtendWith(LeakCheckExtension.class)
class DedicatedConnectionsTest {

    private static RedisServer server;
    /** One connection for the test's own questions, so the server's connection count is the clients' alone. */
    private static RedisClient admin;

    @BeforeAll
    static void start() {
        server = RedisServer.builder().start();
        admin = RedisClient.connect(options(server, 3).build());
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void flush() {
        admin.command("FLUSHALL");
    }

    /** The CLIENT LIST lines of connections currently blocked in {@code command} (lower case). */
    private static long blockedIn(String command) {
        return clientList().lines()
                .filter(l -> l.contains(" cmd=" + command + " ") && l.contains(" flags=b ")).count();
    }

    @Test
    void aBlpopIsAnsweredByAnotherClientsPushWhileTheSharedConnectionKeepsServing() {
        try (RedisClient redis = RedisClient.connect(options(server, 3).build());
             RedisClient pusher = RedisClient.connect(options(server, 3).build())) {
            CompletableFuture<KeyValue> first = redis.async().blpop(Duration.ofSeconds(10), "jobs");
            KeyValue[] second = new KeyValue[1];
            Thread sync = Thread.ofVirtual().start(() -> second[0] = redis.blpop(Duration.ofSeconds(10), "jobs"));
            await().atMost(Duration.ofSeconds(5)).until(() -> blockedIn("blpop") == 2);

            // Both pops are blocked on the server; the shared connection is not behind them.
            for (int i = 0; i < 200; i++) {
                redis.set("k" + i, "v" + i);
                assertEquals("v" + i, redis.get("k" + i));
            }
            assertFalse(first.isDone(), "nothing was pushed yet");

            pusher.rpush("jobs", "a", "b");
            KeyValue popped = join(first);
            await().atMost(Duration.ofSeconds(5)).until(() -> !sync.isAlive());
            List<String> values = List.of(popped.value(), second[0].value());
            assertTrue(values.containsAll(List.of("a", "b")), values::toString);
            assertEquals("jobs", popped.key());
        }
    }

    @Test
    void anXreadgroupBlockConsumerReceivesWhatIsAddedAfterItBlocks() {
        try (RedisClient redis = RedisClient.connect(options(server, 3).build());
             RedisClient producer = RedisClient.connect(options(server, 2).build())) {
            assertTrue(redis.xgroupCreate("orders", "workers", "$", true));
            CompletableFuture<RespValue> read = redis.async().executeAsync(Command.of("XREADGROUP", "GROUP", "workers",
                    "w1", "COUNT", "10", "BLOCK", "10000", "STREAMS", "orders", ">"));
            await().atMost(Duration.ofSeconds(5)).until(() -> blockedIn("xreadgroup") == 1);
            assertEquals("PONG", redis.ping());

            String id = producer.xadd("orders", "*", java.util.Map.of("item", "book"));
            String reply = join(read).toString();
            assertTrue(reply.contains(id) && reply.contains("book"), reply);
            assertEquals(1L, redis.xack("orders", "workers", id));
        }
    }

    @Test
    void whenAllDedicatedConnectionsAreBusyACallerWaitsItsCommandTimeoutThenGetsOverloaded() {
        try (RedisClient redis = RedisClient.connect(options(server, 3).maxDedicatedConnections(2)
                .commandTimeout(Duration.ofMillis(300)).build());
             RedisClient pusher = RedisClient.connect(options(server, 3).build())) {
            long before = connectionsReceived();
            List<CompletableFuture<KeyValue>> blocked = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                blocked.add(redis.async().blpop(Duration.ofSeconds(10), "q"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> blockedIn("blpop") == 2);

            RedisConnectionException sync = assertThrows(RedisConnectionException.class,
                    () -> redis.blpop(Duration.ofSeconds(1), "q"));
            assertEquals(Reason.OVERLOADED, sync.reason());
            assertTrue(sync.getMessage().contains("maxDedicatedConnections") && sync.getMessage().contains("300 ms")
                    && sync.getMessage().contains("BLPOP was not sent"), sync.getMessage());
            assertConnectionFailure(Reason.OVERLOADED, redis.async().blpop(Duration.ofSeconds(1), "q"));
            assertEquals(2, blockedIn("blpop"), "the refused pops were never sent");
            assertEquals("PONG", redis.ping(), "the shared connection is not part of the pool");

            pusher.rpush("q", "1", "2");
            blocked.forEach(RedisTestSupport::join);
            // A freed connection is lent again: still only two were ever opened.
            pusher.rpush("q", "3");
            assertEquals("3", redis.blpop(Duration.ofSeconds(1), "q").value());
            assertEquals(2, connectionsReceived() - before, "dedicated connections opened");
        }
    }

    @Test
    void tenThousandWatchTransactionsOpenAtMostThePoolsSizeOfConnections() throws Exception {
        try (RedisClient redis = RedisClient.connect(options(server, 3).build())) {
            redis.set("counter", "0");
            long before = connectionsReceived();
            int threads = 4;
            int each = 2_500;
            List<Thread> workers = new ArrayList<>();
            int[] committed = new int[threads];
            for (int t = 0; t < threads; t++) {
                int me = t;
                workers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        var result = redis.watchTransaction(List.of("counter"), reads -> {
                            long n = Long.parseLong(reads.get("counter"));
                            return List.of(Commands.set("counter", Long.toString(n + 1)));
                        });
                        if (result.isPresent()) {
                            committed[me]++;
                        }
                    }
                }));
            }
            for (Thread w : workers) {
                w.join(Duration.ofSeconds(60));
                assertFalse(w.isAlive(), "a watch transaction worker is still running after 60 s");
            }
            int total = 0;
            for (int c : committed) {
                total += c;
            }
            assertEquals(Long.toString(total), redis.get("counter"), "each committed transaction added one");
            assertTrue(total > 0, "some transactions committed");
            long opened = connectionsReceived() - before;
            System.out.printf("10,000 watch transactions from %d threads: %d committed, %d connections opened%n",
                    threads, total, opened);
            assertTrue(opened <= RedisOptions.builder().build().maxDedicatedConnections(),
                    "opened " + opened + " connections, more than the pool's size");
        }
    }

    @Test
    void aWatchBodyThatThrowsLeavesAReusableUnwatchedConnection() {
        try (RedisClient redis = RedisClient.connect(options(server, 3).maxDedicatedConnections(1).build());
             RedisClient other = RedisClient.connect(options(server, 3).build())) {
            redis.set("w", "1");
            long before = connectionsReceived();
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> redis.watchTransaction(List.of("w"), reads -> {
                        throw new IllegalStateException("insufficient funds");
                    }));
            assertEquals("insufficient funds", thrown.getMessage());
            // The same connection runs the next transaction, no longer watching "w": a change to
            // "w" now does not abort a transaction that watches only "x".
            other.set("w", "2");
            assertEquals(java.util.Optional.of(List.of(true)), redis.watchTransaction(List.of("x"),
                    reads -> List.of(Commands.set("x", "done"))));
            assertEquals(1, connectionsReceived() - before);
        }
    }

    @Test
    void timeoutZeroAndNegativeTimeoutsAreRefusedBeforeAnythingIsSent() {
        try (RedisClient redis = RedisClient.connect(options(server, 3).build())) {
            admin.command("CONFIG", "RESETSTAT");
            long connections = connectionsReceived();
            assertRefused(() -> redis.command("BLPOP", "q", "0"), "BLPOP has timeout 0", "allowInfiniteBlocking");
            assertRefused(() -> redis.blpop(Duration.ZERO, "q"), "BLPOP has timeout 0", "allowInfiniteBlocking");
            assertRefused(() -> redis.command("XREAD", "BLOCK", "0", "STREAMS", "s", "$"), "XREAD has timeout 0",
                    "allowInfiniteBlocking");
            assertRefused(() -> redis.command("WAIT", "1", "0"), "WAIT has timeout 0", "allowInfiniteBlocking");
            assertRefused(() -> redis.command("BRPOP", "q", "-1"), "BRPOP has a negative timeout", "nothing was sent");
            assertRefused(() -> redis.command("XREADGROUP", "GROUP", "g", "c", "BLOCK", "-5", "STREAMS", "s", ">"),
                    "XREADGROUP has a negative timeout", "nothing was sent");
            assertRefused(() -> redis.async().executeAsync(Command.of("BLMOVE", "a", "b", "LEFT", "RIGHT", "0")),
                    "BLMOVE has timeout 0", "allowInfiniteBlocking");
            assertRefused(() -> redis.pipeline(List.of(Command.of("SET", "a", "1"), Command.of("BLPOP", "q", "0"))),
                    "BLPOP has timeout 0", "allowInfiniteBlocking");
            assertRefused(() -> redis.fireAndForget(Command.of("BLPOP", "q", "1")), "BLPOP blocks on the server",
                    "use execute");
            String stats = admin.execute(Command.of(Replies::string, "INFO", "commandstats"));
            for (String command : List.of("blpop", "brpop", "xread", "xreadgroup", "wait", "blmove", "set")) {
                assertFalse(stats.contains("cmdstat_" + command + ":"), () -> command + " reached the server: " + stats);
            }
            assertEquals(connections, connectionsReceived(), "no dedicated connection was opened for a refused command");
        }
    }

    @Test
    void withAllowInfiniteBlockingATimeoutZeroWaitsUntilAnswered() {
        try (RedisClient redis = RedisClient.connect(options(server, 3).allowInfiniteBlocking(true)
                .commandTimeout(Duration.ofMillis(200)).healthCheckInterval(Duration.ofMillis(100)).build());
             RedisClient pusher = RedisClient.connect(options(server, 3).build())) {
            CompletableFuture<KeyValue> forever = redis.async().blpop(Duration.ZERO, "jobs");
            await().atMost(Duration.ofSeconds(5)).until(() -> blockedIn("blpop") == 1);
            // The server says the pop has been blocked for 2 s: past many command timeouts and
            // health-check intervals, it still waits and was not torn down.
            await().atMost(Duration.ofSeconds(10)).until(() -> blockedFor("blpop") >= 2);
            assertFalse(forever.isDone());
            assertEquals(1, blockedIn("blpop"));
            pusher.rpush("jobs", "late");
            assertEquals("late", join(forever).value());
        }
    }

    @Test
    void closingTheClientFailsBlockedCallersWithStoppedAndClosesItsDedicatedConnections() {
        RedisClient redis = RedisClient.connect(options(server, 3).build());
        CompletableFuture<KeyValue> blocked = redis.async().blpop(Duration.ofSeconds(30), "never");
        await().atMost(Duration.ofSeconds(5)).until(() -> blockedIn("blpop") == 1);
        redis.close();
        assertConnectionFailure(Reason.STOPPED, blocked);
        await().atMost(Duration.ofSeconds(5)).until(() -> blockedIn("blpop") == 0);
        assertConnectionFailure(Reason.STOPPED, () -> redis.blpop(Duration.ofSeconds(1), "never"));
    }

    @Test
    void theIdleTimeoutClosesUnusedDedicatedConnections() {
        try (RedisClient redis = RedisClient.connect(options(server, 3).clientName("idle-test")
                .dedicatedIdleTimeout(Duration.ofMillis(300)).build())) {
            assertEquals(null, redis.blpop(Duration.ofMillis(10), "empty"));
            assertEquals(2, namedConnections("idle-test"), "shared plus one dedicated");
            await().atMost(Duration.ofSeconds(5)).until(() -> namedConnections("idle-test") == 1);
            assertNotEquals(null, redis.ping());
        }
    }

    /** The longest time, in whole seconds by the server's clock, a connection has been blocked in {@code command}. */
    private static long blockedFor(String command) {
        return clientList().lines()
                .filter(l -> l.contains(" cmd=" + command + " ") && l.contains(" flags=b "))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".* idle=(\\d+) .*", "$1"))).max().orElse(-1);
    }

    private static long namedConnections(String name) {
        return clientList().lines().filter(l -> l.contains(" name=" + name + " ")).count();
    }

    private static String clientList() {
        return admin.execute(Command.of(Replies::string, "CLIENT", "LIST"));
    }

    /** INFO stats total_connections_received, asked on the admin connection. */
    private static long connectionsReceived() {
        String info = admin.execute(Command.of(Replies::string, "INFO", "stats"));
        return info.lines().filter(l -> l.startsWith("total_connections_received:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }

    private static void assertRefused(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        }
    }

    /** A call that may throw (kept local: JUnit's Executable throws Throwable). */
    @FunctionalInterface
    interface Executable {
        void run();
    }
}
