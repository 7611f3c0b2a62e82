package dev.tether.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Key and expiry commands of {@link Commands}: DEL, UNLINK, EXISTS, TYPE, RENAME, COPY, EXPIRE, PERSIST, TTL, SCAN.
 */
abstract class KeyTable extends StringTable {

    KeyTable() {
    }

    /** DEL key...: how many were removed. */
    public static Command<Long> del(List<String> keys) {
        return Command.build(Replies.LONG, withKeys("DEL", keys));
    }

    /** UNLINK key...: how many were removed (their memory is reclaimed in the background). */
    public static Command<Long> unlink(List<String> keys) {
        return Command.build(Replies.LONG, withKeys("UNLINK", keys));
    }

    /** TYPE key: "string", "list", "set", "zset", "hash", "stream" (or a module's type), "none" if missing. */
    public static Command<String> type(String key) {
        return Command.build(Replies.STRING, "TYPE", key);
    }

    /** RENAME key newkey: nothing; an error if {@code key} is missing. */
    public static Command<Void> rename(String key, String newKey) {
        return Command.build(Replies.VOID, "RENAME", key, newKey);
    }

    /** RENAMENX key newkey: false when {@code newKey} already exists; an error if {@code key} is missing. */
    public static Command<Boolean> renamenx(String key, String newKey) {
        return Command.build(Replies.BOOLEAN, "RENAMENX", key, newKey);
    }

    /** COPY source destination [REPLACE]: whether it was copied (false when the destination exists and not {@code replace}). */
    public static Command<Boolean> copy(String source, String destination, boolean replace) {
        return replace
                ? Command.build(Replies.BOOLEAN, "COPY", source, destination, "REPLACE")
                : Command.build(Replies.BOOLEAN, "COPY", source, destination);
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
        return Command.build(Replies.BOOLEAN, "EXPIRE", key, seconds("EXPIRE", ttl));
    }

    /** EXPIRE key seconds NX|XX|GT|LT: whether a timeout was set (false when the condition did not hold). */
    public static Command<Boolean> expire(String key, Duration ttl, ExpireCondition condition) {
        Objects.requireNonNull(condition, "condition");
        return Command.build(Replies.BOOLEAN, "EXPIRE", key, seconds("EXPIRE", ttl), condition.name());
    }

    /** PEXPIRE key millis: whether a timeout was set. Sub-millisecond parts are refused, not truncated. */
    public static Command<Boolean> pexpire(String key, Duration ttl) {
        return Command.build(Replies.BOOLEAN, "PEXPIRE", key, millis("PEXPIRE", ttl));
    }

    /** PEXPIRE key millis NX|XX|GT|LT: whether a timeout was set (false when the condition did not hold). */
    public static Command<Boolean> pexpire(String key, Duration ttl, ExpireCondition condition) {
        Objects.requireNonNull(condition, "condition");
        return Command.build(Replies.BOOLEAN, "PEXPIRE", key, millis("PEXPIRE", ttl), condition.name());
    }

    private static long seconds(String name, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.getNano() != 0) {
            throw new IllegalArgumentException(name + " takes whole seconds, got " + ttl + "; use pexpire");
        }
        return ttl.getSeconds();
    }

    private static long millis(String name, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(name + " takes whole milliseconds, got " + ttl);
        }
        return ttl.toMillis();
    }

    /** PERSIST key: true when a time to live was removed. */
    public static Command<Boolean> persist(String key) {
        return Command.build(Replies.BOOLEAN, "PERSIST", key);
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
        return scan(cursor, match, count, null);
    }

    /**
     * One SCAN step with a type filter: the next cursor and a page of keys of that type (the page
     * may be empty before the scan is over, since the filter applies after the step).
     *
     * @param match a glob pattern, or null for all keys
     * @param count a hint of how many keys per page; 0 for the server's default
     * @param type a type as TYPE names it ("string", "hash", ...), or null for every type
     */
    public static Command<ScanPage> scan(String cursor, String match, int count, String type) {
        List<Object> parts = scanParts("SCAN", null, cursor, match, count);
        if (type != null) {
            if (type.isEmpty()) {
                throw new IllegalArgumentException("SCAN type must not be empty");
            }
            parts.add("TYPE");
            parts.add(type);
        }
        return Command.build(ScanPage::of, parts.toArray());
    }
}
