package dev.tether.redis;

import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous command surface every kind of client offers, over one seam:
 * {@link #executeAsync(Command)}. Every typed command of {@link RedisCommands} is here too,
 * returning a future that completes with the same value, or fails with what the blocking form
 * would throw. Arguments are checked at once: a bad one throws before a future exists.
 */
public interface RedisAsyncCommands extends AsyncStrings, AsyncKeys, AsyncHashes, AsyncLists, AsyncSets,
        AsyncSortedSets, AsyncHyperLogLogs, AsyncBitmaps, AsyncGeo, AsyncStreams, AsyncScripting {

    /** Runs {@code command}; the future completes with its converted reply. */
    @Override
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<String> ping() {
        return executeAsync(Commands.ping());
    }

    default CompletableFuture<String> echo(String message) {
        return executeAsync(Commands.echo(message));
    }

    /** PUBLISH: how many subscribers received the message. */
    default CompletableFuture<Long> publish(String channel, String message) {
        return executeAsync(Commands.publish(channel, message));
    }

    /** SPUBLISH: how many shard subscribers received the message. */
    default CompletableFuture<Long> spublish(String shardChannel, String message) {
        return executeAsync(Commands.spublish(shardChannel, message));
    }
}
