package dev.tether.redis;

import dev.tether.redis.resp.RespValue;

/**
 * The blocking command surface every kind of client offers, over one seam:
 * {@link #execute(Command)}. A client implements that method and gets every typed command
 * ({@code get}, {@code hgetall}, {@code zadd}...), each built by {@link Commands} and declared
 * once here, by family. A command that fails on the server throws
 * {@link RedisErrorException}; anything between client and server throws
 * {@link RedisConnectionException}; bad arguments throw {@link IllegalArgumentException} before
 * anything is sent.
 *
 * @see RedisAsyncCommands the same surface returning futures
 */
public interface RedisCommands extends SyncStrings, SyncKeys, SyncHashes, SyncLists, SyncSets, SyncSortedSets,
        SyncHyperLogLogs, SyncBitmaps, SyncGeo, SyncStreams, SyncScripting {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    @Override
    <T> T execute(Command<T> command);

    /** Any command, reply as the raw {@link RespValue}. */
    default RespValue command(String... args) {
        return execute(Command.of(args));
    }

    /** Any command, binary-safe, reply as the raw {@link RespValue}. */
    default RespValue command(byte[]... args) {
        return execute(Command.of(args));
    }

    default String ping() {
        return execute(Commands.ping());
    }

    default String echo(String message) {
        return execute(Commands.echo(message));
    }

    /** PUBLISH: how many subscribers received the message. */
    default long publish(String channel, String message) {
        return execute(Commands.publish(channel, message));
    }

    /** SPUBLISH: how many shard subscribers received the message. */
    default long spublish(String shardChannel, String message) {
        return execute(Commands.spublish(shardChannel, message));
    }
}
