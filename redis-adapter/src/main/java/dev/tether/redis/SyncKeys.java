package dev.tether.redis;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/** The blocking key and expiry commands of {@link RedisCommands}, each over {@link #execute}; built by {@code KeyTable}. */
interface SyncKeys {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    /** Iterates over every key (SCAN), fetching pages as needed. */
    default Iterator<String> scan() {
        return scan(null, 0);
    }

    /** Iterates over the keys matching {@code match} (SCAN ... MATCH ... COUNT). */
    default Iterator<String> scan(String match, int count) {
        return new ScanIterator(this, match, count);
    }

    /** Iterates over the keys of {@code type} matching {@code match} (SCAN ... MATCH ... COUNT ... TYPE); null match or type for any. */
    default Iterator<String> scan(String match, int count, String type) {
        return new ScanIterator(this, match, count, type);
    }

    default long del(String... keys) {
        return execute(Commands.del(List.of(keys)));
    }

    default long exists(String... keys) {
        return execute(Commands.exists(List.of(keys)));
    }

    default boolean expire(String key, Duration ttl) {
        return execute(Commands.expire(key, ttl));
    }

    default boolean pexpire(String key, Duration ttl) {
        return execute(Commands.pexpire(key, ttl));
    }

    default long ttl(String key) {
        return execute(Commands.ttl(key));
    }

    default long pttl(String key) {
        return execute(Commands.pttl(key));
    }

    default long unlink(String... keys) {
        return execute(Commands.unlink(List.of(keys)));
    }

    default String type(String key) {
        return execute(Commands.type(key));
    }

    default void rename(String key, String newKey) {
        execute(Commands.rename(key, newKey));
    }

    default boolean renamenx(String key, String newKey) {
        return execute(Commands.renamenx(key, newKey));
    }

    default boolean copy(String source, String destination, boolean replace) {
        return execute(Commands.copy(source, destination, replace));
    }

    default boolean expire(String key, Duration ttl, ExpireCondition condition) {
        return execute(Commands.expire(key, ttl, condition));
    }

    default boolean pexpire(String key, Duration ttl, ExpireCondition condition) {
        return execute(Commands.pexpire(key, ttl, condition));
    }

    default boolean persist(String key) {
        return execute(Commands.persist(key));
    }
}
