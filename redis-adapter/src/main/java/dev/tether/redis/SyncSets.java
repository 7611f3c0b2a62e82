package dev.tether.redis;

import java.util.List;
import java.util.Set;

/** The blocking set commands of {@link RedisCommands}, each over {@link #execute}; built by {@code SetTable}. */
interface SyncSets {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default long sadd(String key, String... members) {
        return execute(Commands.sadd(key, List.of(members)));
    }

    default long srem(String key, String... members) {
        return execute(Commands.srem(key, List.of(members)));
    }

    default Set<String> smembers(String key) {
        return execute(Commands.smembers(key));
    }

    default boolean sismember(String key, String member) {
        return execute(Commands.sismember(key, member));
    }

    default long scard(String key) {
        return execute(Commands.scard(key));
    }
}
