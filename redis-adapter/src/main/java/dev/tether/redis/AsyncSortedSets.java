package dev.tether.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The asynchronous sorted-set commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code SortedSetTable}. */
interface AsyncSortedSets {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<Long> zadd(String key, Map<String, Double> scores) {
        return executeAsync(Commands.zadd(key, scores));
    }

    default CompletableFuture<Long> zadd(String key, double score, String member) {
        return executeAsync(Commands.zadd(key, Map.of(member, score)));
    }

    default CompletableFuture<List<String>> zrange(String key, long start, long stop) {
        return executeAsync(Commands.zrange(key, start, stop));
    }

    default CompletableFuture<List<ScoredValue>> zrangeWithScores(String key, long start, long stop) {
        return executeAsync(Commands.zrangeWithScores(key, start, stop));
    }

    default CompletableFuture<Double> zscore(String key, String member) {
        return executeAsync(Commands.zscore(key, member));
    }

    default CompletableFuture<Double> zincrBy(String key, double by, String member) {
        return executeAsync(Commands.zincrBy(key, by, member));
    }

    default CompletableFuture<Long> zrem(String key, String... members) {
        return executeAsync(Commands.zrem(key, List.of(members)));
    }

    default CompletableFuture<Long> zcard(String key) {
        return executeAsync(Commands.zcard(key));
    }

    /** ZADD with options: how many were added (or changed, with CH). */
    default CompletableFuture<Long> zadd(String key, ZAddOptions options, Map<String, Double> scores) {
        return executeAsync(Commands.zadd(key, options, scores));
    }

    /** ZADD ... INCR: the new score, or null when the options stopped it. */
    default CompletableFuture<Double> zaddIncr(String key, ZAddOptions options, double increment, String member) {
        return executeAsync(Commands.zaddIncr(key, options, increment, member));
    }

    /** ZRANGE by index, score or lex: the members in range order. */
    default CompletableFuture<List<String>> zrange(String key, ZRange range) {
        return executeAsync(Commands.zrange(key, range));
    }

    /** ZRANGE ... WITHSCORES by index or score: members with scores. */
    default CompletableFuture<List<ScoredValue>> zrangeWithScores(String key, ZRange range) {
        return executeAsync(Commands.zrangeWithScores(key, range));
    }

    /** ZRANGESTORE: how many members the destination now holds. */
    default CompletableFuture<Long> zrangeStore(String destination, String source, ZRange range) {
        return executeAsync(Commands.zrangeStore(destination, source, range));
    }

    /** One ZSCAN step (match may be null, count 0 for the default). */
    default CompletableFuture<ScoredScanPage> zscan(String key, String cursor, String match, int count) {
        return executeAsync(Commands.zscan(key, cursor, match, count));
    }

    /** ZMPOP (non-blocking): the key and what was popped from it, or null when all keys are empty. */
    default CompletableFuture<KeyScoredValues> zmpop(List<String> keys, boolean max, int count) {
        return executeAsync(Commands.zmpop(keys, max, count));
    }

    /** ZRANK: the ascending rank, or null when not a member. */
    default CompletableFuture<Long> zrank(String key, String member) {
        return executeAsync(Commands.zrank(key, member));
    }

    /** ZREVRANK: the descending rank, or null when not a member. */
    default CompletableFuture<Long> zrevrank(String key, String member) {
        return executeAsync(Commands.zrevrank(key, member));
    }

    /** ZCOUNT: how many members score within the bounds. */
    default CompletableFuture<Long> zcount(String key, ScoreBound min, ScoreBound max) {
        return executeAsync(Commands.zcount(key, min, max));
    }

    /** ZPOPMIN key count: the lowest-scored members, removed. */
    default CompletableFuture<List<ScoredValue>> zpopmin(String key, int count) {
        return executeAsync(Commands.zpopmin(key, count));
    }

    /** ZPOPMAX key count: the highest-scored members, removed. */
    default CompletableFuture<List<ScoredValue>> zpopmax(String key, int count) {
        return executeAsync(Commands.zpopmax(key, count));
    }
}
