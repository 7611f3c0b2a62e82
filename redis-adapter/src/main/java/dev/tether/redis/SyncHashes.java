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
}
