package dev.tether.redis;

import java.time.Duration;
import java.util.List;

/** The blocking list commands of {@link RedisCommands}, each over {@link #execute}; built by {@code ListTable}. */
interface SyncLists {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default long lpush(String key, String... values) {
        return execute(Commands.lpush(key, List.of(values)));
    }

    default long rpush(String key, String... values) {
        return execute(Commands.rpush(key, List.of(values)));
    }

    default String lpop(String key) {
        return execute(Commands.lpop(key));
    }

    default String rpop(String key) {
        return execute(Commands.rpop(key));
    }

    default List<String> lrange(String key, long start, long stop) {
        return execute(Commands.lrange(key, start, stop));
    }

    default long llen(String key) {
        return execute(Commands.llen(key));
    }

    /** BLPOP: null when {@code timeout} passed with nothing to pop. See the class note on blocking. */
    default KeyValue blpop(Duration timeout, String... keys) {
        return execute(Commands.blpop(List.of(keys), timeout));
    }
}
