package dev.tether.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Key and expiry commands of {@link Commands}: DEL, EXISTS, EXPIRE, TTL, SCAN.
 */
abstract class KeyTable extends StringTable {

    KeyTable() {
    }

    /** DEL key...: how many were removed. */
    public static Command<Long> del(List<String> keys) {
        return Command.build(Replies.LONG, withKeys("DEL", keys));
    }

    /** EXISTS key...: how many exist. */
    public static Command<Long> exists(List<String> keys) {
        return Command.build(Replies.LONG, withKeys("EXISTS", keys));
    }

    /**
     * EXPIRE key seconds: whether a timeout was set. EXPIRE counts whole seconds, so a fraction is
     * refused rather than truncated (500 ms would become 0 and delete the key): use pexpire.
     */
    public static Command<Boolean> expire(String key, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.getNano() != 0) {
            throw new IllegalArgumentException("EXPIRE takes whole seconds, got " + ttl + "; use pexpire");
        }
        return Command.build(Replies.BOOLEAN, "EXPIRE", key, ttl.getSeconds());
    }

    /** PEXPIRE key millis: whether a timeout was set. Sub-millisecond parts are refused, not truncated. */
    public static Command<Boolean> pexpire(String key, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("PEXPIRE takes whole milliseconds, got " + ttl);
        }
        return Command.build(Replies.BOOLEAN, "PEXPIRE", key, ttl.toMillis());
    }

    /** TTL key: seconds left, -1 without expiry, -2 if missing. */
    public static Command<Long> ttl(String key) {
        return Command.build(Replies.LONG, "TTL", key);
    }

    /** PTTL key: milliseconds left, -1 without expiry, -2 if missing. */
    public static Command<Long> pttl(String key) {
        return Command.build(Replies.LONG, "PTTL", key);
    }

    /**
     * One SCAN step: the next cursor and a page of keys. {@link RedisClient#scan} iterates for you.
     *
     * @param match a glob pattern, or null for all keys
     * @param count a hint of how many keys per page; 0 for the server's default
     */
    public static Command<ScanPage> scan(String cursor, String match, int count) {
        List<Object> parts = new ArrayList<>(List.of("SCAN", cursor));
        if (match != null) {
            parts.add("MATCH");
            parts.add(match);
        }
        if (count > 0) {
            parts.add("COUNT");
            parts.add(count);
        }
        return Command.build(ScanPage::of, parts.toArray());
    }
}
