package dev.tether.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * List commands of {@link Commands}.
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
}
