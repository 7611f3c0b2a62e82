package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * String commands of {@link Commands}: GET, SET and friends, ranges, counters, MGET/MSET.
 */
abstract class StringTable extends CommandTable {

    StringTable() {
    }

    /** GET key: the value, or null. */
    public static Command<String> get(String key) {
        return Command.build(Replies.STRING, "GET", key);
    }

    /** GET key, binary-safe: the value, or null. */
    public static Command<byte[]> get(byte[] key) {
        return Command.build(Replies.BYTES, "GET", key);
    }

    /** SET key value: true. */
    public static Command<Boolean> set(String key, String value) {
        return Command.build(Replies.OK_OR_NULL, "SET", key, value);
    }

    /** SET key value, binary-safe: true. */
    public static Command<Boolean> set(byte[] key, byte[] value) {
        return Command.build(Replies.OK_OR_NULL, "SET", key, value);
    }

    /** SET key value with options: false when NX/XX prevented the write. */
    public static Command<Boolean> set(String key, String value, SetOptions options) {
        return Command.build(Replies.OK_OR_NULL, setParts(key, value, options, false));
    }

    /** SET key value [options] GET: the previous value, or null. */
    public static Command<String> setGet(String key, String value, SetOptions options) {
        return Command.build(Replies.STRING, setParts(key, value, options, true));
    }

    private static Object[] setParts(String key, String value, SetOptions options, boolean get) {
        Objects.requireNonNull(options, "options");
        List<Object> parts = new ArrayList<>(List.of("SET", key, value));
        parts.addAll(options.arguments());
        if (get) {
            parts.add("GET");
        }
        return parts.toArray();
    }

    /** GETEX key EX|PX|EXAT|PXAT|PERSIST: the value (null if missing), its time to live changed as {@code options} say. */
    public static Command<String> getex(String key, GetExOptions options) {
        Objects.requireNonNull(options, "options");
        List<Object> parts = new ArrayList<>(List.of("GETEX", key));
        parts.addAll(options.arguments());
        return Command.build(Replies.STRING, parts.toArray());
    }

    /** GETDEL key: the value, or null; the key is deleted. */
    public static Command<String> getdel(String key) {
        return Command.build(Replies.STRING, "GETDEL", key);
    }

    /** SETRANGE key offset value: the length of the string after the write (zero-padded if it grew). */
    public static Command<Long> setrange(String key, long offset, String value) {
        if (offset < 0) {
            throw new IllegalArgumentException("SETRANGE offset must not be negative, got " + offset);
        }
        return Command.build(Replies.LONG, "SETRANGE", key, offset, value);
    }

    /** GETRANGE key start end: the substring (inclusive, negative indexes from the end); "" if missing. */
    public static Command<String> getrange(String key, long start, long end) {
        return Command.build(Replies.STRING, "GETRANGE", key, start, end);
    }

    /** INCRBYFLOAT key by: the new value. */
    public static Command<Double> incrByFloat(String key, double by) {
        if (!Double.isFinite(by)) {
            throw new IllegalArgumentException("INCRBYFLOAT increment must be finite, got " + by);
        }
        return Command.build(Replies.DOUBLE, "INCRBYFLOAT", key, by);
    }

    /** MSETNX key value ...: true when all were set, false (and none set) if any key existed. */
    public static Command<Boolean> msetnx(Map<String, String> entries) {
        return Command.build(Replies.BOOLEAN, pairs("MSETNX", entries));
    }

    /** MGET key...: values in order, null for missing keys. */
    public static Command<List<String>> mget(List<String> keys) {
        return Command.build(Replies.STRING_LIST, withKeys("MGET", keys));
    }

    /** MSET key value ...: sets them all. */
    public static Command<Void> mset(Map<String, String> entries) {
        return Command.build(Replies.VOID, pairs("MSET", entries));
    }

    private static Object[] pairs(String name, Map<String, String> entries) {
        Objects.requireNonNull(entries, "entries");
        List<Object> parts = new ArrayList<>(entries.size() * 2 + 1);
        parts.add(name);
        addPairs(parts, entries, name, "entry");
        return parts.toArray();
    }

    /** INCR key. */
    public static Command<Long> incr(String key) {
        return Command.build(Replies.LONG, "INCR", key);
    }

    /** INCRBY key by. */
    public static Command<Long> incrBy(String key, long by) {
        return Command.build(Replies.LONG, "INCRBY", key, by);
    }

    /** DECR key. */
    public static Command<Long> decr(String key) {
        return Command.build(Replies.LONG, "DECR", key);
    }

    /** DECRBY key by. */
    public static Command<Long> decrBy(String key, long by) {
        return Command.build(Replies.LONG, "DECRBY", key, by);
    }

    /** APPEND key value: the new length. */
    public static Command<Long> append(String key, String value) {
        return Command.build(Replies.LONG, "APPEND", key, value);
    }

    /** STRLEN key. */
    public static Command<Long> strlen(String key) {
        return Command.build(Replies.LONG, "STRLEN", key);
    }
}
