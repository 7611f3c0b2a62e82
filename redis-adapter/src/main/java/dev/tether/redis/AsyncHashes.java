package dev.tether.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The asynchronous hash commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code HashTable}. */
interface AsyncHashes {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<String> hget(String key, String field) {
        return executeAsync(Commands.hget(key, field));
    }

    default CompletableFuture<Long> hset(String key, Map<String, String> fields) {
        return executeAsync(Commands.hset(key, fields));
    }

    default CompletableFuture<List<String>> hmget(String key, String... fields) {
        return executeAsync(Commands.hmget(key, List.of(fields)));
    }

    default CompletableFuture<Map<String, String>> hgetall(String key) {
        return executeAsync(Commands.hgetall(key));
    }

    default CompletableFuture<Long> hdel(String key, String... fields) {
        return executeAsync(Commands.hdel(key, List.of(fields)));
    }

    default CompletableFuture<Long> hincrBy(String key, String field, long by) {
        return executeAsync(Commands.hincrBy(key, field, by));
    }
}
