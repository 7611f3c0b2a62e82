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

    default CompletableFuture<Set<String>> sinter(String... keys) {
        return executeAsync(Commands.sinter(List.of(keys)));
    }

    default CompletableFuture<Set<String>> sunion(String... keys) {
        return executeAsync(Commands.sunion(List.of(keys)));
    }

    default CompletableFuture<Set<String>> sdiff(String... keys) {
        return executeAsync(Commands.sdiff(List.of(keys)));
    }

    /** SINTERCARD: the intersection's size, counting no further than {@code limit} (0 for no limit). */
    default CompletableFuture<Long> sintercard(long limit, String... keys) {
        return executeAsync(Commands.sintercard(List.of(keys), limit));
    }

    default CompletableFuture<Boolean> smove(String source, String destination, String member) {
        return executeAsync(Commands.smove(source, destination, member));
    }

    default CompletableFuture<String> spop(String key) {
        return executeAsync(Commands.spop(key));
    }

    default CompletableFuture<Set<String>> spop(String key, long count) {
        return executeAsync(Commands.spop(key, count));
    }

    default CompletableFuture<String> srandmember(String key) {
        return executeAsync(Commands.srandmember(key));
    }

    default CompletableFuture<List<String>> srandmember(String key, long count) {
        return executeAsync(Commands.srandmember(key, count));
    }

    /** One SSCAN step; the page's keys are the members; pass the cursor back until it is "0". */
    default CompletableFuture<ScanPage> sscan(String key, String cursor, String match, int count) {
        return executeAsync(Commands.sscan(key, cursor, match, count));
    }
}
