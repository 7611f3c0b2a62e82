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
}
