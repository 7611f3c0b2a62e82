package dev.tether.redis;

import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hash commands of {@link Commands}: fields and values, HSCAN pages, random fields.
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
        List<Object> parts = new ArrayList<>(fields.size() * 2 + 2);
        parts.add("HSET");
        parts.add(key);
        addPairs(parts, fields, "HSET", "field");
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

    /** HSETNX key field value: true when the field was new and set, false when it existed. */
    public static Command<Boolean> hsetnx(String key, String field, String value) {
        return Command.build(Replies.BOOLEAN, "HSETNX", key, field, value);
    }

    /** HEXISTS key field. */
    public static Command<Boolean> hexists(String key, String field) {
        return Command.build(Replies.BOOLEAN, "HEXISTS", key, field);
    }

    /** HLEN key: how many fields; 0 if missing. */
    public static Command<Long> hlen(String key) {
        return Command.build(Replies.LONG, "HLEN", key);
    }

    /** HKEYS key: the field names; empty if missing. */
    public static Command<List<String>> hkeys(String key) {
        return Command.build(Replies.STRING_LIST, "HKEYS", key);
    }

    /** HVALS key: the values; empty if missing. */
    public static Command<List<String>> hvals(String key) {
        return Command.build(Replies.STRING_LIST, "HVALS", key);
    }

    /** HRANDFIELD key: one random field, or null if missing. */
    public static Command<String> hrandfield(String key) {
        return Command.build(Replies.STRING, "HRANDFIELD", key);
    }

    /**
     * HRANDFIELD key count: up to {@code count} distinct random fields, or exactly {@code -count}
     * possibly repeated ones when negative.
     */
    public static Command<List<String>> hrandfield(String key, long count) {
        return Command.build(Replies.STRING_LIST, "HRANDFIELD", key, count);
    }

    /** HRANDFIELD key count WITHVALUES: random fields with their values, counted as {@link #hrandfield(String, long)}. */
    public static Command<List<FieldValue>> hrandfieldWithValues(String key, long count) {
        return Command.build(HashTable::fieldValues, "HRANDFIELD", key, count, "WITHVALUES");
    }

    /**
     * One HSCAN step: the next cursor and a page of fields with values.
     *
     * @param cursor "0" to start, then the cursor of the previous page
     * @param match a glob pattern on field names, or null for all
     * @param count a hint of how many fields per page; 0 for the server's default
     */
    public static Command<HashScanPage> hscan(String key, String cursor, String match, int count) {
        return Command.build(HashScanPage::of, scanParts("HSCAN", Objects.requireNonNull(key, "key"), cursor, match, count).toArray());
    }

    /** RESP2 sends {@code [f, v, f, v...]}, RESP3 {@code [[f, v], [f, v]...]}. */
    static List<FieldValue> fieldValues(RespValue reply) {
        List<RespValue> elements = Replies.elements(reply);
        List<FieldValue> out = new ArrayList<>();
        if (!elements.isEmpty() && !(Replies.unwrap(elements.get(0)) instanceof RespBulkString)) {
            for (RespValue pair : elements) {
                List<RespValue> p = Replies.elements(pair);
                if (p.size() != 2) {
                    throw Replies.unexpected("field/value pairs", reply);
                }
                out.add(new FieldValue(Replies.string(p.get(0)), Replies.string(p.get(1))));
            }
        } else {
            if (elements.size() % 2 != 0) {
                throw Replies.unexpected("field/value pairs", reply);
            }
            for (int i = 0; i < elements.size(); i += 2) {
                out.add(new FieldValue(Replies.string(elements.get(i)), Replies.string(elements.get(i + 1))));
            }
        }
        return Collections.unmodifiableList(out);
    }
}
