package dev.tether.redis;

import java.util.concurrent.CompletableFuture;

/** The asynchronous bitmap commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code BitmapTable}. */
interface AsyncBitmaps {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);
}
