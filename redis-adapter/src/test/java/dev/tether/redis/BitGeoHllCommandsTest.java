package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.PROTOCOLS_AND_FACES;
import static dev.tether.redis.RedisTestSupport.assertValue;
import static dev.tether.redis.RedisTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.RedisTestSupport.Face;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HyperLogLog, bitmap and geo commands (and PUBLISH/SPUBLISH, parked with geo) against a real
 * server, under RESP2 and RESP3, through the sync and the async face.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class BitGeoHllCommandsTest {

    private static final double EPSILON = 1e-3;

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void hyperLogLogsCountDistinctElementsAndMerge(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue(true, face.call(redis, c -> c.pfadd("h1", "a", "b", "c"), x -> x.pfadd("h1", "a", "b", "c")));
            assertValue(false, face.call(redis, c -> c.pfadd("h1", "a"), x -> x.pfadd("h1", "a")));
            redis.pfadd("h2", "c", "d");
            assertValue(3L, face.call(redis, c -> c.pfcount("h1"), x -> x.pfcount("h1")));
            assertValue(4L, face.call(redis, c -> c.pfcount("h1", "h2"), x -> x.pfcount("h1", "h2")));
            assertValue(0L, face.call(redis, c -> c.pfcount("missing"), x -> x.pfcount("missing")));
            face.call(redis, c -> {
                c.pfmerge("merged", "h1", "h2");
                return null;
            }, x -> x.pfmerge("merged", "h1", "h2"));
            assertValue(4L, redis.pfcount("merged"));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void bitsAreSetCountedFoundAndCombined(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue(false, face.call(redis, c -> c.setbit("b", 7, true), x -> x.setbit("b", 7, true)));
            assertValue(true, face.call(redis, c -> c.setbit("b", 7, false), x -> x.setbit("b", 7, false)));
            redis.setbit("b", 100, true);
            assertValue(true, face.call(redis, c -> c.getbit("b", 100), x -> x.getbit("b", 100)));
            assertValue(false, face.call(redis, c -> c.getbit("b", 99_999), x -> x.getbit("b", 99_999)));

            redis.set("foo", "foobar");
            assertValue(26L, face.call(redis, c -> c.bitcount("foo"), x -> x.bitcount("foo")));
            assertValue(6L, face.call(redis, c -> c.bitcount("foo", 1, 1, BitUnit.BYTE), x -> x.bitcount("foo", 1, 1, BitUnit.BYTE)));
            assertValue(17L, face.call(redis, c -> c.bitcount("foo", 5, 30, BitUnit.BIT), x -> x.bitcount("foo", 5, 30, BitUnit.BIT)));

            redis.set("p".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xf0, 0});
            assertValue(12L, face.call(redis, c -> c.bitpos("p", false), x -> x.bitpos("p", false)));
            assertValue(0L, face.call(redis, c -> c.bitpos("p", true), x -> x.bitpos("p", true)));
            assertValue(-1L, face.call(redis, c -> c.bitpos("p", true, 2, -1, BitUnit.BYTE), x -> x.bitpos("p", true, 2, -1, BitUnit.BYTE)));
            assertValue(7L, face.call(redis, c -> c.bitpos("p", true, 7, 15, BitUnit.BIT), x -> x.bitpos("p", true, 7, 15, BitUnit.BIT)));

            redis.setbit("x", 0, true);
            redis.setbit("y", 1, true);
            assertValue(1L, face.call(redis, c -> c.bitop(BitOperation.OR, "or", "x", "y"), x -> x.bitop(BitOperation.OR, "or", "x", "y")));
            assertTrue(redis.getbit("or", 0) && redis.getbit("or", 1));
            assertValue(1L, face.call(redis, c -> c.bitop(BitOperation.AND, "and", "x", "y"), x -> x.bitop(BitOperation.AND, "and", "x", "y")));
            assertValue(0L, redis.bitcount("and"));
            redis.bitop(BitOperation.XOR, "xor", "x", "or");
            assertValue(1L, redis.bitcount("xor"));
            assertValue(1L, face.call(redis, c -> c.bitop(BitOperation.NOT, "not", "x"), x -> x.bitop(BitOperation.NOT, "not", "x")));
            assertValue(7L, redis.bitcount("not"));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void bitfieldGetsSetsAndIncrementsWithEachOverflow(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            BitField ops = BitField.create()
                    .set("u8", 0, 200)
                    .get("u8", 0)
                    .incrBy("u8", 0, 100) // wraps: 300 - 256
                    .overflow(BitField.Overflow.SAT).incrBy("u8", 0, 250)
                    .overflow(BitField.Overflow.FAIL).incrBy("u8", 0, 1)
                    .get("i8", 0)
                    .set("i16", 8, -300);
            assertValue(Arrays.asList(0L, 200L, 44L, 255L, null, -1L, 0L),
                    face.call(redis, c -> c.bitfield("bf", ops), x -> x.bitfield("bf", ops)));
            BitField read = BitField.create().get("i16", 8).get("u4", 0);
            assertValue(List.of(-300L, 15L), face.call(redis, c -> c.bitfield("bf", read), x -> x.bitfield("bf", read)));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void geoAddsSearchesMeasuresAndLocates(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            GeoLocation palermo = new GeoLocation("Palermo", 13.361389, 38.115556);
            GeoLocation catania = new GeoLocation("Catania", 15.087269, 37.502669);
            GeoAddOptions none = GeoAddOptions.none();
            assertValue(2L, face.call(redis, c -> c.geoadd("sicily", none, palermo, catania), x -> x.geoadd("sicily", none, palermo, catania)));
            GeoAddOptions nx = GeoAddOptions.none().onlyIfAbsent();
            GeoLocation moved = new GeoLocation("Palermo", 13.5, 38.1);
            assertValue(0L, face.call(redis, c -> c.geoadd("sicily", nx, moved), x -> x.geoadd("sicily", nx, moved)));
            GeoAddOptions xxCh = GeoAddOptions.none().onlyIfPresent().countChanged();
            GeoLocation nowhere = new GeoLocation("Nowhere", 0, 0);
            assertValue(0L, face.call(redis, c -> c.geoadd("sicily", xxCh, nowhere), x -> x.geoadd("sicily", xxCh, nowhere)));
            assertValue(1L, face.call(redis, c -> c.geoadd("sicily", xxCh, palermo, moved), x -> x.geoadd("sicily", xxCh, palermo, moved)));
            redis.geoadd("sicily", GeoAddOptions.none(), palermo);

            Double km = face.call(redis, c -> c.geodist("sicily", "Palermo", "Catania", GeoUnit.KM),
                    x -> x.geodist("sicily", "Palermo", "Catania", GeoUnit.KM));
            assertEquals(166.2742, km, EPSILON);
            assertNull(face.call(redis, c -> c.geodist("sicily", "Palermo", "Rome", GeoUnit.M), x -> x.geodist("sicily", "Palermo", "Rome", GeoUnit.M)));

            List<GeoPosition> positions = face.call(redis, c -> c.geopos("sicily", "Catania", "Rome"), x -> x.geopos("sicily", "Catania", "Rome"));
            assertEquals(2, positions.size());
            assertEquals(15.087269, positions.get(0).longitude(), EPSILON);
            assertEquals(37.502669, positions.get(0).latitude(), EPSILON);
            assertNull(positions.get(1));

            GeoSearch near = GeoSearch.fromLonLat(15, 37).byRadius(200, GeoUnit.KM).ascending().withDistance().withCoordinates();
            List<GeoResult> found = face.call(redis, c -> c.geosearch("sicily", near), x -> x.geosearch("sicily", near));
            assertEquals(List.of("Catania", "Palermo"), found.stream().map(GeoResult::member).toList());
            assertEquals(56.4413, found.get(0).distance(), EPSILON);
            assertEquals(190.4424, found.get(1).distance(), EPSILON);
            assertEquals(13.361389, found.get(1).position().longitude(), EPSILON);
            assertEquals(38.115556, found.get(1).position().latitude(), EPSILON);

            GeoSearch far = GeoSearch.fromMember("Catania").byBox(400, 400, GeoUnit.KM).descending().count(1);
            assertValue(List.of(new GeoResult("Palermo", null, null)), face.call(redis, c -> c.geosearch("sicily", far), x -> x.geosearch("sicily", far)));
            GeoSearch onlyDist = GeoSearch.fromMember("Palermo").byRadius(10, GeoUnit.MI).countAny(5).withDistance();
            List<GeoResult> self = face.call(redis, c -> c.geosearch("sicily", onlyDist), x -> x.geosearch("sicily", onlyDist));
            assertEquals(1, self.size());
            assertEquals("Palermo", self.get(0).member());
            assertEquals(0.0, self.get(0).distance(), EPSILON);
            assertNull(self.get(0).position());
            assertValue(List.of(), face.call(redis, c -> c.geosearch("missing", near), x -> x.geosearch("missing", near)));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void publishCountsTheSubscribersThatGotTheMessage(int protocol, Face face) throws IOException {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue(0L, face.call(redis, c -> c.publish("news", "hi"), x -> x.publish("news", "hi")));
            assertValue(0L, face.call(redis, c -> c.spublish("shard-news", "hi"), x -> x.spublish("shard-news", "hi")));
            try (Socket subscriber = new Socket(server.host(), server.port())) {
                subscriber.setSoTimeout(5_000);
                subscribe(subscriber, "SUBSCRIBE", "news");
                subscribe(subscriber, "SSUBSCRIBE", "shard-news");
                assertValue(1L, face.call(redis, c -> c.publish("news", "hi"), x -> x.publish("news", "hi")));
                assertValue(1L, face.call(redis, c -> c.spublish("shard-news", "hi"), x -> x.spublish("shard-news", "hi")));
            }
        }
    }

    /** Sends a RESP2 subscribe on a bare socket and reads up to its confirmation (which ends in the count). */
    private static void subscribe(Socket socket, String command, String channel) throws IOException {
        String frame = "*2\r\n$" + command.length() + "\r\n" + command + "\r\n$" + channel.length() + "\r\n" + channel + "\r\n";
        socket.getOutputStream().write(frame.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder got = new StringBuilder();
        int lines = 0;
        while (lines < 7) { // *3, $n, kind, $n, channel, :count
            int b = in.read();
            if (b < 0) {
                throw new IOException("subscriber closed after " + got);
            }
            got.append((char) b);
            if (b == '\n') {
                lines++;
                if (got.toString().contains("\r\n:")) {
                    break;
                }
            }
        }
        assertTrue(got.toString().contains(channel), got.toString());
    }

    @Test
    void badArgumentsAreRefusedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> Commands.pfadd("h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Commands.pfcount(List.of()));
        assertEquals("SETBIT offset must not be negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> Commands.setbit("b", -1, true)).getMessage());
        assertEquals("BITOP NOT takes exactly one key, got 2",
                assertThrows(IllegalArgumentException.class, () -> Commands.bitop(BitOperation.NOT, "d", List.of("a", "b"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Commands.bitop(BitOperation.AND, "d", List.of()));
        assertThrows(IllegalArgumentException.class, () -> BitField.create().get("u64", 0));
        assertThrows(IllegalArgumentException.class, () -> BitField.create().get("x8", 0));
        assertThrows(IllegalArgumentException.class, () -> BitField.create().set("i8", -1, 0));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Commands.bitfield("b", BitField.create().overflow(BitField.Overflow.SAT))).getMessage().startsWith("BITFIELD"));
        assertThrows(NullPointerException.class, () -> Commands.bitcount("b", 0, 1, null));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Commands.geosearch("g", GeoSearch.fromMember("m"))).getMessage().contains("shape"));
        assertThrows(IllegalArgumentException.class, () -> GeoSearch.fromMember("m").byRadius(1, GeoUnit.M).byBox(1, 1, GeoUnit.M));
        assertThrows(IllegalArgumentException.class, () -> GeoSearch.fromMember("m").count(0));
        assertThrows(IllegalArgumentException.class, () -> GeoSearch.fromMember("m").byRadius(-1, GeoUnit.M));
        assertThrows(IllegalArgumentException.class, () -> GeoAddOptions.none().onlyIfAbsent().onlyIfPresent());
        assertThrows(IllegalArgumentException.class, () -> Commands.geoadd("g", GeoAddOptions.none(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Commands.geopos("g", List.of()));
        assertThrows(NullPointerException.class, () -> Commands.publish("ch", null));
    }
}
