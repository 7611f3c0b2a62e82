package dev.tether.redis;

import java.util.List;
import java.util.Map;

/** The blocking string commands of {@link RedisCommands}, each over {@link #execute}; built by {@code StringTable}. */
interface SyncStrings {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default String get(String key) {
        return execute(Commands.get(key));
    }

    default byte[] get(byte[] key) {
        return execute(Commands.get(key));
    }

    default boolean set(String key, String value) {
        return execute(Commands.set(key, value));
    }

    default boolean set(byte[] key, byte[] value) {
        return execute(Commands.set(key, value));
    }

    default boolean set(String key, String value, SetOptions options) {
        return execute(Commands.set(key, value, options));
    }

    default String setGet(String key, String value, SetOptions options) {
        return execute(Commands.setGet(key, value, options));
    }

    default List<String> mget(List<String> keys) {
        return execute(Commands.mget(keys));
    }

    default void mset(Map<String, String> entries) {
        execute(Commands.mset(entries));
    }

    default long incr(String key) {
        return execute(Commands.incr(key));
    }

    default long incrBy(String key, long by) {
        return execute(Commands.incrBy(key, by));
    }

    default long decr(String key) {
        return execute(Commands.decr(key));
    }

    default long decrBy(String key, long by) {
        return execute(Commands.decrBy(key, by));
    }

    default long append(String key, String value) {
        return execute(Commands.append(key, value));
    }

    default long strlen(String key) {
        return execute(Commands.strlen(key));
    }

    default String getex(String key, GetExOptions options) {
        return execute(Commands.getex(key, options));
    }

    default String getdel(String key) {
        return execute(Commands.getdel(key));
    }

    default long setrange(String key, long offset, String value) {
        return execute(Commands.setrange(key, offset, value));
    }

    default String getrange(String key, long start, long end) {
        return execute(Commands.getrange(key, start, end));
    }

    default double incrByFloat(String key, double by) {
        return execute(Commands.incrByFloat(key, by));
    }

    default boolean msetnx(Map<String, String> entries) {
        return execute(Commands.msetnx(entries));
    }
}
