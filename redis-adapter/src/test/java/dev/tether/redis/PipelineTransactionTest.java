package dev.tether.redis;

import dev.tether.redis.RedisTestSupport.Face;
import static dev.tether.redis.RedisTestSupport.PROTOCOLS_AND_FACES;
import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pipelines, MULTI/EXEC transactions and optimistic WATCH transactions against a real server. */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class PipelineTransactionTest {


    private RedisServer server;

    @BeforeEach
    void startFromAnEmptyServer(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void aPipelineReturnsRepliesInOrderWithAFailingCommandAsARedisErrorValue(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.hset("h", Map.of("f", "v"));
            List<Command<?>> commands = List.of(
                    Commands.set("a", "1"),
                    Commands.incr("a"),
                    Commands.get("a"),
                    Commands.lpush("a", List.of("x")), // WRONGTYPE
                    Commands.echo("after the error"),
                    Commands.hgetall("h"),
                    Commands.zscore("nothing", "m"),
                    Command.of("NOSUCHCOMMAND"));
            List<Object> results = face.call(redis, c -> c.pipeline(commands), a -> a.pipelineAsync(commands));

            assertEquals(commands.size(), results.size());
            assertEquals(true, results.get(0));
            assertEquals(2L, results.get(1));
            assertEquals("2", results.get(2));
            RedisError wrongType = assertInstanceOf(RedisError.class, results.get(3));
            assertEquals("WRONGTYPE", wrongType.code());
            assertEquals("after the error", results.get(4));
            assertEquals(Map.of("f", "v"), results.get(5));
            assertNull(results.get(6));
            assertEquals("ERR", assertInstanceOf(RedisError.class, results.get(7)).code());
            assertEquals("PONG", redis.ping());
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aLargePipelineKeepsTheOrderOfItsReplies(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            List<Command<?>> commands = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                commands.add(i % 2 == 0 ? Commands.echo("e" + i) : Commands.incr("n"));
            }
            List<Object> results = redis.pipeline(commands);
            for (int i = 0; i < 2_000; i++) {
                Object expected = i % 2 == 0 ? "e" + i : (long) (i + 1) / 2;
                assertEquals(expected, results.get(i), "reply #" + i);
            }
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void concurrentPipelinesAndSingleCommandsDoNotInterleaveTheirReplies(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            List<CompletableFuture<List<Object>>> pipelines = new ArrayList<>();
            List<CompletableFuture<String>> singles = new ArrayList<>();
            for (int p = 0; p < 200; p++) {
                List<Command<?>> commands = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    commands.add(Commands.echo("p" + p + "-" + i));
                }
                pipelines.add(redis.async().pipelineAsync(commands));
                singles.add(redis.async().echo("s" + p));
            }
            for (int p = 0; p < 200; p++) {
                List<Object> results = join(pipelines.get(p));
                for (int i = 0; i < 10; i++) {
                    assertEquals("p" + p + "-" + i, results.get(i));
                }
                assertEquals("s" + p, join(singles.get(p)));
            }
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void aTransactionReturnsTheResultsOfExec(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            List<Command<?>> commands = List.of(
                    Commands.set("t", "10"),
                    Commands.incrBy("t", 5),
                    Commands.get("t"),
                    Commands.hset("th", Map.of("a", "1")),
                    Commands.hgetall("th"),
                    Commands.zadd("tz", Map.of("m", 1.5)),
                    Commands.zrangeWithScores("tz", 0, -1));
            List<Object> results = face.call(redis, c -> c.transaction(commands), a -> a.transactionAsync(commands));
            assertEquals(List.of(true, 15L, "15", 1L, Map.of("a", "1"), 1L, List.of(new ScoredValue("m", 1.5))),
                    results);
            assertEquals("15", redis.get("t"));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void aCommandFailingInsideExecIsAnErrorValueAndTheOthersApply(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("str", "text");
            List<Command<?>> commands = List.of(
                    Commands.incr("counter"),
                    Commands.lpush("str", List.of("x")), // fails at EXEC time: WRONGTYPE
                    Commands.incr("counter"));
            List<Object> results = face.call(redis, c -> c.transaction(commands), a -> a.transactionAsync(commands));
            assertEquals(3, results.size());
            assertEquals(1L, results.get(0));
            assertEquals("WRONGTYPE", assertInstanceOf(RedisError.class, results.get(1)).code());
            assertEquals(2L, results.get(2));
            assertEquals("2", redis.get("counter"));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void aMalformedQueuedCommandAbortsTheTransactionWithExecAbort(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            List<Command<?>> commands = List.of(
                    Commands.set("before", "1"),
                    Command.of("SET", "only-a-key"), // wrong number of arguments: refused when queued
                    Commands.set("after", "1"));
            RedisErrorException e = assertThrows(RedisErrorException.class,
                    () -> face.call(redis, c -> c.transaction(commands), a -> a.transactionAsync(commands)));
            assertEquals("EXECABORT", e.code());
            assertEquals(0L, redis.exists("before", "after"), "nothing of an aborted transaction applies");
            // the shared connection is still in a clean state (not left inside MULTI)
            assertEquals("PONG", redis.ping());
            assertEquals(true, redis.set("k", "v"));
            assertEquals("v", redis.get("k"));
            assertEquals(List.of(1L), redis.transaction(List.of(Commands.incr("fresh"))));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aWatchTransactionCommitsWhenNobodyTouchedTheKeys(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("balance", "100");
            Optional<List<Object>> result = redis.watchTransaction(List.of("balance"), reads -> {
                long balance = Long.parseLong(reads.get("balance"));
                return List.of(Commands.set("balance", Long.toString(balance - 30)), Commands.incr("withdrawals"));
            });
            assertEquals(Optional.of(List.of(true, 1L)), result);
            assertEquals("70", redis.get("balance"));
            assertEquals("1", redis.get("withdrawals"));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aWatchTransactionIsAbortedWhenAnotherClientChangesAWatchedKeyWhileTheSharedConnectionKeepsWorking(
            int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("balance", "100");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sharedCalls = new AtomicInteger();
            AtomicReference<Throwable> sharedFailure = new AtomicReference<>();
            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100_000 && !stop.get(); i++) {
                        assertEquals("bg" + i, redis.echo("bg" + i));
                        assertEquals(i + 1L, redis.incr("background"));
                        sharedCalls.incrementAndGet();
                    }
                } catch (Throwable t) {
                    sharedFailure.set(t);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> sharedCalls.get() > 10 || sharedFailure.get() != null);
            try {
                int callsBefore = sharedCalls.get();
                Optional<List<Object>> result = redis.watchTransaction(List.of("balance"), reads -> {
                    long balance = Long.parseLong(reads.get("balance"));
                    // A concurrent writer: the shared client (another connection) changes the key.
                    assertEquals(true, redis.set("balance", "0"));
                    await().atMost(Duration.ofSeconds(10)).until(() -> sharedCalls.get() > callsBefore + 10
                            || sharedFailure.get() != null);
                    return List.of(Commands.set("balance", Long.toString(balance - 30)));
                });
                assertEquals(Optional.empty(), result, "EXEC must abort: a watched key changed");
                assertEquals("0", redis.get("balance"), "the aborted transaction did not apply");
            } finally {
                stop.set(true);
                await().atMost(Duration.ofSeconds(10)).until(() -> !other.isAlive());
            }
            assertNull(sharedFailure.get(), () -> "the shared connection failed meanwhile: " + sharedFailure.get());
            assertTrue(sharedCalls.get() > 20);
            assertEquals(Long.toString(sharedCalls.get()), redis.get("background"));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aWatchTransactionWhoseBodyThrowsRunsNothingAndLeavesNoConnectionBehind(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("w", "1");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> redis.watchTransaction(List.of("w"), reads -> {
                        reads.incr("w"); // a read-side write outside MULTI does run...
                        throw new IllegalStateException("the body gave up");
                    }));
            assertEquals("the body gave up", e.getMessage());
            assertEquals("2", redis.get("w"), "...but nothing of the transaction itself");
            assertEquals(Optional.of(List.of(3L)), redis.watchTransaction(List.of("w"),
                    reads -> List.of(Commands.incr("w"))));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aWatchTransactionBodyMayNotSwitchTheDatabaseAndLeavesNoConnectionBehind(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("w", "1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> redis.watchTransaction(List.of("w"), reads -> List.of(Command.of("SELECT", "1"))));
            assertTrue(e.getMessage().contains("SELECT"), e.getMessage());
            assertEquals("1", redis.get("w"));
            assertThrows(IllegalArgumentException.class, () -> redis.watchTransaction(List.of(), reads -> List.of()));
        }
    }
}
