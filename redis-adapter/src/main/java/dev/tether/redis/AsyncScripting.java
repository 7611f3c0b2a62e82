package dev.tether.redis;

import java.util.concurrent.CompletableFuture;

/** The asynchronous scripting commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code ScriptTable}. */
interface AsyncScripting {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);
}
