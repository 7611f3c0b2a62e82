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

    default CompletableFuture<Boolean> hsetnx(String key, String field, String value) {
        return executeAsync(Commands.hsetnx(key, field, value));
    }

    default CompletableFuture<Boolean> hexists(String key, String field) {
        return executeAsync(Commands.hexists(key, field));
    }

    default CompletableFuture<Long> hlen(String key) {
        return executeAsync(Commands.hlen(key));
    }

    default CompletableFuture<List<String>> hkeys(String key) {
        return executeAsync(Commands.hkeys(key));
    }

    default CompletableFuture<List<String>> hvals(String key) {
        return executeAsync(Commands.hvals(key));
    }

    default CompletableFuture<String> hrandfield(String key) {
        return executeAsync(Commands.hrandfield(key));
    }

    default CompletableFuture<List<String>> hrandfield(String key, long count) {
        return executeAsync(Commands.hrandfield(key, count));
    }

    default CompletableFuture<List<FieldValue>> hrandfieldWithValues(String key, long count) {
        return executeAsync(Commands.hrandfieldWithValues(key, count));
    }

    /** One HSCAN step; pass the returned cursor back until it is "0". */
    default CompletableFuture<HashScanPage> hscan(String key, String cursor, String match, int count) {
        return executeAsync(Commands.hscan(key, cursor, match, count));
    }
}
