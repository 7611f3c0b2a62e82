package dev.tether.redis;

import java.util.concurrent.CompletableFuture;

/** The asynchronous stream commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code StreamTable}. */
interface AsyncStreams {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);
}
