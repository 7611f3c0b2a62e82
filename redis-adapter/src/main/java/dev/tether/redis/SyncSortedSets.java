package dev.tether.redis;

import java.util.List;
import java.util.Map;

/** The blocking sorted-set commands of {@link RedisCommands}, each over {@link #execute}; built by {@code SortedSetTable}. */
interface SyncSortedSets {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default long zadd(String key, Map<String, Double> scores) {
        return execute(Commands.zadd(key, scores));
    }

    default long zadd(String key, double score, String member) {
        return execute(Commands.zadd(key, Map.of(member, score)));
    }

    default List<String> zrange(String key, long start, long stop) {
        return execute(Commands.zrange(key, start, stop));
    }

    default List<ScoredValue> zrangeWithScores(String key, long start, long stop) {
        return execute(Commands.zrangeWithScores(key, start, stop));
    }

    default Double zscore(String key, String member) {
        return execute(Commands.zscore(key, member));
    }

    default double zincrBy(String key, double by, String member) {
        return execute(Commands.zincrBy(key, by, member));
    }

    default long zrem(String key, String... members) {
        return execute(Commands.zrem(key, List.of(members)));
    }

    default long zcard(String key) {
        return execute(Commands.zcard(key));
    }

    /** ZADD with options: how many were added (or changed, with CH). */
    default long zadd(String key, ZAddOptions options, Map<String, Double> scores) {
        return execute(Commands.zadd(key, options, scores));
    }

    /** ZADD ... INCR: the new score, or null when the options stopped it. */
    default Double zaddIncr(String key, ZAddOptions options, double increment, String member) {
        return execute(Commands.zaddIncr(key, options, increment, member));
    }

    /** ZRANGE by index, score or lex: the members in range order. */
    default List<String> zrange(String key, ZRange range) {
        return execute(Commands.zrange(key, range));
    }

    /** ZRANGE ... WITHSCORES by index or score: members with scores. */
    default List<ScoredValue> zrangeWithScores(String key, ZRange range) {
        return execute(Commands.zrangeWithScores(key, range));
    }

    /** ZRANGESTORE: how many members the destination now holds. */
    default long zrangeStore(String destination, String source, ZRange range) {
        return execute(Commands.zrangeStore(destination, source, range));
    }

    /** One ZSCAN step (match may be null, count 0 for the default). */
    default ScoredScanPage zscan(String key, String cursor, String match, int count) {
        return execute(Commands.zscan(key, cursor, match, count));
    }

    /** ZMPOP (non-blocking): the key and what was popped from it, or null when all keys are empty. */
    default KeyScoredValues zmpop(List<String> keys, boolean max, int count) {
        return execute(Commands.zmpop(keys, max, count));
    }

    /** ZRANK: the ascending rank, or null when not a member. */
    default Long zrank(String key, String member) {
        return execute(Commands.zrank(key, member));
    }

    /** ZREVRANK: the descending rank, or null when not a member. */
    default Long zrevrank(String key, String member) {
        return execute(Commands.zrevrank(key, member));
    }

    /** ZCOUNT: how many members score within the bounds. */
    default long zcount(String key, ScoreBound min, ScoreBound max) {
        return execute(Commands.zcount(key, min, max));
    }

    /** ZPOPMIN key count: the lowest-scored members, removed. */
    default List<ScoredValue> zpopmin(String key, int count) {
        return execute(Commands.zpopmin(key, count));
    }

    /** ZPOPMAX key count: the highest-scored members, removed. */
    default List<ScoredValue> zpopmax(String key, int count) {
        return execute(Commands.zpopmax(key, count));
    }
}
