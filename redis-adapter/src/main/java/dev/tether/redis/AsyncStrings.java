package dev.tether.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The asynchronous string commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code StringTable}. */
interface AsyncStrings {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<String> get(String key) {
        return executeAsync(Commands.get(key));
    }

    default CompletableFuture<byte[]> get(byte[] key) {
        return executeAsync(Commands.get(key));
    }

    default CompletableFuture<Boolean> set(String key, String value) {
        return executeAsync(Commands.set(key, value));
    }

    default CompletableFuture<Boolean> set(byte[] key, byte[] value) {
        return executeAsync(Commands.set(key, value));
    }

    default CompletableFuture<Boolean> set(String key, String value, SetOptions options) {
        return executeAsync(Commands.set(key, value, options));
    }

    default CompletableFuture<String> setGet(String key, String value, SetOptions options) {
        return executeAsync(Commands.setGet(key, value, options));
    }

    default CompletableFuture<List<String>> mget(List<String> keys) {
        return executeAsync(Commands.mget(keys));
    }

    default CompletableFuture<Void> mset(Map<String, String> entries) {
        return executeAsync(Commands.mset(entries));
    }

    default CompletableFuture<Long> incr(String key) {
        return executeAsync(Commands.incr(key));
    }

    default CompletableFuture<Long> incrBy(String key, long by) {
        return executeAsync(Commands.incrBy(key, by));
    }

    default CompletableFuture<Long> decr(String key) {
        return executeAsync(Commands.decr(key));
    }

    default CompletableFuture<Long> decrBy(String key, long by) {
        return executeAsync(Commands.decrBy(key, by));
    }

    default CompletableFuture<Long> append(String key, String value) {
        return executeAsync(Commands.append(key, value));
    }

    default CompletableFuture<Long> strlen(String key) {
        return executeAsync(Commands.strlen(key));
    }

    default CompletableFuture<String> getex(String key, GetExOptions options) {
        return executeAsync(Commands.getex(key, options));
    }

    default CompletableFuture<String> getdel(String key) {
        return executeAsync(Commands.getdel(key));
    }

    default CompletableFuture<Long> setrange(String key, long offset, String value) {
        return executeAsync(Commands.setrange(key, offset, value));
    }

    default CompletableFuture<String> getrange(String key, long start, long end) {
        return executeAsync(Commands.getrange(key, start, end));
    }

    default CompletableFuture<Double> incrByFloat(String key, double by) {
        return executeAsync(Commands.incrByFloat(key, by));
    }

    default CompletableFuture<Boolean> msetnx(Map<String, String> entries) {
        return executeAsync(Commands.msetnx(entries));
    }
}
