package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sorted-set commands of {@link Commands}.
 */
abstract class SortedSetTable extends SetTable {

    SortedSetTable() {
    }

    /** ZADD key score member ...: how many were added. */
    public static Command<Long> zadd(String key, Map<String, Double> scores) {
        Objects.requireNonNull(scores, "scores");
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("ZADD needs at least one member");
        }
        List<Object> parts = new ArrayList<>(scores.size() * 2 + 2);
        parts.add("ZADD");
        parts.add(key);
        scores.forEach((m, s) -> {
            parts.add(Objects.requireNonNull(s, "score of " + m));
            parts.add(m);
        });
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** ZRANGE key start stop: members in order. */
    public static Command<List<String>> zrange(String key, long start, long stop) {
        return Command.build(Replies.STRING_LIST, "ZRANGE", key, start, stop);
    }

    /** ZRANGE key start stop WITHSCORES: members with their scores. */
    public static Command<List<ScoredValue>> zrangeWithScores(String key, long start, long stop) {
        return Command.build(Replies.SCORED_LIST, "ZRANGE", key, start, stop, "WITHSCORES");
    }

    /** ZSCORE key member: the score, or null. */
    public static Command<Double> zscore(String key, String member) {
        return Command.build(Replies.DOUBLE, "ZSCORE", key, member);
    }

    /** ZINCRBY key by member: the new score. */
    public static Command<Double> zincrBy(String key, double by, String member) {
        return Command.build(Replies.DOUBLE, "ZINCRBY", key, by, member);
    }

    /** ZREM key member...: how many were removed. */
    public static Command<Long> zrem(String key, List<String> members) {
        return Command.build(Replies.LONG, withMembers("ZREM", key, members));
    }

    /** ZCARD key. */
    public static Command<Long> zcard(String key) {
        return Command.build(Replies.LONG, "ZCARD", key);
    }
}
