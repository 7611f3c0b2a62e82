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
}
