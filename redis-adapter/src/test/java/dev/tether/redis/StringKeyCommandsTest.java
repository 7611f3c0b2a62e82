package dev.tether.redis;

import dev.tether.redis.RedisTestSupport.Face;
import static dev.tether.redis.RedisTestSupport.PROTOCOLS_AND_FACES;
import static dev.tether.redis.RedisTestSupport.assertValue;
import static dev.tether.redis.RedisTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The string and key commands past GET/SET/DEL (GETEX, GETDEL, ranges, INCRBYFLOAT, MSETNX;
 * conditional EXPIRE, PERSIST, TYPE, RENAME, COPY, UNLINK, SCAN ... TYPE) against a real server,
 * under RESP2 and RESP3, through the sync and the async face.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class StringKeyCommandsTest {

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void getexChangesTheTimeToLiveAndGetdelRemovesTheKey(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("k", "v");
            GetExOptions ex = GetExOptions.expireAfter(Duration.ofSeconds(100));
            assertValue("v", face.call(redis, c -> c.getex("k", ex), a -> a.getex("k", ex)));
            long ttl = redis.ttl("k");
            assertTrue(ttl > 90 && ttl <= 100, "EX 100, ttl " + ttl);

            GetExOptions px = GetExOptions.expireAfter(Duration.ofMillis(50_500));
            assertValue("v", face.call(redis, c -> c.getex("k", px), a -> a.getex("k", px)));
            long pttl = redis.pttl("k");
            assertTrue(pttl > 40_000 && pttl <= 50_500, "PX 50500, pttl " + pttl);

            GetExOptions at = GetExOptions.expireAt(Instant.now().plusSeconds(200));
            assertValue("v", face.call(redis, c -> c.getex("k", at), a -> a.getex("k", at)));
            ttl = redis.ttl("k");
            assertTrue(ttl > 150 && ttl <= 200, "EXAT now+200, ttl " + ttl);

            Instant inFive = Instant.now().plusMillis(300_250); // sub-millisecond part: truncated, not refused
            GetExOptions pxat = GetExOptions.expireAt(inFive);
            assertValue("PXAT", pxat.arguments().get(0));
            assertValue("v", face.call(redis, c -> c.getex("k", pxat), a -> a.getex("k", pxat)));
            ttl = redis.ttl("k");
            assertTrue(ttl > 250 && ttl <= 301, "PXAT now+300.25 s, ttl " + ttl);

            GetExOptions persist = GetExOptions.persist();
            assertValue("v", face.call(redis, c -> c.getex("k", persist), a -> a.getex("k", persist)));
            assertValue(-1L, redis.ttl("k"));
            assertNull(face.call(redis, c -> c.getex("missing", persist), a -> a.getex("missing", persist)));

            assertValue("v", face.call(redis, c -> c.getdel("k"), a -> a.getdel("k")));
            assertValue(0L, redis.exists("k"));
            assertNull(face.call(redis, c -> c.getdel("k"), a -> a.getdel("k")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void rangesFloatsAndMsetnx(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("s", "Hello World");
            assertValue(11L, face.call(redis, c -> c.setrange("s", 6, "Redis"), a -> a.setrange("s", 6, "Redis")));
            assertValue("Hello Redis", redis.get("s"));
            assertValue(5L, face.call(redis, c -> c.setrange("pad", 3, "ab"), a -> a.setrange("pad", 3, "ab")));
            assertValue("\0\0\0ab", redis.get("pad"));
            assertValue("Redis", face.call(redis, c -> c.getrange("s", 6, -1), a -> a.getrange("s", 6, -1)));
            assertValue("Hello", face.call(redis, c -> c.getrange("s", 0, 4), a -> a.getrange("s", 0, 4)));
            assertValue("", face.call(redis, c -> c.getrange("missing", 0, -1), a -> a.getrange("missing", 0, -1)));

            assertValue(10.5, face.call(redis, c -> c.incrByFloat("f", 10.5), a -> a.incrByFloat("f", 10.5)));
            assertValue(10.4, face.call(redis, c -> c.incrByFloat("f", -0.1), a -> a.incrByFloat("f", -0.1)));
            assertValue(5010.4, face.call(redis, c -> c.incrByFloat("f", 5e3), a -> a.incrByFloat("f", 5e3)));
            assertValue(5010.4, Double.parseDouble(redis.get("f"))); // the server keeps a long double: 5010.39999999999999991

            Map<String, String> fresh = new LinkedHashMap<>();
            fresh.put("m1", "a");
            fresh.put("m2", "b");
            assertValue(true, face.call(redis, c -> c.msetnx(fresh), a -> a.msetnx(fresh)));
            Map<String, String> clash = Map.of("m2", "x", "m3", "c");
            assertValue(false, face.call(redis, c -> c.msetnx(clash), a -> a.msetnx(clash)));
            assertValue(java.util.Arrays.asList("a", "b", null), redis.mget(List.of("m1", "m2", "m3")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void conditionalExpiryAndPersist(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("k", "v");
            Duration hundred = Duration.ofSeconds(100);
            Duration fifty = Duration.ofSeconds(50);
            assertValue(false, face.call(redis, c -> c.expire("k", hundred, ExpireCondition.XX),
                    a -> a.expire("k", hundred, ExpireCondition.XX)));
            assertValue(-1L, redis.ttl("k"));
            assertValue(true, face.call(redis, c -> c.expire("k", hundred, ExpireCondition.NX),
                    a -> a.expire("k", hundred, ExpireCondition.NX)));
            assertValue(false, face.call(redis, c -> c.expire("k", fifty, ExpireCondition.NX),
                    a -> a.expire("k", fifty, ExpireCondition.NX)));
            assertValue(false, face.call(redis, c -> c.expire("k", fifty, ExpireCondition.GT),
                    a -> a.expire("k", fifty, ExpireCondition.GT)));
            assertValue(true, face.call(redis, c -> c.expire("k", fifty, ExpireCondition.LT),
                    a -> a.expire("k", fifty, ExpireCondition.LT)));
            long ttl = redis.ttl("k");
            assertTrue(ttl > 40 && ttl <= 50, "LT 50, ttl " + ttl);

            Duration ms = Duration.ofMillis(80_500);
            assertValue(true, face.call(redis, c -> c.pexpire("k", ms, ExpireCondition.GT),
                    a -> a.pexpire("k", ms, ExpireCondition.GT)));
            assertTrue(redis.pttl("k") > 70_000);
            assertValue(false, face.call(redis, c -> c.pexpire("k", ms, ExpireCondition.LT),
                    a -> a.pexpire("k", ms, ExpireCondition.LT)));

            assertValue(true, face.call(redis, c -> c.persist("k"), a -> a.persist("k")));
            assertValue(-1L, redis.ttl("k"));
            assertValue(false, face.call(redis, c -> c.persist("k"), a -> a.persist("k")));
            assertValue(false, face.call(redis, c -> c.persist("missing"), a -> a.persist("missing")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void typeRenameCopyAndUnlink(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.set("str", "v");
            redis.rpush("list", "a");
            redis.hset("hash", Map.of("f", "v"));
            redis.sadd("set", "m");
            redis.zadd("zset", 1, "m");
            for (String type : List.of("string", "list", "hash", "set", "zset")) {
                String key = type.equals("string") ? "str" : type;
                assertValue(type, face.call(redis, c -> c.type(key), a -> a.type(key)));
            }
            assertValue("none", face.call(redis, c -> c.type("missing"), a -> a.type("missing")));

            assertNull(face.call(redis, c -> {
                c.rename("str", "str2");
                return null;
            }, a -> a.rename("str", "str2")));
            assertValue("v", redis.get("str2"));
            RedisErrorException e = assertThrows(RedisErrorException.class,
                    () -> face.call(redis, c -> {
                        c.rename("missing", "x");
                        return null;
                    }, a -> a.rename("missing", "x")));
            assertTrue(e.getMessage().contains("no such key"), e.getMessage());

            assertValue(false, face.call(redis, c -> c.renamenx("str2", "list"), a -> a.renamenx("str2", "list")));
            assertValue(true, face.call(redis, c -> c.renamenx("str2", "str3"), a -> a.renamenx("str2", "str3")));

            assertValue(true, face.call(redis, c -> c.copy("str3", "copy", false), a -> a.copy("str3", "copy", false)));
            assertValue("v", redis.get("copy"));
            redis.set("str3", "changed");
            assertValue(false, face.call(redis, c -> c.copy("str3", "copy", false), a -> a.copy("str3", "copy", false)));
            assertValue("v", redis.get("copy"));
            assertValue(true, face.call(redis, c -> c.copy("str3", "copy", true), a -> a.copy("str3", "copy", true)));
            assertValue("changed", redis.get("copy"));
            assertValue(false, face.call(redis, c -> c.copy("missing", "c2", true), a -> a.copy("missing", "c2", true)));

            assertValue(2L, face.call(redis, c -> c.unlink("copy", "list", "missing"), a -> a.unlink("copy", "list", "missing")));
            assertValue(0L, redis.exists("copy", "list"));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void scanFiltersByType(int protocol) {
        try (RedisClient redis = connect(server, protocol)) {
            Set<String> hashes = new HashSet<>();
            for (int i = 0; i < 60; i++) {
                redis.set("k:s" + i, "v");
                redis.hset("k:h" + i, Map.of("f", "v"));
                hashes.add("k:h" + i);
            }
            redis.hset("other:h", Map.of("f", "v"));

            Set<String> found = new HashSet<>();
            Iterator<String> it = redis.scan("k:*", 25, "hash");
            for (int i = 0; i < 10_000 && it.hasNext(); i++) {
                found.add(it.next());
            }
            assertValue(hashes, found);

            Set<String> anyType = new HashSet<>();
            Iterator<String> all = redis.scan(null, 0, null);
            for (int i = 0; i < 10_000 && all.hasNext(); i++) {
                anyType.add(all.next());
            }
            assertValue(121, anyType.size());
            assertFalse(redis.scan(null, 10, "stream").hasNext());

            // one step through the builder, as pipelines and the async face would use it
            ScanPage page = redis.execute(Commands.scan("0", "other:*", 1000, "hash"));
            assertValue("0", page.cursor());
            assertValue(List.of("other:h"), page.keys());
        }
    }

    @Test
    void buildersRefuseBadArgumentsBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> GetExOptions.expireAfter(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> GetExOptions.expireAfter(Duration.ofNanos(1_500_000_100)));
        assertThrows(IllegalArgumentException.class, () -> GetExOptions.expireAt(Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> GetExOptions.expireAt(Instant.ofEpochSecond(0, 999_999)));
        assertValue(List.of("EXAT", "7"), GetExOptions.expireAt(Instant.ofEpochSecond(7, 999_999)).arguments());
        assertValue(List.of("PX", "1500"), GetExOptions.expireAfter(Duration.ofMillis(1500)).arguments());
        assertValue(List.of("EXAT", "100"), GetExOptions.expireAt(Instant.ofEpochSecond(100)).arguments());
        assertValue(List.of("PXAT", "100250"), GetExOptions.expireAt(Instant.ofEpochMilli(100_250)).arguments());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Commands.getex("k", null));
        assertValue("options", npe.getMessage());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Commands.setrange("k", -1, "x"));
        assertTrue(e.getMessage().startsWith("SETRANGE offset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.incrByFloat("k", Double.NaN));
        assertTrue(e.getMessage().startsWith("INCRBYFLOAT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.msetnx(Map.of()));
        assertValue("MSETNX needs at least one entry", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> Commands.expire("k", Duration.ofMillis(1500), ExpireCondition.GT));
        assertTrue(e.getMessage().startsWith("EXPIRE takes whole seconds"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Commands.pexpire("k", Duration.ofSeconds(1), null));
        e = assertThrows(IllegalArgumentException.class, () -> Commands.unlink(List.of()));
        assertValue("UNLINK needs at least one key", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.scan("0", null, -1, "hash"));
        assertTrue(e.getMessage().startsWith("SCAN count"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Commands.scan("0", null, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> Commands.rename("k", null));
    }
}
