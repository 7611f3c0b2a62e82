package dev.tether.redis;

import java.util.List;
import java.util.Map;

/** The blocking hash commands of {@link RedisCommands}, each over {@link #execute}; built by {@code HashTable}. */
interface SyncHashes {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default String hget(String key, String field) {
        return execute(Commands.hget(key, field));
    }

    default long hset(String key, Map<String, String> fields) {
        return execute(Commands.hset(key, fields));
    }

    default List<String> hmget(String key, String... fields) {
        return execute(Commands.hmget(key, List.of(fields)));
    }

    default Map<String, String> hgetall(String key) {
        return execute(Commands.hgetall(key));
    }

    default long hdel(String key, String... fields) {
        return execute(Commands.hdel(key, List.of(fields)));
    }

    default long hincrBy(String key, String field, long by) {
        return execute(Commands.hincrBy(key, field, by));
    }

    default boolean hsetnx(String key, String field, String value) {
        return execute(Commands.hsetnx(key, field, value));
    }

    default boolean hexists(String key, String field) {
        return execute(Commands.hexists(key, field));
    }

    default long hlen(String key) {
        return execute(Commands.hlen(key));
    }

    default List<String> hkeys(String key) {
        return execute(Commands.hkeys(key));
    }

    default List<String> hvals(String key) {
        return execute(Commands.hvals(key));
    }

    default String hrandfield(String key) {
        return execute(Commands.hrandfield(key));
    }

    default List<String> hrandfield(String key, long count) {
        return execute(Commands.hrandfield(key, count));
    }

    default List<FieldValue> hrandfieldWithValues(String key, long count) {
        return execute(Commands.hrandfieldWithValues(key, count));
    }

    /** One HSCAN step; pass the returned cursor back until it is "0". */
    default HashScanPage hscan(String key, String cursor, String match, int count) {
        return execute(Commands.hscan(key, cursor, match, count));
    }
}
