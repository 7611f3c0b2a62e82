package dev.tether.redis;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The asynchronous set commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code SetTable}. */
interface AsyncSets {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<Long> sadd(String key, String... members) {
        return executeAsync(Commands.sadd(key, List.of(members)));
    }

    default CompletableFuture<Long> srem(String key, String... members) {
        return executeAsync(Commands.srem(key, List.of(members)));
    }

    default CompletableFuture<Set<String>> smembers(String key) {
        return executeAsync(Commands.smembers(key));
    }

    default CompletableFuture<Boolean> sismember(String key, String member) {
        return executeAsync(Commands.sismember(key, member));
    }

    default CompletableFuture<Long> scard(String key) {
        return executeAsync(Commands.scard(key));
    }
}
