package dev.tether.redis;

import java.util.concurrent.CompletableFuture;

/** The asynchronous geo commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code GeoTable}. */
interface AsyncGeo {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);
}
