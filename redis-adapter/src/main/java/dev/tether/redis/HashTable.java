package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hash commands of {@link Commands}.
 */
abstract class HashTable extends KeyTable {

    HashTable() {
    }

    /** HGET key field: the value, or null. */
    public static Command<String> hget(String key, String field) {
        return Command.build(Replies.STRING, "HGET", key, field);
    }

    /** HSET key field value ...: how many fields were added. */
    public static Command<Long> hset(String key, Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("HSET needs at least one field");
        }
        List<Object> parts = new ArrayList<>(fields.size() * 2 + 2);
        parts.add("HSET");
        parts.add(key);
        fields.forEach((f, v) -> {
            parts.add(f);
            parts.add(v);
        });
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** HMGET key field...: values in order, null for missing fields. */
    public static Command<List<String>> hmget(String key, List<String> fields) {
        return Command.build(Replies.STRING_LIST, withMembers("HMGET", key, fields));
    }

    /** HGETALL key: every field and value (a map under RESP2 and RESP3 alike). */
    public static Command<Map<String, String>> hgetall(String key) {
        return Command.build(Replies.STRING_MAP, "HGETALL", key);
    }

    /** HDEL key field...: how many were removed. */
    public static Command<Long> hdel(String key, List<String> fields) {
        return Command.build(Replies.LONG, withMembers("HDEL", key, fields));
    }

    /** HINCRBY key field by. */
    public static Command<Long> hincrBy(String key, String field, long by) {
        return Command.build(Replies.LONG, "HINCRBY", key, field, by);
    }
}
