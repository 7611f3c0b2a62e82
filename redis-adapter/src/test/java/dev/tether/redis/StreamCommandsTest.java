package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.assertValue;
import dev.tether.redis.RedisTestSupport.Face;
import static dev.tether.redis.RedisTestSupport.PROTOCOLS_AND_FACES;
import static dev.tether.redis.RedisTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream commands against a real server, under RESP2 and RESP3, through the sync and the
 * async face: XREAD's RESP3 map and XINFO's RESP3 map must give the same values as RESP2's arrays.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class StreamCommandsTest {

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    /** Fields in a deliberate non-alphabetical order, to see that order kept. */
    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static List<String> ids(List<StreamEntry> entries) {
        return entries.stream().map(StreamEntry::id).toList();
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void entries_are_added_ranged_trimmed_and_deleted(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Map<String, String> f1 = fields("zeta", "1", "alpha", "2", "mid", "3");
            assertEquals("1-0", face.call(redis, c -> c.xadd("s", "1-0", f1), a -> a.xadd("s", "1-0", f1)));
            assertEquals("2-0", face.call(redis, c -> c.xadd("s", "2-0", fields("k", "v2")), a -> a.xadd("s", "2-0", fields("k", "v2"))));
            assertEquals("3-0", face.call(redis, c -> c.xadd("s", "3-0", fields("k", "v3")), a -> a.xadd("s", "3-0", fields("k", "v3"))));
            String auto = face.call(redis, c -> c.xadd("s", "*", fields("k", "v4")), a -> a.xadd("s", "*", fields("k", "v4")));
            assertTrue(auto.matches("\\d+-\\d+"), auto);

            List<StreamEntry> all = face.call(redis, c -> c.xrange("s", "-", "+"), a -> a.xrange("s", "-", "+"));
            assertEquals(List.of("1-0", "2-0", "3-0", auto), ids(all));
            assertEquals(new StreamEntry("1-0", f1), all.get(0));
            assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(all.get(0).fields().keySet()), "field order kept");
            assertEquals(List.of("2-0", "3-0"), ids(face.call(redis, c -> c.xrange("s", "2", "+", 2), a -> a.xrange("s", "2", "+", 2))));
            assertEquals(List.of(auto, "3-0"), ids(face.call(redis, c -> c.xrevrange("s", "+", "-", 2), a -> a.xrevrange("s", "+", "-", 2))));
            assertEquals(List.of("3-0", "2-0", "1-0"), ids(face.call(redis, c -> c.xrevrange("s", "3-0", "-"), a -> a.xrevrange("s", "3-0", "-"))));
            assertValue(4L, face.call(redis, c -> c.xlen("s"), a -> a.xlen("s")));
            assertValue(0L, face.call(redis, c -> c.xlen("missing"), a -> a.xlen("missing")));

            assertValue(1L, face.call(redis, c -> c.xdel("s", "2-0", "9-0"), a -> a.xdel("s", "2-0", "9-0")));
            StreamTrim keepTwo = StreamTrim.maxLen(2);
            assertValue(1L, face.call(redis, c -> c.xtrim("s", keepTwo), a -> a.xtrim("s", keepTwo)));
            assertEquals(List.of("3-0", auto), ids(redis.xrange("s", "-", "+")));
            StreamTrim belowAuto = StreamTrim.minId(auto);
            assertValue(1L, face.call(redis, c -> c.xtrim("s", belowAuto), a -> a.xtrim("s", belowAuto)));
            StreamTrim approx = StreamTrim.maxLen(1).approximate().limit(10);
            assertValue(0L, face.call(redis, c -> c.xtrim("s", approx), a -> a.xtrim("s", approx)), "one entry is within MAXLEN ~ 1");

            XAddOptions noMk = XAddOptions.none().noMkStream();
            assertNull(face.call(redis, c -> c.xadd("absent", "*", fields("a", "b"), noMk), a -> a.xadd("absent", "*", fields("a", "b"), noMk)));
            assertEquals(0L, redis.exists("absent"));
            XAddOptions capped = XAddOptions.none().trim(StreamTrim.maxLen(1));
            String last = face.call(redis, c -> c.xadd("s", "*", fields("x", "y"), capped), a -> a.xadd("s", "*", fields("x", "y"), capped));
            assertEquals(List.of(new StreamEntry(last, Map.of("x", "y"))), redis.xrange("s", "-", "+"), "MAXLEN = 1 keeps the new entry only");
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void xread_returns_several_streams_in_the_order_asked(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.xadd("b", "1-0", fields("f", "b1"));
            redis.xadd("b", "2-0", fields("f", "b2"));
            redis.xadd("a", "1-0", fields("f", "a1"));
            Map<String, String> fromStart = fields("b", "0", "a", "0");
            StreamReadOptions one = StreamReadOptions.none().count(1);
            Map<String, List<StreamEntry>> read = face.call(redis, c -> c.xread(fromStart, one), a -> a.xread(fromStart, one));
            assertEquals(List.of("b", "a"), List.copyOf(read.keySet()));
            assertEquals(List.of(new StreamEntry("1-0", Map.of("f", "b1"))), read.get("b"));
            assertEquals(List.of(new StreamEntry("1-0", Map.of("f", "a1"))), read.get("a"));

            Map<String, String> after = fields("a", "1-0", "b", "1-0");
            StreamReadOptions none = StreamReadOptions.none();
            Map<String, List<StreamEntry>> rest = face.call(redis, c -> c.xread(after, none), a -> a.xread(after, none));
            assertEquals(Map.of("b", List.of(new StreamEntry("2-0", Map.of("f", "b2")))), rest, "streams with nothing new are left out");
            Map<String, String> atEnd = fields("a", "$", "b", "$");
            assertEquals(Map.of(), face.call(redis, c -> c.xread(atEnd, none), a -> a.xread(atEnd, none)));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void a_consumer_group_reads_acknowledges_and_claims(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertEquals(true, face.call(redis, c -> c.xgroupCreate("s", "g", "$", true), a -> a.xgroupCreate("s", "g", "$", true)));
            RedisErrorException exists = assertThrows(RedisErrorException.class, () -> face.call(redis,
                    c -> c.xgroupCreate("s", "g", "0", false), a -> a.xgroupCreate("s", "g", "0", false)));
            assertEquals("BUSYGROUP", exists.code());
            assertEquals(true, face.call(redis, c -> c.xgroupCreateConsumer("s", "g", "c1"), a -> a.xgroupCreateConsumer("s", "g", "c1")));
            assertEquals(false, face.call(redis, c -> c.xgroupCreateConsumer("s", "g", "c1"), a -> a.xgroupCreateConsumer("s", "g", "c1")));
            for (int i = 1; i <= 4; i++) {
                redis.xadd("s", i + "-0", fields("n", Integer.toString(i)));
            }

            Map<String, String> fresh = Map.of("s", ">");
            StreamReadOptions three = StreamReadOptions.none().count(3);
            Map<String, List<StreamEntry>> got = face.call(redis, c -> c.xreadgroup("g", "c1", fresh, three),
                    a -> a.xreadgroup("g", "c1", fresh, three));
            assertEquals(List.of("1-0", "2-0", "3-0"), ids(got.get("s")));
            assertEquals(Map.of("n", "1"), got.get("s").get(0).fields());

            StreamPendingSummary summary = face.call(redis, c -> c.xpending("s", "g"), a -> a.xpending("s", "g"));
            assertEquals(new StreamPendingSummary(3, "1-0", "3-0", Map.of("c1", 3L)), summary);
            StreamPendingQuery ofC1 = StreamPendingQuery.range("-", "+", 10).minIdle(Duration.ZERO).consumer("c1");
            List<StreamPendingEntry> pending = face.call(redis, c -> c.xpending("s", "g", ofC1), a -> a.xpending("s", "g", ofC1));
            assertEquals(List.of("1-0", "2-0", "3-0"), pending.stream().map(StreamPendingEntry::id).toList());
            assertEquals("c1", pending.get(0).consumer());
            assertEquals(1L, pending.get(0).deliveries());
            assertTrue(pending.get(0).idleMillis() >= 0);

            assertValue(1L, face.call(redis, c -> c.xack("s", "g", "1-0"), a -> a.xack("s", "g", "1-0")));
            assertValue(0L, face.call(redis, c -> c.xack("s", "g", "1-0"), a -> a.xack("s", "g", "1-0")));

            List<StreamEntry> claimed = face.call(redis, c -> c.xclaim("s", "g", "c2", Duration.ZERO, "2-0"),
                    a -> a.xclaim("s", "g", "c2", Duration.ZERO, "2-0"));
            assertEquals(List.of(new StreamEntry("2-0", Map.of("n", "2"))), claimed);
            assertEquals(List.of("3-0"), face.call(redis, c -> c.xclaimJustId("s", "g", "c2", Duration.ZERO, "3-0"),
                    a -> a.xclaimJustId("s", "g", "c2", Duration.ZERO, "3-0")));
            Duration hour = Duration.ofHours(1);
            assertEquals(List.of(), face.call(redis, c -> c.xclaim("s", "g", "c1", hour, "2-0"), a -> a.xclaim("s", "g", "c1", hour, "2-0")),
                    "nothing has been idle for an hour");
            assertEquals(Map.of("c2", 2L), redis.xpending("s", "g").consumers());

            // Its own pending history (id 0), then an entry deleted while pending.
            Map<String, String> history = Map.of("s", "0");
            StreamReadOptions none = StreamReadOptions.none();
            assertEquals(List.of("2-0", "3-0"), ids(face.call(redis, c -> c.xreadgroup("g", "c2", history, none),
                    a -> a.xreadgroup("g", "c2", history, none)).get("s")));
            redis.xdel("s", "3-0");
            StreamAutoClaim auto = face.call(redis, c -> c.xautoclaim("s", "g", "c3", Duration.ZERO, "0-0", 10),
                    a -> a.xautoclaim("s", "g", "c3", Duration.ZERO, "0-0", 10));
            assertEquals("0-0", auto.nextId());
            assertEquals(List.of(new StreamEntry("2-0", Map.of("n", "2"))), auto.entries());
            assertEquals(List.of("3-0"), auto.deletedIds());

            // NOACK: delivered, but not pending.
            StreamReadOptions noAck = StreamReadOptions.none().noAck();
            assertEquals(List.of("4-0"), ids(face.call(redis, c -> c.xreadgroup("g", "c1", fresh, noAck),
                    a -> a.xreadgroup("g", "c1", fresh, noAck)).get("s")));
            assertEquals(Map.of(), face.call(redis, c -> c.xreadgroup("g", "c1", fresh, noAck), a -> a.xreadgroup("g", "c1", fresh, noAck)));
            assertEquals(new StreamPendingSummary(1, "2-0", "2-0", Map.of("c3", 1L)), redis.xpending("s", "g"));

            assertValue(1L, face.call(redis, c -> c.xgroupDelConsumer("s", "g", "c3"), a -> a.xgroupDelConsumer("s", "g", "c3")));
            assertEquals(new StreamPendingSummary(0, null, null, Map.of()), redis.xpending("s", "g"));
            assertEquals(true, face.call(redis, c -> c.xgroupDestroy("s", "g"), a -> a.xgroupDestroy("s", "g")));
            assertEquals(false, face.call(redis, c -> c.xgroupDestroy("s", "g"), a -> a.xgroupDestroy("s", "g")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void xinfo_stream_is_one_record_under_both_protocols(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.xgroupCreate("empty", "g", "0", true);
            StreamInfo empty = face.call(redis, c -> c.xinfoStream("empty"), a -> a.xinfoStream("empty"));
            assertEquals(new StreamInfo(0, 1, "0-0", null, null), empty);

            redis.xadd("s", "5-1", fields("b", "1", "a", "2"));
            redis.xadd("s", "6-0", fields("k", "v"));
            redis.xadd("s", "7-0", fields("k", "gone"));
            redis.xdel("s", "7-0");
            StreamInfo info = face.call(redis, c -> c.xinfoStream("s"), a -> a.xinfoStream("s"));
            assertEquals(new StreamInfo(2, 0, "7-0", new StreamEntry("5-1", fields("b", "1", "a", "2")),
                    new StreamEntry("6-0", Map.of("k", "v"))), info);
            RedisErrorException missing = assertThrows(RedisErrorException.class,
                    () -> face.call(redis, c -> c.xinfoStream("nope"), a -> a.xinfoStream("nope")));
            assertEquals("ERR", missing.code());
        }
    }

    @Test
    void bad_arguments_are_refused_before_anything_is_sent() {
        assertEquals("XADD needs at least one field",
                assertThrows(IllegalArgumentException.class, () -> Commands.xadd("s", "*", Map.of())).getMessage());
        assertEquals("XREAD has no NOACK (only XREADGROUP has)", assertThrows(IllegalArgumentException.class,
                () -> Commands.xread(Map.of("s", "0"), StreamReadOptions.none().noAck())).getMessage());
        assertEquals("XREAD needs at least one stream", assertThrows(IllegalArgumentException.class,
                () -> Commands.xread(Map.of(), StreamReadOptions.none())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamReadOptions.none().count(0));
        assertEquals("XRANGE COUNT must not be negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> Commands.xrange("s", "-", "+", -1)).getMessage());
        assertEquals("MAXLEN LIMIT needs approximate trimming (~)",
                assertThrows(IllegalArgumentException.class, () -> Commands.xtrim("s", StreamTrim.maxLen(5).limit(2))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamTrim.maxLen(-1));
        assertEquals("XCLAIM needs at least one id", assertThrows(IllegalArgumentException.class,
                () -> Commands.xclaim("s", "g", "c", Duration.ZERO, List.of())).getMessage());
        assertEquals("XCLAIM min-idle-time must not be negative, got PT-1S", assertThrows(IllegalArgumentException.class,
                () -> Commands.xclaim("s", "g", "c", Duration.ofSeconds(-1), List.of("1-0"))).getMessage());
        assertEquals("XAUTOCLAIM count must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> Commands.xautoclaim("s", "g", "c", Duration.ZERO, "0-0", 0)).getMessage());
        assertEquals("group", assertThrows(NullPointerException.class,
                () -> Commands.xreadgroup(null, "c", Map.of("s", ">"), StreamReadOptions.none())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamPendingQuery.range("-", "+", 0));
        assertEquals(List.of("XADD", "s", "NOMKSTREAM", "MINID", "~", "9-0", "LIMIT", "100", "*", "f", "v"), words(
                Commands.xadd("s", "*", Map.of("f", "v"), XAddOptions.none().noMkStream().trim(StreamTrim.minId("9-0").approximate().limit(100)))));
        assertEquals(List.of("XPENDING", "s", "g", "IDLE", "1500", "-", "+", "5", "c"), words(
                Commands.xpending("s", "g", StreamPendingQuery.range("-", "+", 5).minIdle(Duration.ofMillis(1500)).consumer("c"))));
        assertEquals(List.of("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "NOACK", "STREAMS", "a", "b", ">", "0"), words(
                Commands.xreadgroup("g", "c", fields("a", ">", "b", "0"), StreamReadOptions.none().count(2).noAck())));
    }

    private static List<String> words(Command<?> command) {
        return java.util.stream.IntStream.range(0, command.argumentCount())
                .mapToObj(i -> new String(command.argument(i), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
