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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sorted-set commands against a real server, under RESP2 and RESP3, through the sync and the
 * async face: the typed results must be the same whichever protocol is spoken.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class SortedSetCommandsTest {

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    private static ScoredValue sv(String member, double score) {
        return new ScoredValue(member, score);
    }

    private static void seed(RedisClient redis) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("a", 1.0);
        scores.put("b", 2.0);
        scores.put("c", 3.0);
        scores.put("d", 4.5);
        redis.zadd("z", scores);
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void zaddOptionsDecideWhatChangesAndIncrReturnsTheNewScore(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            seed(redis);
            ZAddOptions nx = ZAddOptions.none().onlyIfAbsent();
            Map<String, Double> ae = Map.of("a", 10.0, "e", 5.0);
            assertValue(1L, face.call(redis, c -> c.zadd("z", nx, ae), x -> x.zadd("z", nx, ae)));
            assertValue(1.0, redis.zscore("z", "a"));

            ZAddOptions xxCh = ZAddOptions.none().onlyIfPresent().countChanged();
            Map<String, Double> af = Map.of("a", 10.0, "f", 6.0);
            assertValue(1L, face.call(redis, c -> c.zadd("z", xxCh, af), x -> x.zadd("z", xxCh, af)));
            assertValue(10.0, redis.zscore("z", "a"));
            assertNull(redis.zscore("z", "f"));

            ZAddOptions gtCh = ZAddOptions.none().onlyIfGreater().countChanged();
            Map<String, Double> lower = Map.of("a", 2.0, "b", 7.0);
            assertValue(1L, face.call(redis, c -> c.zadd("z", gtCh, lower), x -> x.zadd("z", gtCh, lower)));
            assertValue(10.0, redis.zscore("z", "a"));
            assertValue(7.0, redis.zscore("z", "b"));

            ZAddOptions lt = ZAddOptions.none().onlyIfLess();
            assertValue(0L, face.call(redis, c -> c.zadd("z", lt, Map.of("c", 9.0)), x -> x.zadd("z", lt, Map.of("c", 9.0))));
            assertValue(3.0, redis.zscore("z", "c"));

            ZAddOptions none = ZAddOptions.none();
            assertValue(5.5, face.call(redis, c -> c.zaddIncr("z", none, 2.5, "c"), x -> x.zaddIncr("z", none, 2.5, "c")));
            assertNull(face.call(redis, c -> c.zaddIncr("z", nx, 1, "c"), x -> x.zaddIncr("z", nx, 1, "c")),
                    "INCR stopped by NX replies null");
            assertNull(face.call(redis, c -> c.zaddIncr("z", ZAddOptions.none().onlyIfPresent(), 1, "nobody"),
                    x -> x.zaddIncr("z", ZAddOptions.none().onlyIfPresent(), 1, "nobody")));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void zrangeSelectsByIndexScoreAndLexReversedAndLimited(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            seed(redis);
            ZRange revIndex = ZRange.byIndex(0, 1).reversed();
            assertValue(List.of("d", "c"), face.call(redis, c -> c.zrange("z", revIndex), x -> x.zrange("z", revIndex)));

            ZRange scores = ZRange.byScore(ScoreBound.exclusive(1), ScoreBound.inclusive(4.5));
            assertValue(List.of("b", "c", "d"), face.call(redis, c -> c.zrange("z", scores), x -> x.zrange("z", scores)));
            assertValue(List.of(sv("b", 2), sv("c", 3), sv("d", 4.5)),
                    face.call(redis, c -> c.zrangeWithScores("z", scores), x -> x.zrangeWithScores("z", scores)));

            ZRange revLimited = ZRange.byScore(ScoreBound.negativeInfinity(), ScoreBound.positiveInfinity()).reversed().limit(1, 2);
            assertValue(List.of(sv("c", 3), sv("b", 2)),
                    face.call(redis, c -> c.zrangeWithScores("z", revLimited), x -> x.zrangeWithScores("z", revLimited)));
            ZRange byIndexScores = ZRange.byIndex(-1, -1);
            assertValue(List.of(sv("d", 4.5)),
                    face.call(redis, c -> c.zrangeWithScores("z", byIndexScores), x -> x.zrangeWithScores("z", byIndexScores)));

            redis.zadd("lex", Map.of("apple", 0.0, "banana", 0.0, "cherry", 0.0, "date", 0.0));
            ZRange lex = ZRange.byLex(LexBound.inclusive("b"), LexBound.exclusive("d"));
            assertValue(List.of("banana", "cherry"), face.call(redis, c -> c.zrange("lex", lex), x -> x.zrange("lex", lex)));
            ZRange lexRev = ZRange.byLex(LexBound.min(), LexBound.max()).reversed().limit(0, 3);
            assertValue(List.of("date", "cherry", "banana"), face.call(redis, c -> c.zrange("lex", lexRev), x -> x.zrange("lex", lexRev)));

            ZRange top2 = ZRange.byScore(ScoreBound.inclusive(2), ScoreBound.positiveInfinity()).limit(0, 2);
            assertValue(2L, face.call(redis, c -> c.zrangeStore("dst", "z", top2), x -> x.zrangeStore("dst", "z", top2)));
            assertValue(List.of(sv("b", 2), sv("c", 3)), redis.zrangeWithScores("dst", 0, -1));
            assertValue(List.of(), face.call(redis, c -> c.zrange("missing", scores), x -> x.zrange("missing", scores)));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void ranksCountsAndPops(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            seed(redis);
            assertValue(1L, face.call(redis, c -> c.zrank("z", "b"), x -> x.zrank("z", "b")));
            assertValue(0L, face.call(redis, c -> c.zrevrank("z", "d"), x -> x.zrevrank("z", "d")));
            assertNull(face.call(redis, c -> c.zrank("z", "nobody"), x -> x.zrank("z", "nobody")));
            assertNull(face.call(redis, c -> c.zrevrank("missing", "a"), x -> x.zrevrank("missing", "a")));

            ScoreBound two = ScoreBound.inclusive(2);
            ScoreBound inf = ScoreBound.positiveInfinity();
            assertValue(3L, face.call(redis, c -> c.zcount("z", two, inf), x -> x.zcount("z", two, inf)));
            ScoreBound notTwo = ScoreBound.exclusive(2);
            assertValue(2L, face.call(redis, c -> c.zcount("z", notTwo, inf), x -> x.zcount("z", notTwo, inf)));

            assertValue(List.of(sv("a", 1)), face.call(redis, c -> c.zpopmin("z", 1), x -> x.zpopmin("z", 1)));
            assertValue(List.of(sv("d", 4.5), sv("c", 3)), face.call(redis, c -> c.zpopmax("z", 2), x -> x.zpopmax("z", 2)));
            assertValue(List.of(sv("b", 2)), face.call(redis, c -> c.zpopmax("z", 5), x -> x.zpopmax("z", 5)));
            assertValue(List.of(), face.call(redis, c -> c.zpopmin("z", 1), x -> x.zpopmin("z", 1)));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void zmpopTakesFromTheFirstNonEmptyKeyAndZscanPagesMembersWithScores(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            seed(redis);
            List<String> keys = List.of("empty", "z");
            assertValue(new KeyScoredValues("z", List.of(sv("d", 4.5), sv("c", 3))),
                    face.call(redis, c -> c.zmpop(keys, true, 2), x -> x.zmpop(keys, true, 2)));
            assertValue(new KeyScoredValues("z", List.of(sv("a", 1))),
                    face.call(redis, c -> c.zmpop(keys, false, 1), x -> x.zmpop(keys, false, 1)));
            List<String> none = List.of("empty", "nothing");
            assertNull(face.call(redis, c -> c.zmpop(none, false, 1), x -> x.zmpop(none, false, 1)));

            Map<String, Double> many = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                many.put("m" + i, (double) i);
            }
            redis.zadd("big", many);
            Map<String, Double> seen = new HashMap<>();
            String cursor = "0";
            int steps = 0;
            do {
                String from = cursor;
                ScoredScanPage page = face.call(redis, c -> c.zscan("big", from, "m1*", 50), x -> x.zscan("big", from, "m1*", 50));
                page.values().forEach(v -> seen.put(v.member(), v.score()));
                cursor = page.cursor();
                assertTrue(++steps < 100, "ZSCAN should finish");
            } while (!cursor.equals("0"));
            Map<String, Double> expected = new HashMap<>();
            many.forEach((m, s) -> {
                if (m.startsWith("m1")) {
                    expected.put(m, s);
                }
            });
            assertValue(expected, seen);

            ScoredScanPage small = face.call(redis, c -> c.zscan("z", "0", null, 0), x -> x.zscan("z", "0", null, 0));
            assertValue("0", small.cursor());
            assertValue(List.of(sv("b", 2)), small.values());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeSending() {
        assertValue("ZADD NX cannot be combined with GT",
                assertThrows(IllegalArgumentException.class, () -> ZAddOptions.none().onlyIfAbsent().onlyIfGreater()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ZAddOptions.none().onlyIfGreater().onlyIfLess());
        assertThrows(IllegalArgumentException.class, () -> ZAddOptions.none().onlyIfPresent().onlyIfAbsent());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ZRange.byIndex(0, 1).limit(0, 1))
                .getMessage().contains("ZRANGE LIMIT"));
        assertThrows(IllegalArgumentException.class,
                () -> ZRange.byScore(ScoreBound.inclusive(0), ScoreBound.inclusive(1)).limit(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> ScoreBound.inclusive(Double.NaN));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Commands.zrangeWithScores("z", ZRange.byLex(LexBound.min(), LexBound.max()))).getMessage().contains("BYLEX"));
        assertValue("ZMPOP count must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> Commands.zmpop(List.of("z"), true, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Commands.zmpop(List.of(), true, 1));
        assertThrows(IllegalArgumentException.class, () -> Commands.zpopmin("z", 0));
        assertThrows(IllegalArgumentException.class, () -> Commands.zscan("z", "0", null, -1));
        assertThrows(IllegalArgumentException.class, () -> Commands.zadd("z", ZAddOptions.none(), Map.of()));
        assertThrows(NullPointerException.class, () -> Commands.zcount("z", null, ScoreBound.positiveInfinity()));
    }
}
