package dev.tether.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The asynchronous key and expiry commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code KeyTable}. */
interface AsyncKeys {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<Long> del(String... keys) {
        return executeAsync(Commands.del(List.of(keys)));
    }

    default CompletableFuture<Long> exists(String... keys) {
        return executeAsync(Commands.exists(List.of(keys)));
    }

    default CompletableFuture<Boolean> expire(String key, Duration ttl) {
        return executeAsync(Commands.expire(key, ttl));
    }

    default CompletableFuture<Boolean> pexpire(String key, Duration ttl) {
        return executeAsync(Commands.pexpire(key, ttl));
    }

    default CompletableFuture<Long> ttl(String key) {
        return executeAsync(Commands.ttl(key));
    }

    default CompletableFuture<Long> pttl(String key) {
        return executeAsync(Commands.pttl(key));
    }

    default CompletableFuture<Long> unlink(String... keys) {
        return executeAsync(Commands.unlink(List.of(keys)));
    }

    default CompletableFuture<String> type(String key) {
        return executeAsync(Commands.type(key));
    }

    default CompletableFuture<Void> rename(String key, String newKey) {
        return executeAsync(Commands.rename(key, newKey));
    }

    default CompletableFuture<Boolean> renamenx(String key, String newKey) {
        return executeAsync(Commands.renamenx(key, newKey));
    }

    default CompletableFuture<Boolean> copy(String source, String destination, boolean replace) {
        return executeAsync(Commands.copy(source, destination, replace));
    }

    default CompletableFuture<Boolean> expire(String key, Duration ttl, ExpireCondition condition) {
        return executeAsync(Commands.expire(key, ttl, condition));
    }

    default CompletableFuture<Boolean> pexpire(String key, Duration ttl, ExpireCondition condition) {
        return executeAsync(Commands.pexpire(key, ttl, condition));
    }

    default CompletableFuture<Boolean> persist(String key) {
        return executeAsync(Commands.persist(key));
    }
}
