package dev.tether.redis;

import dev.tether.redis.RedisTestSupport.Face;
import static dev.tether.redis.RedisTestSupport.PROTOCOLS_AND_FACES;
import static dev.tether.redis.RedisTestSupport.assertValue;
import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.join;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every typed method of {@link RedisClient} and {@link RedisAsync} against a real server, under
 * RESP2 and RESP3, each assertion run through the sync and the async face alike: the typed
 * results must be the same whichever protocol is spoken (docs/redis-client.md, 'What it is built on').
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class CommandsTest {

    private RedisServer server;

    @BeforeEach
    void startFromAnEmptyServer(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    private static byte[] allByteValues() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void pingAnswersPongAndEchoReturnsItsOwnText(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue("PONG", face.call(redis, RedisClient::ping, RedisAsync::ping));
            String text = "héllo wörld ✓ " + protocol + face;
            assertValue(text, face.call(redis, c -> c.echo(text), a -> a.echo(text)));
            assertValue("", face.call(redis, c -> c.echo(""), a -> a.echo("")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void getAndSetRoundTripStringsAndBinaryValues(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertNull(face.call(redis, c -> c.get("missing"), a -> a.get("missing")));
            assertValue(true, face.call(redis, c -> c.set("s", "välue"), a -> a.set("s", "välue")));
            assertValue("välue", face.call(redis, c -> c.get("s"), a -> a.get("s")));

            byte[] key = {0, (byte) 0xff, '\r', '\n', ' ', '$'};
            byte[] value = allByteValues();
            assertValue(true, face.call(redis, c -> c.set(key, value), a -> a.set(key, value)));
            assertArrayEquals(value, face.call(redis, c -> c.get(key), a -> a.get(key)));
            byte[] missing = {1, 2, 3};
            assertNull(face.call(redis, c -> c.get(missing), a -> a.get(missing)));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void setOptionsApplyExpiryAndConditions(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            SetOptions ex = SetOptions.none().expireAfter(Duration.ofSeconds(100));
            assertValue(true, face.call(redis, c -> c.set("ex", "v", ex), a -> a.set("ex", "v", ex)));
            long ttl = redis.ttl("ex");
            assertTrue(ttl > 90 && ttl <= 100, "EX 100 should leave about 100 s, got " + ttl);

            SetOptions px = SetOptions.none().expireAfter(Duration.ofMillis(50_500));
            assertValue(true, face.call(redis, c -> c.set("px", "v", px), a -> a.set("px", "v", px)));
            long pttl = redis.pttl("px");
            assertTrue(pttl > 40_000 && pttl <= 50_500, "PX 50500 should leave about 50.5 s, got " + pttl);

            SetOptions nx = SetOptions.none().onlyIfAbsent();
            assertValue(false, face.call(redis, c -> c.set("ex", "other", nx), a -> a.set("ex", "other", nx)));
            assertEquals("v", redis.get("ex"));
            assertValue(true, face.call(redis, c -> c.set("nx", "new", nx), a -> a.set("nx", "new", nx)));
            assertEquals("new", redis.get("nx"));

            SetOptions xx = SetOptions.none().onlyIfPresent();
            assertValue(false, face.call(redis, c -> c.set("absent", "v", xx), a -> a.set("absent", "v", xx)));
            assertEquals(0L, redis.exists("absent"));
            assertValue(true, face.call(redis, c -> c.set("nx", "newer", xx), a -> a.set("nx", "newer", xx)));
            assertEquals("newer", redis.get("nx"));

            SetOptions keep = SetOptions.none().keepTtl();
            assertValue(true, face.call(redis, c -> c.set("ex", "kept", keep), a -> a.set("ex", "kept", keep)));
            assertEquals("kept", redis.get("ex"));
            assertTrue(redis.ttl("ex") > 90, "KEEPTTL should keep the time to live");
            assertTrue(redis.set("ex", "plain"));
            assertEquals(-1L, redis.ttl("ex"), "a plain SET clears the time to live");

            SetOptions exXx = SetOptions.none().expireAfter(Duration.ofSeconds(30)).onlyIfPresent();
            assertValue(true, face.call(redis, c -> c.set("ex", "both", exXx), a -> a.set("ex", "both", exXx)));
            assertTrue(redis.ttl("ex") > 20);
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void setGetReturnsThePreviousValue(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            SetOptions none = SetOptions.none();
            assertNull(face.call(redis, c -> c.setGet("sg", "one", none), a -> a.setGet("sg", "one", none)));
            assertValue("one", face.call(redis, c -> c.setGet("sg", "two", none), a -> a.setGet("sg", "two", none)));
            assertEquals("two", redis.get("sg"));
            SetOptions ex = SetOptions.none().expireAfter(Duration.ofSeconds(60));
            assertValue("two", face.call(redis, c -> c.setGet("sg", "three", ex), a -> a.setGet("sg", "three", ex)));
            assertTrue(redis.ttl("sg") > 50);
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void msetMgetDelAndExistsWorkOnSeveralKeys(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("a", "1");
            entries.put("b", "2");
            entries.put("c", "3");
            assertNull(face.call(redis, c -> {
                c.mset(entries);
                return null;
            }, a -> a.mset(entries)));
            List<String> keys = List.of("a", "missing", "c");
            assertEquals(Arrays.asList("1", null, "3"), face.call(redis, c -> c.mget(keys), a -> a.mget(keys)));
            assertValue(2L, face.call(redis, c -> c.exists("a", "b", "missing"), a -> a.exists("a", "b", "missing")));
            assertValue(1L, face.call(redis, c -> c.del("a", "missing"), a -> a.del("a", "missing")));
            assertValue(0L, face.call(redis, c -> c.exists("a"), a -> a.exists("a")));
            assertEquals(Arrays.asList(null, "2"), redis.mget(List.of("a", "b")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void expireAndTtlReportTimeToLive(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("k", "v");
            assertValue(-1L, face.call(redis, c -> c.ttl("k"), a -> a.ttl("k")));
            assertValue(-1L, face.call(redis, c -> c.pttl("k"), a -> a.pttl("k")));
            assertValue(-2L, face.call(redis, c -> c.ttl("missing"), a -> a.ttl("missing")));
            assertValue(-2L, face.call(redis, c -> c.pttl("missing"), a -> a.pttl("missing")));

            Duration hundred = Duration.ofSeconds(100);
            assertValue(true, face.call(redis, c -> c.expire("k", hundred), a -> a.expire("k", hundred)));
            assertValue(false, face.call(redis, c -> c.expire("missing", hundred), a -> a.expire("missing", hundred)));
            long ttl = face.call(redis, c -> c.ttl("k"), a -> a.ttl("k"));
            assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);

            Duration millis = Duration.ofMillis(42_000);
            assertValue(true, face.call(redis, c -> c.pexpire("k", millis), a -> a.pexpire("k", millis)));
            assertValue(false, face.call(redis, c -> c.pexpire("missing", millis), a -> a.pexpire("missing", millis)));
            long pttl = face.call(redis, c -> c.pttl("k"), a -> a.pttl("k"));
            assertTrue(pttl > 32_000 && pttl <= 42_000, "pttl " + pttl);
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void countersAndStringLengthsAreIntegers(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue(1L, face.call(redis, c -> c.incr("n"), a -> a.incr("n")));
            assertValue(11L, face.call(redis, c -> c.incrBy("n", 10), a -> a.incrBy("n", 10)));
            assertValue(10L, face.call(redis, c -> c.decr("n"), a -> a.decr("n")));
            assertValue(6L, face.call(redis, c -> c.decrBy("n", 4), a -> a.decrBy("n", 4)));
            assertValue(-9_000_000_000L, face.call(redis, c -> c.decrBy("big", 9_000_000_000L),
                    a -> a.decrBy("big", 9_000_000_000L)));
            assertEquals("6", redis.get("n"));

            assertValue(2L, face.call(redis, c -> c.append("str", "ab"), a -> a.append("str", "ab")));
            assertValue(4L, face.call(redis, c -> c.append("str", "cd"), a -> a.append("str", "cd")));
            assertEquals("abcd", redis.get("str"));
            assertValue(4L, face.call(redis, c -> c.strlen("str"), a -> a.strlen("str")));
            assertValue(0L, face.call(redis, c -> c.strlen("missing"), a -> a.strlen("missing")));

            RedisErrorException e = assertThrows(RedisErrorException.class,
                    () -> face.call(redis, c -> c.incr("str"), a -> a.incr("str")));
            assertEquals("ERR", e.code());
            assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void hashCommandsReturnMapsUnderBothProtocols(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Map<String, String> first = new LinkedHashMap<>();
            first.put("a", "1");
            first.put("b", "2");
            assertValue(2L, face.call(redis, c -> c.hset("h", first), a -> a.hset("h", first)));
            Map<String, String> second = Map.of("b", "2", "c", "3");
            assertValue(1L, face.call(redis, c -> c.hset("h", second), a -> a.hset("h", second)));

            assertValue("1", face.call(redis, c -> c.hget("h", "a"), a -> a.hget("h", "a")));
            assertNull(face.call(redis, c -> c.hget("h", "zz"), a -> a.hget("h", "zz")));
            assertEquals(Arrays.asList("1", null, "3"),
                    face.call(redis, c -> c.hmget("h", "a", "zz", "c"), a -> a.hmget("h", "a", "zz", "c")));

            Map<String, String> all = face.call(redis, c -> c.hgetall("h"), a -> a.hgetall("h"));
            assertInstanceOf(Map.class, all);
            assertEquals(Map.of("a", "1", "b", "2", "c", "3"), all);
            assertValue(Map.of(), face.call(redis, c -> c.hgetall("missing"), a -> a.hgetall("missing")));

            assertValue(1L, face.call(redis, c -> c.hdel("h", "a", "zz"), a -> a.hdel("h", "a", "zz")));
            assertValue(7L, face.call(redis, c -> c.hincrBy("h", "b", 5), a -> a.hincrBy("h", "b", 5)));
            assertValue(-1L, face.call(redis, c -> c.hincrBy("h", "new", -1), a -> a.hincrBy("h", "new", -1)));
            assertEquals(Map.of("b", "7", "c", "3", "new", "-1"), redis.hgetall("h"));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void listCommandsPushPopAndRange(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue(2L, face.call(redis, c -> c.lpush("l", "a", "b"), a -> a.lpush("l", "a", "b")));
            assertValue(4L, face.call(redis, c -> c.rpush("l", "c", "d"), a -> a.rpush("l", "c", "d")));
            assertEquals(List.of("b", "a", "c", "d"), face.call(redis, c -> c.lrange("l", 0, -1), a -> a.lrange("l", 0, -1)));
            assertEquals(List.of("a", "c"), face.call(redis, c -> c.lrange("l", 1, 2), a -> a.lrange("l", 1, 2)));
            assertValue(4L, face.call(redis, c -> c.llen("l"), a -> a.llen("l")));
            assertValue("b", face.call(redis, c -> c.lpop("l"), a -> a.lpop("l")));
            assertValue("d", face.call(redis, c -> c.rpop("l"), a -> a.rpop("l")));
            assertEquals(List.of("a", "c"), redis.lrange("l", 0, -1));
            assertNull(face.call(redis, c -> c.lpop("missing"), a -> a.lpop("missing")));
            assertNull(face.call(redis, c -> c.rpop("missing"), a -> a.rpop("missing")));
            assertValue(List.of(), face.call(redis, c -> c.lrange("missing", 0, -1), a -> a.lrange("missing", 0, -1)));
            assertValue(0L, face.call(redis, c -> c.llen("missing"), a -> a.llen("missing")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void blpopReturnsTheKeyAndValueOrNullAfterItsTimeout(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.rpush("queue", "job-1", "job-2");
            Duration second = Duration.ofSeconds(1);
            assertEquals(new KeyValue("queue", "job-1"),
                    face.call(redis, c -> c.blpop(second, "empty", "queue"), a -> a.blpop(second, "empty", "queue")));

            Duration short200 = Duration.ofMillis(200);
            long start = System.nanoTime();
            assertNull(face.call(redis, c -> c.blpop(short200, "empty"), a -> a.blpop(short200, "empty")));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(150).toNanos(),
                    "BLPOP 0.2 should block about 200 ms");
            // No stray reply: the next commands get their own replies.
            assertEquals("after-timeout", redis.echo("after-timeout"));
            assertEquals("job-2", redis.lpop("queue"));
            assertEquals("PONG", redis.ping());
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void setCommandsReturnSetsAndBooleans(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue(3L, face.call(redis, c -> c.sadd("s", "a", "b", "c"), a -> a.sadd("s", "a", "b", "c")));
            assertValue(0L, face.call(redis, c -> c.sadd("s", "a"), a -> a.sadd("s", "a")));
            Set<String> members = face.call(redis, c -> c.smembers("s"), a -> a.smembers("s"));
            assertInstanceOf(Set.class, members);
            assertEquals(Set.of("a", "b", "c"), members);
            assertValue(true, face.call(redis, c -> c.sismember("s", "a"), a -> a.sismember("s", "a")));
            assertValue(false, face.call(redis, c -> c.sismember("s", "z"), a -> a.sismember("s", "z")));
            assertValue(3L, face.call(redis, c -> c.scard("s"), a -> a.scard("s")));
            assertValue(1L, face.call(redis, c -> c.srem("s", "a", "z"), a -> a.srem("s", "a", "z")));
            assertEquals(Set.of("b", "c"), redis.smembers("s"));
            assertValue(Set.of(), face.call(redis, c -> c.smembers("missing"), a -> a.smembers("missing")));
            assertValue(0L, face.call(redis, c -> c.scard("missing"), a -> a.scard("missing")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void sortedSetCommandsReturnScoresAsDoubles(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("a", 1.0);
            scores.put("b", 2.5);
            assertValue(2L, face.call(redis, c -> c.zadd("z", scores), a -> a.zadd("z", scores)));
            assertValue(1L, face.call(redis, c -> c.zadd("z", 3, "c"), a -> a.zadd("z", 3, "c")));
            assertValue(0L, face.call(redis, c -> c.zadd("z", 3, "c"), a -> a.zadd("z", 3, "c")));

            assertEquals(List.of("a", "b", "c"), face.call(redis, c -> c.zrange("z", 0, -1), a -> a.zrange("z", 0, -1)));
            assertEquals(List.of(new ScoredValue("a", 1.0), new ScoredValue("b", 2.5), new ScoredValue("c", 3.0)),
                    face.call(redis, c -> c.zrangeWithScores("z", 0, -1), a -> a.zrangeWithScores("z", 0, -1)));
            assertValue(List.of(), face.call(redis, c -> c.zrangeWithScores("missing", 0, -1),
                    a -> a.zrangeWithScores("missing", 0, -1)));

            Double b = face.call(redis, c -> c.zscore("z", "b"), a -> a.zscore("z", "b"));
            assertEquals(2.5, b);
            assertNull(face.call(redis, c -> c.zscore("z", "nobody"), a -> a.zscore("z", "nobody")));
            assertValue(2.5, face.call(redis, c -> c.zincrBy("z", 1.5, "a"), a -> a.zincrBy("z", 1.5, "a")));
            assertValue(-0.25, face.call(redis, c -> c.zincrBy("z", -0.25, "new"), a -> a.zincrBy("z", -0.25, "new")));

            redis.zadd("z", Double.POSITIVE_INFINITY, "top");
            assertValue(Double.POSITIVE_INFINITY, face.call(redis, c -> c.zscore("z", "top"), a -> a.zscore("z", "top")));
            redis.zadd("z", 0.1, "tenth");
            assertValue(0.1, face.call(redis, c -> c.zscore("z", "tenth"), a -> a.zscore("z", "tenth")));

            assertValue(2L, face.call(redis, c -> c.zrem("z", "a", "top", "nobody"), a -> a.zrem("z", "a", "top", "nobody")));
            assertValue(4L, face.call(redis, c -> c.zcard("z"), a -> a.zcard("z")));
            assertEquals(List.of("new", "tenth", "b", "c"), redis.zrange("z", 0, -1));
            assertValue(0L, face.call(redis, c -> c.zcard("missing"), a -> a.zcard("missing")));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void scanFindsEveryMatchingKeyAcrossPages(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            Set<String> expected = new HashSet<>();
            Map<String, String> batch = new LinkedHashMap<>();
            for (int i = 0; i < 250; i++) {
                expected.add("scan:" + i);
                batch.put("scan:" + i, "v" + i);
            }
            for (int i = 0; i < 30; i++) {
                batch.put("other:" + i, "x");
            }
            redis.mset(batch);

            Set<String> found = new HashSet<>();
            int pagesWorth = 0;
            var matching = redis.scan("scan:*", 20);
            while (matching.hasNext() && pagesWorth++ < 10_000) {
                found.add(matching.next());
            }
            assertEquals(expected, found);

            Set<String> everything = new HashSet<>();
            var all = redis.scan();
            for (int i = 0; i < 10_000 && all.hasNext(); i++) {
                everything.add(all.next());
            }
            assertEquals(280, everything.size());

            var none = redis.scan("nothing:*", 50);
            assertFalse(none.hasNext());
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void genericCommandReturnsTheRawReply(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Function<RedisClient, RespValue> set = c -> c.command("SET", "g", "v");
            assertValue(RespSimpleString.OK, face.call(redis, set, a -> a.executeAsync(Command.of("SET", "g", "v"))));
            assertValue(RespBulkString.of("v"), face.call(redis, c -> c.command("GET", "g"),
                    a -> a.executeAsync(Command.of("GET", "g"))));
            assertValue(RespNull.INSTANCE, face.call(redis, c -> c.command("GET", "missing"),
                    a -> a.executeAsync(Command.of("GET", "missing"))));
            assertValue("v", face.call(redis, c -> c.execute(Commands.get("g")), a -> a.executeAsync(Commands.get("g"))));
            // lower-case command names work like upper-case ones
            assertEquals(RespBulkString.of("v"), redis.command("get", "g"));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void genericByteCommandIsBinarySafeForAllByteValues(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            byte[] value = allByteValues();
            byte[] key = "bin\r\n\0key".getBytes(StandardCharsets.ISO_8859_1);
            byte[] setName = "SET".getBytes(StandardCharsets.US_ASCII);
            byte[] getName = "GET".getBytes(StandardCharsets.US_ASCII);
            assertValue(RespSimpleString.OK, face.call(redis, c -> c.command(setName, key, value),
                    a -> a.executeAsync(Command.of(setName, key, value))));
            RespValue reply = face.call(redis, c -> c.command(getName, key), a -> a.executeAsync(Command.of(getName, key)));
            RespBulkString bulk = assertInstanceOf(RespBulkString.class, reply);
            assertArrayEquals(value, bulk.bytes());
            assertEquals(256L, redis.strlen(new String(key, StandardCharsets.ISO_8859_1)));

            // every byte value also round-trips as a one-byte value, including CR, LF and 0
            for (int i = 0; i < 256; i++) {
                byte[] one = {(byte) i};
                redis.command(setName, key, one);
                assertArrayEquals(one, redis.get(key), "byte " + i);
            }
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void aServerErrorIsARedisErrorExceptionWithItsCode(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("str", "text");
            RedisErrorException wrongType = assertThrows(RedisErrorException.class,
                    () -> face.call(redis, c -> c.lpush("str", "x"), a -> a.lpush("str", "x")));
            assertEquals("WRONGTYPE", wrongType.code());
            assertEquals("WRONGTYPE", wrongType.error().code());
            assertTrue(wrongType.getMessage().startsWith("WRONGTYPE"), wrongType.getMessage());

            RedisErrorException unknown = assertThrows(RedisErrorException.class,
                    () -> face.call(redis, c -> c.command("NOSUCHCOMMAND", "x"),
                            a -> a.executeAsync(Command.of("NOSUCHCOMMAND", "x"))));
            assertEquals("ERR", unknown.code());
            assertTrue(unknown.getMessage().toLowerCase().contains("unknown command"), unknown.getMessage());

            // the connection is fine: the next command gets its own reply
            assertEquals("text", redis.get("str"));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void largeValuesRoundTripAndLaterRepliesStayInOrder(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            String text = "0123456789abcdef".repeat(5 * 1024 * 1024 / 16); // 5 MiB
            byte[] binary = new byte[3 * 1024 * 1024 + 7];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (i * 31);
            }
            byte[] binaryKey = "big-binary".getBytes(StandardCharsets.US_ASCII);
            assertValue(true, face.call(redis, c -> c.set("big", text), a -> a.set("big", text)));
            assertValue(true, face.call(redis, c -> c.set(binaryKey, binary), a -> a.set(binaryKey, binary)));
            CompletableFuture<String> bigAsync = redis.async().get("big");
            CompletableFuture<String> small = redis.async().echo("small after big");
            assertEquals(text, face.call(redis, c -> c.get("big"), a -> a.get("big")));
            assertArrayEquals(binary, face.call(redis, c -> c.get(binaryKey), a -> a.get(binaryKey)));
            assertEquals(text, join(bigAsync));
            assertEquals("small after big", join(small));
            assertValue((long) text.length(), redis.strlen("big"));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aConverterThatThrowsFailsOnlyItsOwnCommand(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            Command<String> broken = Command.of(reply -> {
                throw new IllegalStateException("cannot convert " + reply);
            }, "ECHO", "x");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> redis.execute(broken));
            assertTrue(e.getMessage().contains("cannot convert"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> join(redis.async().executeAsync(broken)));
            List<Object> results = redis.pipeline(List.of(broken, Commands.echo("y")));
            assertInstanceOf(IllegalStateException.class, results.get(0));
            assertEquals("y", results.get(1));
            assertEquals("z", redis.echo("z"));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void fireAndForgetIsSentInOrderAndItsReplyIsDropped(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.fireAndForget(Commands.set("ff", "1"));
            redis.fireAndForget(Command.of("LPUSH", "ff", "x")); // WRONGTYPE, logged and dropped
            redis.fireAndForget(Commands.incr("ff"));
            assertEquals("ff-echo", redis.echo("ff-echo"));
            assertEquals("2", redis.get("ff"));
        }
    }

    @Test
    void typedResultsAreEqualUnderResp2AndResp3() {
        try (RedisClient two = connect(server, 2); RedisClient three = connect(server, 3)) {
            two.hset("h", Map.of("a", "1", "b", "2"));
            two.zadd("z", Map.of("m1", 1.5, "m2", 2.0, "m3", Double.NEGATIVE_INFINITY));
            two.sadd("s", "x", "y");
            two.rpush("l", "1", "2", "3");
            two.set("k", "v");
            two.expire("k", Duration.ofSeconds(500));

            List<Function<RedisClient, Object>> reads = List.of(
                    c -> c.ping(),
                    c -> c.echo("e"),
                    c -> c.get("k"),
                    c -> c.get("nope"),
                    c -> c.mget(List.of("k", "nope")),
                    c -> c.exists("k", "h"),
                    c -> c.hgetall("h"),
                    c -> c.hgetall("nope"),
                    c -> c.hmget("h", "a", "zz"),
                    c -> c.hget("h", "b"),
                    c -> c.zrangeWithScores("z", 0, -1),
                    c -> c.zrange("z", 0, -1),
                    c -> c.zscore("z", "m1"),
                    c -> c.zscore("z", "m3"),
                    c -> c.zscore("z", "nope"),
                    c -> c.zcard("z"),
                    c -> c.smembers("s"),
                    c -> c.sismember("s", "x"),
                    c -> c.sismember("s", "q"),
                    c -> c.scard("s"),
                    c -> c.lrange("l", 0, -1),
                    c -> c.llen("l"),
                    c -> c.strlen("k"),
                    c -> c.blpop(Duration.ofMillis(100), "nope"),
                    c -> c.ttl("nope"),
                    c -> c.expire("nope", Duration.ofSeconds(1)));
            for (int i = 0; i < reads.size(); i++) {
                Object viaTwo = reads.get(i).apply(two);
                Object viaThree = reads.get(i).apply(three);
                assertEquals(viaTwo, viaThree, "read #" + i);
                if (viaTwo != null) {
                    assertEquals(viaTwo.getClass(), viaThree.getClass(), "type of read #" + i);
                }
            }
            assertEquals(two.ttl("k") > 0, three.ttl("k") > 0);
            assertInstanceOf(Map.class, three.hgetall("h"));
            assertInstanceOf(Double.class, two.zscore("z", "m1"));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void manyAsyncCommandsFromOneThreadCompleteInOrderWithTheirOwnReplies(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            List<CompletableFuture<String>> echoes = new ArrayList<>();
            List<CompletableFuture<Long>> counts = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                echoes.add(redis.async().echo("e" + i));
                counts.add(redis.async().incr("counter"));
            }
            IntStream.range(0, 5_000).forEach(i -> {
                assertEquals("e" + i, join(echoes.get(i)));
                assertEquals(i + 1L, join(counts.get(i)));
            });
        }
    }
}
