package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Typed commands, each declared once: {@link RedisClient} and {@link RedisAsync} run them, and
 * pipelines and transactions take them as they are. Results have the same type under RESP2 and
 * RESP3.
 */
public final class Commands {

    private Commands() {
    }

    private static Object[] withKeys(String name, List<String> keys, Object... tail) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one key");
        }
        List<Object> parts = new ArrayList<>(keys.size() + tail.length + 1);
        parts.add(name);
        parts.addAll(keys);
        parts.addAll(List.of(tail));
        return parts.toArray();
    }

    private static Object[] withMembers(String name, String key, List<String> members) {
        Objects.requireNonNull(members, "members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one member");
        }
        List<Object> parts = new ArrayList<>(members.size() + 2);
        parts.add(name);
        parts.add(key);
        parts.addAll(members);
        return parts.toArray();
    }

    /** PING: "PONG". */
    public static Command<String> ping() {
        return Command.build(Replies.STRING, "PING");
    }

    /** ECHO message. */
    public static Command<String> echo(String message) {
        return Command.build(Replies.STRING, "ECHO", message);
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

    /** One page of a SCAN: the cursor to continue from ("0" when done) and the keys. */
    public record ScanPage(String cursor, List<String> keys) {
        static ScanPage of(RespValue reply) {
            List<RespValue> parts = Replies.elements(reply);
            if (parts.size() != 2) {
                throw Replies.unexpected("a cursor and keys", reply);
            }
            return new ScanPage(Replies.string(parts.get(0)), Replies.list(parts.get(1), Replies.STRING));
        }
    }
}
