package dev.tether.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The asynchronous HyperLogLog commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code HyperLogLogTable}. */
interface AsyncHyperLogLogs {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    /** PFADD: whether the estimate changed. */
    default CompletableFuture<Boolean> pfadd(String key, String... elements) {
        return executeAsync(Commands.pfadd(key, List.of(elements)));
    }

    /** PFCOUNT: the estimated number of distinct elements (of the union, for several keys). */
    default CompletableFuture<Long> pfcount(String... keys) {
        return executeAsync(Commands.pfcount(List.of(keys)));
    }

    /** PFMERGE: completes when the sources are merged into the destination. */
    default CompletableFuture<Void> pfmerge(String destination, String... sources) {
        return executeAsync(Commands.pfmerge(destination, List.of(sources)));
    }
}
