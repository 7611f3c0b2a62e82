package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * String commands of {@link Commands}: GET, SET and friends, counters, MGET/MSET.
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

    /** MGET key...: values in order, null for missing keys. */
    public static Command<List<String>> mget(List<String> keys) {
        return Command.build(Replies.STRING_LIST, withKeys("MGET", keys));
    }

    /** MSET key value ...: sets them all. */
    public static Command<Void> mset(Map<String, String> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("MSET needs at least one entry");
        }
        List<Object> parts = new ArrayList<>(entries.size() * 2 + 1);
        parts.add("MSET");
        entries.forEach((k, v) -> {
            parts.add(k);
            parts.add(v);
        });
        return Command.build(Replies.VOID, parts.toArray());
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
