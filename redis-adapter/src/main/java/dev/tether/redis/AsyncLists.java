package dev.tether.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The asynchronous list commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code ListTable}. */
interface AsyncLists {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<Long> lpush(String key, String... values) {
        return executeAsync(Commands.lpush(key, List.of(values)));
    }

    default CompletableFuture<Long> rpush(String key, String... values) {
        return executeAsync(Commands.rpush(key, List.of(values)));
    }

    default CompletableFuture<String> lpop(String key) {
        return executeAsync(Commands.lpop(key));
    }

    default CompletableFuture<String> rpop(String key) {
        return executeAsync(Commands.rpop(key));
    }

    default CompletableFuture<List<String>> lrange(String key, long start, long stop) {
        return executeAsync(Commands.lrange(key, start, stop));
    }

    default CompletableFuture<Long> llen(String key) {
        return executeAsync(Commands.llen(key));
    }

    /** BLPOP: null when {@code timeout} passed with nothing to pop. See the class note on blocking. */
    default CompletableFuture<KeyValue> blpop(Duration timeout, String... keys) {
        return executeAsync(Commands.blpop(List.of(keys), timeout));
    }
}
