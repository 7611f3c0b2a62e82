package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Set commands of {@link Commands}: members, set algebra, random members, SSCAN pages.
 */
abstract class SetTable extends ListTable {

    SetTable() {
    }

    /** SADD key member...: how many were added. */
    public static Command<Long> sadd(String key, List<String> members) {
        return Command.build(Replies.LONG, withMembers("SADD", key, members));
    }

    /** SREM key member...: how many were removed. */
    public static Command<Long> srem(String key, List<String> members) {
        return Command.build(Replies.LONG, withMembers("SREM", key, members));
    }

    /** SMEMBERS key. */
    public static Command<Set<String>> smembers(String key) {
        return Command.build(Replies.STRING_SET, "SMEMBERS", key);
    }

    /** SISMEMBER key member. */
    public static Command<Boolean> sismember(String key, String member) {
        return Command.build(Replies.BOOLEAN, "SISMEMBER", key, member);
    }

    /** SCARD key. */
    public static Command<Long> scard(String key) {
        return Command.build(Replies.LONG, "SCARD", key);
    }

    /** SINTER key...: the members in every set (a missing key is empty, so the result is too). */
    public static Command<Set<String>> sinter(List<String> keys) {
        return Command.build(Replies.STRING_SET, withKeys("SINTER", keys));
    }

    /** SUNION key...: the members in any of the sets. */
    public static Command<Set<String>> sunion(List<String> keys) {
        return Command.build(Replies.STRING_SET, withKeys("SUNION", keys));
    }

    /** SDIFF key...: the members of the first set in none of the others. */
    public static Command<Set<String>> sdiff(List<String> keys) {
        return Command.build(Replies.STRING_SET, withKeys("SDIFF", keys));
    }

    /** SINTERCARD numkeys key... [LIMIT limit]: the size of the intersection, counting stops at {@code limit} (0 for none). */
    public static Command<Long> sintercard(List<String> keys, long limit) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("SINTERCARD needs at least one key");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("SINTERCARD limit must not be negative, got " + limit);
        }
        List<Object> parts = new ArrayList<>(keys.size() + 4);
        parts.add("SINTERCARD");
        parts.add(keys.size());
        parts.addAll(keys);
        if (limit > 0) {
            parts.add("LIMIT");
            parts.add(limit);
        }
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** SMOVE source destination member: true when it was moved, false when not in the source. */
    public static Command<Boolean> smove(String source, String destination, String member) {
        return Command.build(Replies.BOOLEAN, "SMOVE", source, destination, member);
    }

    /** SPOP key: a random member removed, or null if missing. */
    public static Command<String> spop(String key) {
        return Command.build(Replies.STRING, "SPOP", key);
    }

    /** SPOP key count: up to {@code count} random members removed; empty if missing. */
    public static Command<Set<String>> spop(String key, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("SPOP count must not be negative, got " + count);
        }
        return Command.build(Replies.STRING_SET, "SPOP", key, count);
    }

    /** SRANDMEMBER key: a random member, or null if missing. */
    public static Command<String> srandmember(String key) {
        return Command.build(Replies.STRING, "SRANDMEMBER", key);
    }

    /**
     * SRANDMEMBER key count: up to {@code count} distinct random members, or exactly
     * {@code -count} possibly repeated ones when negative (hence a list).
     */
    public static Command<List<String>> srandmember(String key, long count) {
        return Command.build(Replies.STRING_LIST, "SRANDMEMBER", key, count);
    }

    /**
     * One SSCAN step: the next cursor and a page of members (as the page's {@code keys}).
     *
     * @param cursor "0" to start, then the cursor of the previous page
     * @param match a glob pattern on members, or null for all
     * @param count a hint of how many members per page; 0 for the server's default
     */
    public static Command<ScanPage> sscan(String key, String cursor, String match, int count) {
        return Command.build(ScanPage::of, scanParts("SSCAN", Objects.requireNonNull(key, "key"), cursor, match, count).toArray());
    }
}
