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
        return zadd(key, ZAddOptions.none(), scores);
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

    /** ZADD key [NX|XX] [GT|LT] [CH] score member ...: how many were added (or changed, with CH). */
    public static Command<Long> zadd(String key, ZAddOptions options, Map<String, Double> scores) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(scores, "scores");
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("ZADD needs at least one member");
        }
        List<Object> parts = new ArrayList<>(scores.size() * 2 + 5);
        parts.add("ZADD");
        parts.add(key);
        parts.addAll(options.arguments());
        scores.forEach((m, s) -> {
            parts.add(Objects.requireNonNull(s, "score of " + m));
            parts.add(m);
        });
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** ZADD key [NX|XX] [GT|LT] INCR increment member: the new score, or null when the options stopped it. */
    public static Command<Double> zaddIncr(String key, ZAddOptions options, double increment, String member) {
        Objects.requireNonNull(options, "options");
        if (Double.isNaN(increment)) {
            throw new IllegalArgumentException("ZADD INCR increment must not be NaN");
        }
        List<Object> parts = new ArrayList<>(8);
        parts.add("ZADD");
        parts.add(key);
        parts.addAll(options.arguments());
        parts.add("INCR");
        parts.add(increment);
        parts.add(member);
        return Command.build(Replies.DOUBLE, parts.toArray());
    }

    /** ZRANGE key range...: the members the range selects, in its order. */
    public static Command<List<String>> zrange(String key, ZRange range) {
        return Command.build(Replies.STRING_LIST, rangeParts("ZRANGE", key, range).toArray());
    }

    /** ZRANGE key range... WITHSCORES: members with their scores; not for lex ranges. */
    public static Command<List<ScoredValue>> zrangeWithScores(String key, ZRange range) {
        Objects.requireNonNull(range, "range");
        if (range.isLex()) {
            throw new IllegalArgumentException("ZRANGE WITHSCORES cannot be combined with BYLEX");
        }
        List<Object> parts = rangeParts("ZRANGE", key, range);
        parts.add("WITHSCORES");
        return Command.build(Replies.SCORED_LIST, parts.toArray());
    }

    /** ZRANGESTORE destination source range...: how many members the destination now holds. */
    public static Command<Long> zrangeStore(String destination, String source, ZRange range) {
        List<Object> parts = rangeParts("ZRANGESTORE", source, range);
        parts.add(1, destination);
        return Command.build(Replies.LONG, parts.toArray());
    }

    private static List<Object> rangeParts(String name, String key, ZRange range) {
        Objects.requireNonNull(range, "range");
        List<Object> parts = new ArrayList<>(10);
        parts.add(name);
        parts.add(key);
        parts.addAll(range.arguments());
        return parts;
    }

    /**
     * One ZSCAN step: the next cursor and a page of members with scores.
     *
     * @param match a glob pattern, or null for all members
     * @param count a hint of how many per page; 0 for the server's default
     */
    public static Command<ScoredScanPage> zscan(String key, String cursor, String match, int count) {
        List<Object> parts = scanParts("ZSCAN", Objects.requireNonNull(key, "key"), cursor, match, count);
        return Command.build(ScoredScanPage::of, parts.toArray());
    }

    /** ZMPOP numkeys key... MIN|MAX COUNT count: the key popped from and its members, or null when all are empty. */
    public static Command<KeyScoredValues> zmpop(List<String> keys, boolean max, int count) {
        Objects.requireNonNull(keys, "keys");
        if (count < 1) {
            throw new IllegalArgumentException("ZMPOP count must be positive, got " + count);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("ZMPOP needs at least one key");
        }
        List<Object> parts = new ArrayList<>(keys.size() + 5);
        parts.add("ZMPOP");
        parts.add(keys.size());
        parts.addAll(keys);
        parts.add(max ? "MAX" : "MIN");
        parts.add("COUNT");
        parts.add(count);
        return Command.build(KeyScoredValues::of, parts.toArray());
    }

    /** ZRANK key member: the 0-based rank by ascending score, or null when not a member. */
    public static Command<Long> zrank(String key, String member) {
        return Command.build(Replies.LONG, "ZRANK", key, member);
    }

    /** ZREVRANK key member: the 0-based rank by descending score, or null when not a member. */
    public static Command<Long> zrevrank(String key, String member) {
        return Command.build(Replies.LONG, "ZREVRANK", key, member);
    }

    /** ZCOUNT key min max: how many members have scores in the range. */
    public static Command<Long> zcount(String key, ScoreBound min, ScoreBound max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        return Command.build(Replies.LONG, "ZCOUNT", key, min.wire(), max.wire());
    }

    /** ZPOPMIN key count: up to {@code count} lowest-scored members, removed; empty when the key is. */
    public static Command<List<ScoredValue>> zpopmin(String key, int count) {
        return Command.build(Replies.SCORED_LIST, "ZPOPMIN", key, popCount("ZPOPMIN", count));
    }

    /** ZPOPMAX key count: up to {@code count} highest-scored members, removed; empty when the key is. */
    public static Command<List<ScoredValue>> zpopmax(String key, int count) {
        return Command.build(Replies.SCORED_LIST, "ZPOPMAX", key, popCount("ZPOPMAX", count));
    }

    private static Integer popCount(String name, int count) {
        if (count < 1) {
            throw new IllegalArgumentException(name + " count must be positive, got " + count);
        }
        return count;
    }
}
