package dev.tether.redis;

import java.util.concurrent.CompletableFuture;

/** The asynchronous HyperLogLog commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code HyperLogLogTable}. */
interface AsyncHyperLogLogs {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);
}
