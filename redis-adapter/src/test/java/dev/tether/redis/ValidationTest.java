package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input and commands that would break the shared connection are refused with an
 * IllegalArgumentException before anything is sent, naming the API to use instead.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class ValidationTest {


    private RedisServer server;

    @BeforeEach
    void resetTheServersCommandStatistics(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
        server.execute("CONFIG", "RESETSTAT");
    }

    /** The command (as the user types it), the text the message must contain, the server's stat name. */
    static Stream<Arguments> forbiddenOnTheSharedConnection() {
        return Stream.of(
                Arguments.of(List.of("WATCH", "k"), "watchTransaction", "watch"),
                Arguments.of(List.of("watch", "k"), "watchTransaction", "watch"),
                Arguments.of(List.of("UNWATCH"), "watchTransaction", "unwatch"),
                Arguments.of(List.of("MULTI"), "transaction(", "multi"),
                Arguments.of(List.of("Exec"), "transaction(", "exec"),
                Arguments.of(List.of("DISCARD"), "transaction(", "discard"),
                Arguments.of(List.of("SELECT", "1"), "RedisOptions", "select"),
                Arguments.of(List.of("select", "0"), "RedisOptions", "select"),
                Arguments.of(List.of("SUBSCRIBE", "news"), "Pub/Sub", "subscribe"),
                Arguments.of(List.of("PSUBSCRIBE", "news.*"), "Pub/Sub", "psubscribe"),
                Arguments.of(List.of("SSUBSCRIBE", "news"), "Pub/Sub", "ssubscribe"),
                Arguments.of(List.of("UNSUBSCRIBE"), "Pub/Sub", "unsubscribe"),
                Arguments.of(List.of("CLIENT", "REPLY", "OFF"), "fireAndForget", "client|reply"),
                Arguments.of(List.of("client", "reply", "skip"), "fireAndForget", "client|reply"),
                Arguments.of(List.of("HELLO", "2"), "RedisOptions", "hello"),
                Arguments.of(List.of("AUTH", "secret"), "RedisOptions", "auth"),
                Arguments.of(List.of("MONITOR"), "connection of its own", "monitor"),
                Arguments.of(List.of("RESET"), "RESET", "reset"),
                Arguments.of(List.of("QUIT"), "close()", "quit"),
                Arguments.of(List.of("quit"), "close()", "quit"),
                Arguments.of(List.of("CLIENT", "SETNAME", "other"), "clientName", "client|setname"),
                Arguments.of(List.of("client", "setname", "other"), "clientName", "client|setname"));
    }

    private static byte[][] bytes(List<String> args) {
        return args.stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private String commandStats() {
        return (String) server.execute("INFO", "commandstats");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenOnTheSharedConnection")
    void aCommandThatWouldBreakTheSharedConnectionIsRefusedNamingTheApiToUse(List<String> command, String hint,
                                                                             String stat) {
        String[] args = command.toArray(String[]::new);
        String name = command.get(0).toUpperCase(Locale.ROOT);
        // RESP2 without credentials: the handshake itself sends no HELLO or AUTH to count
        try (RedisClient redis = connect(server, 2)) {
            List<Executable> ways = List.of(
                    () -> redis.command(args),
                    () -> redis.command(bytes(command)),
                    () -> redis.execute(Command.of(args)),
                    () -> redis.async().executeAsync(Command.of(args)),
                    () -> redis.pipeline(List.of(Commands.ping(), Command.of(args))),
                    () -> redis.async().pipelineAsync(List.of(Command.of(args))),
                    () -> redis.transaction(List.of(Commands.incr("n"), Command.of(args))),
                    () -> redis.async().transactionAsync(List.of(Command.of(args))),
                    () -> redis.fireAndForget(Command.of(args)));
            for (int i = 0; i < ways.size(); i++) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ways.get(i), "way #" + i);
                assertTrue(e.getMessage().contains(name), "way #" + i + " names the command: " + e.getMessage());
                assertTrue(e.getMessage().contains(hint), "way #" + i + " names what to use: " + e.getMessage());
            }
            assertEquals("PONG", redis.ping());
            assertEquals(0L, redis.exists("n"), "no part of a refused pipeline or transaction ran");
        }
        String stats = commandStats();
        assertFalse(stats.contains("cmdstat_" + stat + ":"), "nothing reached the server: " + stats);
        assertFalse(stats.contains("cmdstat_multi:"), "no transaction reached the server: " + stats);
        assertFalse(stats.contains("cmdstat_incr:"), "no pipeline part reached the server: " + stats);
    }

    @Test
    void theRefusalMessagesNameTheApiForEachKindOfCommand() {
        try (RedisClient redis = connect(server, 2)) {
            assertTrue(message(() -> redis.command("WATCH", "k")).contains("RedisClient.watchTransaction(keys, body)"));
            assertTrue(message(() -> redis.command("MULTI")).contains("RedisClient.transaction(commands)"));
            assertTrue(message(() -> redis.command("EXEC")).contains("RedisClient.transaction(commands)"));
            assertTrue(message(() -> redis.command("SELECT", "2")).contains("database in RedisOptions"));
            assertTrue(message(() -> redis.command("CLIENT", "REPLY", "ON")).contains("RedisClient.fireAndForget(command)"));
            assertTrue(message(() -> redis.command("SUBSCRIBE", "c")).contains("Pub/Sub needs a connection of its own: use RedisSubscriber"));
        }
    }

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    /**
     * A value over the limit (the server's proto-max-bulk-len, 512 MiB by default; 1 KiB here) is
     * refused before anything is sent: sent, it would make the server drop the shared connection.
     */
    @Test
    void aValueOverTheBulkLimitIsRefusedBeforeAnythingIsSent() {
        String big = "v".repeat(1025);
        try (RedisClient redis = RedisClient.connect(RedisTestSupport.options(server, 3)
                .respLimits(dev.tether.redis.resp.RespLimits.DEFAULT.withMaxBulkLength(1024)).build())) {
            String refused = message(() -> redis.set("k", big));
            assertTrue(refused.contains("1025 bytes, over the limit of 1024"), refused);
            assertTrue(message(() -> redis.pipeline(List.of(Commands.set("a", "1"), Commands.set("k", big))))
                    .contains("over the limit"));
            assertTrue(message(() -> redis.set("k".getBytes(StandardCharsets.UTF_8), new byte[2048]))
                    .contains("2048 bytes"));
            assertTrue(message(() -> redis.set("k", "\u00e9".repeat(600))).contains("1200 bytes"), "UTF-8 bytes, not chars");
            redis.set("k", "v".repeat(1024)); // at the limit: sent
            assertEquals(1024, redis.get("k").length());
            assertEquals(0L, redis.exists("a"), "no part of a refused pipeline ran");
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void anEmptyCommandOrANullArgumentIsRefusedBeforeAnythingIsSent() {
        try (RedisClient redis = connect(server, 3)) {
            assertTrue(message(() -> redis.command(new String[0])).contains("at least its name"));
            assertTrue(message(() -> redis.command(new byte[0][])).contains("at least its name"));
            assertTrue(message(() -> redis.command("")).contains("empty"));
            assertTrue(message(() -> redis.command(new byte[0])).contains("empty"));
            assertTrue(message(() -> redis.command("SET", "k", null)).contains("argument 2"));
            assertTrue(message(() -> redis.command("GET".getBytes(StandardCharsets.US_ASCII), null)).contains("argument 1"));
            assertTrue(message(() -> redis.get((String) null)).contains("null"));
            assertTrue(message(() -> redis.set("k", null)).contains("null"));
            assertTrue(message(() -> redis.async().set(null, "v")).contains("null"));
            assertTrue(message(() -> redis.hset("h", Map.of())).contains("HSET"));
            assertTrue(message(() -> redis.mget(List.of())).contains("MGET"));
            assertTrue(message(() -> redis.mset(Map.of())).contains("MSET"));
            assertTrue(message(() -> redis.del()).contains("DEL"));
            assertTrue(message(() -> redis.sadd("s")).contains("SADD"));
            assertTrue(message(() -> redis.zadd("z", Map.of())).contains("ZADD"));
            assertTrue(message(() -> redis.blpop(Duration.ofSeconds(-1), "q")).contains("BLPOP"));
            assertTrue(message(() -> redis.pipeline(List.of())).contains("at least one command"));
            assertTrue(message(() -> redis.transaction(List.of())).contains("at least one command"));
            assertTrue(message(() -> redis.scan("*", -1)).contains("count"));
            assertEquals(0L, redis.exists("k"));
        }
        String stats = commandStats();
        for (String stat : Arrays.asList("set", "get", "hset", "mget", "mset", "del", "sadd", "zadd", "blpop")) {
            assertFalse(stats.contains("cmdstat_" + stat + ":"), stat + " reached the server: " + stats);
        }
    }

    @Test
    void setOptionsRefuseConflictingChoices() {
        SetOptions ex = SetOptions.none().expireAfter(Duration.ofSeconds(1));
        assertTrue(message(() -> ex.expireAfter(Duration.ofSeconds(2))).contains("one of EX, PX and KEEPTTL"));
        assertTrue(message(ex::keepTtl).contains("one of EX, PX and KEEPTTL"));
        assertTrue(message(() -> SetOptions.none().keepTtl().expireAfter(Duration.ofSeconds(1)))
                .contains("one of EX, PX and KEEPTTL"));
        assertTrue(message(() -> SetOptions.none().onlyIfAbsent().onlyIfPresent()).contains("one of NX and XX"));
        assertTrue(message(() -> SetOptions.none().expireAfter(Duration.ZERO)).contains("positive"));
        assertTrue(message(() -> SetOptions.none().expireAfter(null)).contains("positive"));
    }

    @Test
    void theDedicatedConnectionOfAWatchTransactionAllowsWatchButTheSharedOneNever() {
        try (RedisClient redis = connect(server, 3)) {
            redis.set("w", "1");
            var result = redis.watchTransaction(List.of("w"), reads -> {
                // the body's client is the dedicated connection: WATCH of more keys is allowed there
                reads.command("WATCH", "w2");
                return List.of(Commands.incr("w"));
            });
            assertEquals(List.of(2L), result.orElseThrow());
            assertThrows(IllegalArgumentException.class, () -> redis.command("WATCH", "w"));
        }
    }
}
