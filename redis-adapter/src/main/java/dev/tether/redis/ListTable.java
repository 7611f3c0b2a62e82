package dev.tether.redis;

import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * List commands of {@link Commands}: pushes and pops, indexes and ranges, LPOS, LMOVE, LMPOP.
 */
abstract class ListTable extends HashTable {

    ListTable() {
    }

    /** LPUSH key value...: the new length. */
    public static Command<Long> lpush(String key, List<String> values) {
        return Command.build(Replies.LONG, withMembers("LPUSH", key, values));
    }

    /** RPUSH key value...: the new length. */
    public static Command<Long> rpush(String key, List<String> values) {
        return Command.build(Replies.LONG, withMembers("RPUSH", key, values));
    }

    /** LPOP key: the value, or null. */
    public static Command<String> lpop(String key) {
        return Command.build(Replies.STRING, "LPOP", key);
    }

    /** RPOP key: the value, or null. */
    public static Command<String> rpop(String key) {
        return Command.build(Replies.STRING, "RPOP", key);
    }

    /** LRANGE key start stop. */
    public static Command<List<String>> lrange(String key, long start, long stop) {
        return Command.build(Replies.STRING_LIST, "LRANGE", key, start, stop);
    }

    /** LLEN key. */
    public static Command<Long> llen(String key) {
        return Command.build(Replies.LONG, "LLEN", key);
    }

    /**
     * BLPOP key... timeout: the key and value popped, or null when the timeout passed. Blocks the
     * connection it runs on; on a shared client it holds up every other caller meanwhile.
     */
    public static Command<KeyValue> blpop(List<String> keys, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("BLPOP timeout must not be negative, got " + timeout);
        }
        return Command.build(Replies.KEY_VALUE, withKeys("BLPOP", keys, timeout.toNanos() / 1e9));
    }

    /** LINDEX key index: the element, or null when out of range or missing. */
    public static Command<String> lindex(String key, long index) {
        return Command.build(Replies.STRING, "LINDEX", key, index);
    }

    /** LSET key index element: nothing; an error when out of range or missing. */
    public static Command<Void> lset(String key, long index, String element) {
        return Command.build(Replies.VOID, "LSET", key, index, element);
    }

    /** LREM key count element: how many were removed (count &gt; 0 from the head, &lt; 0 from the tail, 0 all). */
    public static Command<Long> lrem(String key, long count, String element) {
        return Command.build(Replies.LONG, "LREM", key, count, element);
    }

    /** LTRIM key start stop: nothing; keeps only that range. */
    public static Command<Void> ltrim(String key, long start, long stop) {
        return Command.build(Replies.VOID, "LTRIM", key, start, stop);
    }

    /** LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot, 0 if missing. */
    public static Command<Long> linsert(String key, InsertPosition position, String pivot, String element) {
        Objects.requireNonNull(position, "position");
        return Command.build(Replies.LONG, "LINSERT", key, position.name(), pivot, element);
    }

    /** LPOS key element [RANK r] [MAXLEN m]: the index of the match, or null. */
    public static Command<Long> lpos(String key, String element, LposOptions options) {
        Objects.requireNonNull(options, "options");
        List<Object> parts = new ArrayList<>(List.of("LPOS", key, element));
        parts.addAll(options.arguments());
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** LPOS key element COUNT n [RANK r] [MAXLEN m]: the indexes of up to {@code count} matches (0 for all). */
    public static Command<List<Long>> lpos(String key, String element, long count, LposOptions options) {
        Objects.requireNonNull(options, "options");
        if (count < 0) {
            throw new IllegalArgumentException("LPOS count must not be negative, got " + count);
        }
        List<Object> parts = new ArrayList<>(List.of("LPOS", key, element, "COUNT", count));
        parts.addAll(options.arguments());
        return Command.build(v -> Replies.list(v, Replies.LONG), parts.toArray());
    }

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT: the element moved, or null when the source is empty. */
    public static Command<String> lmove(String source, String destination, ListSide from, ListSide to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return Command.build(Replies.STRING, "LMOVE", source, destination, from.name(), to.name());
    }

    /**
     * LMPOP numkeys key... LEFT|RIGHT COUNT count: the first non-empty key and up to {@code count}
     * values popped from it, or null when every list is empty. Non-blocking.
     */
    public static Command<KeyValues> lmpop(List<String> keys, ListSide side, long count) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(side, "side");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("LMPOP needs at least one key");
        }
        if (count < 1) {
            throw new IllegalArgumentException("LMPOP count must be positive, got " + count);
        }
        List<Object> parts = new ArrayList<>(keys.size() + 5);
        parts.add("LMPOP");
        parts.add(keys.size());
        parts.addAll(keys);
        parts.add(side.name());
        parts.add("COUNT");
        parts.add(count);
        return Command.build(ListTable::keyValues, parts.toArray());
    }

    /** {@code [key, [value...]]} under both protocols, or a null. */
    static KeyValues keyValues(RespValue reply) {
        RespValue v = Replies.unwrap(reply);
        if (v instanceof RespNull) {
            return null;
        }
        List<RespValue> pair = Replies.elements(v);
        if (pair.size() != 2) {
            throw Replies.unexpected("a key and values", reply);
        }
        return new KeyValues(Replies.string(pair.get(0)), Replies.list(pair.get(1), Replies.STRING));
    }
}
