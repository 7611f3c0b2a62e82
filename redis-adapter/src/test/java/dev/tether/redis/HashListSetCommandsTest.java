package dev.tether.redis;

import dev.tether.redis.RedisTestSupport.Face;
import static dev.tether.redis.RedisTestSupport.PROTOCOLS_AND_FACES;
import static dev.tether.redis.RedisTestSupport.assertValue;
import static dev.tether.redis.RedisTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hash, list and set commands past the basics (HSCAN, HRANDFIELD, HSETNX...; LPOS, LMOVE,
 * LMPOP, LINSERT...; SSCAN, SINTERCARD, set algebra, SPOP, SRANDMEMBER...) against a real server,
 * under RESP2 and RESP3, through the sync and the async face.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class HashListSetCommandsTest {

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void hashFieldsLengthsAndRandomFields(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertValue(true, face.call(redis, c -> c.hsetnx("h", "a", "1"), a -> a.hsetnx("h", "a", "1")));
            assertValue(false, face.call(redis, c -> c.hsetnx("h", "a", "2"), a -> a.hsetnx("h", "a", "2")));
            assertValue("1", redis.hget("h", "a"));
            redis.hset("h", Map.of("b", "2", "c", "3"));
            assertValue(true, face.call(redis, c -> c.hexists("h", "b"), a -> a.hexists("h", "b")));
            assertValue(false, face.call(redis, c -> c.hexists("h", "z"), a -> a.hexists("h", "z")));
            assertValue(3L, face.call(redis, c -> c.hlen("h"), a -> a.hlen("h")));
            assertValue(0L, face.call(redis, c -> c.hlen("missing"), a -> a.hlen("missing")));
            assertValue(Set.of("a", "b", "c"), new HashSet<>(face.call(redis, c -> c.hkeys("h"), a -> a.hkeys("h"))));
            assertValue(List.of("1", "2", "3"), face.call(redis, c -> c.hvals("h"), a -> a.hvals("h")).stream().sorted().toList());
            assertValue(List.of(), face.call(redis, c -> c.hkeys("missing"), a -> a.hkeys("missing")));

            String one = face.call(redis, c -> c.hrandfield("h"), a -> a.hrandfield("h"));
            assertTrue(Set.of("a", "b", "c").contains(one), one);
            assertNull(face.call(redis, c -> c.hrandfield("missing"), a -> a.hrandfield("missing")));
            List<String> two = face.call(redis, c -> c.hrandfield("h", 2), a -> a.hrandfield("h", 2));
            assertValue(2, new HashSet<>(two).size());
            assertValue(5, face.call(redis, c -> c.hrandfield("h", -5), a -> a.hrandfield("h", -5)).size());

            Map<String, String> all = Map.of("a", "1", "b", "2", "c", "3");
            List<FieldValue> withValues = face.call(redis, c -> c.hrandfieldWithValues("h", 10), a -> a.hrandfieldWithValues("h", 10));
            assertValue(3, withValues.size());
            Map<String, String> got = new HashMap<>();
            withValues.forEach(fv -> got.put(fv.field(), fv.value()));
            assertValue(all, got);
            List<FieldValue> repeated = face.call(redis, c -> c.hrandfieldWithValues("h", -7), a -> a.hrandfieldWithValues("h", -7));
            assertValue(7, repeated.size());
            repeated.forEach(fv -> assertValue(all.get(fv.field()), fv.value()));
            assertValue(List.of(), face.call(redis, c -> c.hrandfieldWithValues("missing", 3), a -> a.hrandfieldWithValues("missing", 3)));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void hscanAndSscanWalkEveryEntryPageByPage(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Map<String, String> fields = new HashMap<>();
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 600; i++) { // past the 512-entry listpack, so pages are real
                fields.put("f" + i, "v" + i);
                members.add("m" + i);
            }
            fields.put("other", "x");
            redis.hset("h", fields);
            redis.sadd("s", members.toArray(String[]::new));
            redis.sadd("s", "other");

            Map<String, String> seen = new HashMap<>();
            String cursor = "0";
            int pages = 0;
            do {
                pages++;
                String from = cursor;
                HashScanPage page = face.call(redis, c -> c.hscan("h", from, "f*", 50), a -> a.hscan("h", from, "f*", 50));
                seen.putAll(page.entries());
                cursor = page.cursor();
            } while (!"0".equals(cursor) && pages < 10_000);
            assertTrue(pages > 1, "600 fields should take more than one page, took " + pages);
            fields.remove("other");
            assertValue(fields, seen);

            Set<String> seenMembers = new HashSet<>();
            cursor = "0";
            pages = 0;
            do {
                pages++;
                String from = cursor;
                ScanPage page = face.call(redis, c -> c.sscan("s", from, "m*", 50), a -> a.sscan("s", from, "m*", 50));
                seenMembers.addAll(page.keys());
                cursor = page.cursor();
            } while (!"0".equals(cursor) && pages < 10_000);
            assertTrue(pages > 1, "600 members should take more than one page, took " + pages);
            assertValue(new HashSet<>(members), seenMembers);

            HashScanPage empty = face.call(redis, c -> c.hscan("missing", "0", null, 0), a -> a.hscan("missing", "0", null, 0));
            assertValue(new HashScanPage("0", Map.of()), empty);
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void listIndexesEditsAndPositions(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.rpush("l", "a", "b", "c", "b", "d", "b");
            assertValue("c", face.call(redis, c -> c.lindex("l", 2), a -> a.lindex("l", 2)));
            assertValue("b", face.call(redis, c -> c.lindex("l", -1), a -> a.lindex("l", -1)));
            assertNull(face.call(redis, c -> c.lindex("l", 99), a -> a.lindex("l", 99)));

            assertValue(1L, face.call(redis, c -> c.lpos("l", "b"), a -> a.lpos("l", "b")));
            assertNull(face.call(redis, c -> c.lpos("l", "zz"), a -> a.lpos("l", "zz")));
            LposOptions second = LposOptions.none().rank(2);
            assertValue(3L, face.call(redis, c -> c.lpos("l", "b", second), a -> a.lpos("l", "b", second)));
            LposOptions last = LposOptions.none().rank(-1);
            assertValue(5L, face.call(redis, c -> c.lpos("l", "b", last), a -> a.lpos("l", "b", last)));
            LposOptions firstThree = LposOptions.none().maxLength(3);
            assertNull(face.call(redis, c -> c.lpos("l", "d", firstThree), a -> a.lpos("l", "d", firstThree)));
            LposOptions none = LposOptions.none();
            assertValue(List.of(1L, 3L, 5L), face.call(redis, c -> c.lpos("l", "b", 0, none), a -> a.lpos("l", "b", 0, none)));
            assertValue(List.of(5L, 3L), face.call(redis, c -> c.lpos("l", "b", 2, last), a -> a.lpos("l", "b", 2, last)));
            assertValue(List.of(), face.call(redis, c -> c.lpos("l", "zz", 0, none), a -> a.lpos("l", "zz", 0, none)));

            assertNull(face.call(redis, c -> {
                c.lset("l", 0, "A");
                return null;
            }, a -> a.lset("l", 0, "A")));
            assertThrows(RedisErrorException.class, () -> face.call(redis, c -> {
                c.lset("l", 99, "x");
                return null;
            }, a -> a.lset("l", 99, "x")));
            assertValue(2L, face.call(redis, c -> c.lrem("l", 2, "b"), a -> a.lrem("l", 2, "b")));
            assertValue(List.of("A", "c", "d", "b"), redis.lrange("l", 0, -1));

            assertValue(5L, face.call(redis, c -> c.linsert("l", InsertPosition.BEFORE, "c", "B"),
                    a -> a.linsert("l", InsertPosition.BEFORE, "c", "B")));
            assertValue(6L, face.call(redis, c -> c.linsert("l", InsertPosition.AFTER, "d", "D"),
                    a -> a.linsert("l", InsertPosition.AFTER, "d", "D")));
            assertValue(-1L, face.call(redis, c -> c.linsert("l", InsertPosition.AFTER, "zz", "x"),
                    a -> a.linsert("l", InsertPosition.AFTER, "zz", "x")));
            assertValue(List.of("A", "B", "c", "d", "D", "b"), redis.lrange("l", 0, -1));

            assertNull(face.call(redis, c -> {
                c.ltrim("l", 1, -2);
                return null;
            }, a -> a.ltrim("l", 1, -2)));
            assertValue(List.of("B", "c", "d", "D"), redis.lrange("l", 0, -1));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void lmoveAndLmpop(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.rpush("src", "1", "2", "3");
            assertValue("1", face.call(redis, c -> c.lmove("src", "dst", ListSide.LEFT, ListSide.RIGHT),
                    a -> a.lmove("src", "dst", ListSide.LEFT, ListSide.RIGHT)));
            assertValue("3", face.call(redis, c -> c.lmove("src", "dst", ListSide.RIGHT, ListSide.LEFT),
                    a -> a.lmove("src", "dst", ListSide.RIGHT, ListSide.LEFT)));
            assertValue(List.of("3", "1"), redis.lrange("dst", 0, -1));
            assertNull(face.call(redis, c -> c.lmove("missing", "dst", ListSide.LEFT, ListSide.LEFT),
                    a -> a.lmove("missing", "dst", ListSide.LEFT, ListSide.LEFT)));

            assertValue(new KeyValues("dst", List.of("1", "3")), face.call(redis, c -> c.lmpop(ListSide.RIGHT, 5, "empty", "dst"),
                    a -> a.lmpop(ListSide.RIGHT, 5, "empty", "dst")));
            assertValue(new KeyValues("src", List.of("2")), face.call(redis, c -> c.lmpop(ListSide.LEFT, 1, "src"),
                    a -> a.lmpop(ListSide.LEFT, 1, "src")));
            assertNull(face.call(redis, c -> c.lmpop(ListSide.LEFT, 1, "src", "dst"), a -> a.lmpop(ListSide.LEFT, 1, "src", "dst")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void setAlgebraMovesAndRandomMembers(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            redis.sadd("x", "a", "b", "c", "d");
            redis.sadd("y", "c", "d", "e");
            assertValue(Set.of("c", "d"), face.call(redis, c -> c.sinter("x", "y"), a -> a.sinter("x", "y")));
            assertValue(Set.of(), face.call(redis, c -> c.sinter("x", "missing"), a -> a.sinter("x", "missing")));
            assertValue(Set.of("a", "b", "c", "d", "e"), face.call(redis, c -> c.sunion("x", "y"), a -> a.sunion("x", "y")));
            assertValue(Set.of("a", "b"), face.call(redis, c -> c.sdiff("x", "y"), a -> a.sdiff("x", "y")));
            assertValue(2L, face.call(redis, c -> c.sintercard(0, "x", "y"), a -> a.sintercard(0, "x", "y")));
            assertValue(1L, face.call(redis, c -> c.sintercard(1, "x", "y"), a -> a.sintercard(1, "x", "y")));
            assertValue(4L, face.call(redis, c -> c.sintercard(0, "x"), a -> a.sintercard(0, "x")));

            assertValue(true, face.call(redis, c -> c.smove("x", "y", "a"), a -> a.smove("x", "y", "a")));
            assertValue(false, face.call(redis, c -> c.smove("x", "y", "zz"), a -> a.smove("x", "y", "zz")));
            assertValue(Set.of("b", "c", "d"), redis.smembers("x"));
            assertValue(Set.of("a", "c", "d", "e"), redis.smembers("y"));

            String member = face.call(redis, c -> c.srandmember("x"), a -> a.srandmember("x"));
            assertTrue(Set.of("b", "c", "d").contains(member), member);
            assertNull(face.call(redis, c -> c.srandmember("missing"), a -> a.srandmember("missing")));
            List<String> two = face.call(redis, c -> c.srandmember("x", 2), a -> a.srandmember("x", 2));
            assertValue(2, new HashSet<>(two).size());
            List<String> repeated = face.call(redis, c -> c.srandmember("x", -9), a -> a.srandmember("x", -9));
            assertValue(9, repeated.size());
            assertTrue(Set.of("b", "c", "d").containsAll(repeated), repeated.toString());
            assertValue(3L, redis.scard("x"));

            String popped = face.call(redis, c -> c.spop("x"), a -> a.spop("x"));
            assertTrue(Set.of("b", "c", "d").contains(popped), popped);
            Set<String> rest = face.call(redis, c -> c.spop("x", 5), a -> a.spop("x", 5));
            assertValue(2, rest.size());
            assertTrue(!rest.contains(popped) && Set.of("b", "c", "d").containsAll(rest), rest.toString());
            assertValue(0L, redis.exists("x"));
            assertNull(face.call(redis, c -> c.spop("x"), a -> a.spop("x")));
            assertValue(Set.of(), face.call(redis, c -> c.spop("x", 3), a -> a.spop("x", 3)));
        }
    }

    @Test
    void buildersRefuseBadArgumentsBeforeSending() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LposOptions.none().rank(0));
        assertValue("LPOS rank must not be 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LposOptions.none().maxLength(-1));
        assertTrue(e.getMessage().startsWith("LPOS maxlen"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.lpos("l", "x", -1, LposOptions.none()));
        assertTrue(e.getMessage().startsWith("LPOS count"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.lmpop(List.of(), ListSide.LEFT, 1));
        assertValue("LMPOP needs at least one key", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.lmpop(List.of("k"), ListSide.LEFT, 0));
        assertTrue(e.getMessage().startsWith("LMPOP count"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Commands.lmove("a", "b", null, ListSide.LEFT));
        assertValue("from", npe.getMessage());
        assertThrows(NullPointerException.class, () -> Commands.linsert("l", null, "p", "x"));

        e = assertThrows(IllegalArgumentException.class, () -> Commands.hscan("h", "0", null, -1));
        assertTrue(e.getMessage().startsWith("HSCAN count"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.sscan("s", "0", null, -1));
        assertTrue(e.getMessage().startsWith("SSCAN count"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.sintercard(List.of("a"), -1));
        assertTrue(e.getMessage().startsWith("SINTERCARD limit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.sintercard(List.of(), 0));
        assertValue("SINTERCARD needs at least one key", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.sinter(List.of()));
        assertValue("SINTER needs at least one key", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Commands.spop("s", -1));
        assertTrue(e.getMessage().startsWith("SPOP count"), e.getMessage());
    }
}
