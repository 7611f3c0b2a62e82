package dev.tether.redis;

import java.util.Objects;

/**
 * The table of typed commands: how each is built and how its reply converts. Every client kind
 * runs them ({@link RedisCommands#execute}, {@link RedisAsyncCommands#executeAsync}), and
 * pipelines and transactions take them as they are. Results have the same type under RESP2 and
 * RESP3. Arguments are checked here, before anything is sent: a bad one is an
 * {@link IllegalArgumentException} (or a {@link NullPointerException} for a null) naming it.
 *
 * <p>One class to look in, written by family: the builders of each family live in a file of
 * their own ({@code StringTable}, {@code KeyTable}, {@code HashTable}, {@code ListTable},
 * {@code SetTable}, {@code SortedSetTable}, {@code HyperLogLogTable}, {@code BitmapTable},
 * {@code GeoTable}, {@code StreamTable}, {@code ScriptTable}) and this class inherits them all, so
 * {@code Commands.hgetall(key)} is declared exactly once. The connection's own commands
 * (PING, ECHO) and publishing (PUBLISH, SPUBLISH) are here.
 */
public final class Commands extends ScriptTable {

    private Commands() {
    }

    /** PING: "PONG". */
    public static Command<String> ping() {
        return Command.build(Replies.STRING, "PING");
    }

    /** ECHO message. */
    public static Command<String> echo(String message) {
        return Command.build(Replies.STRING, "ECHO", message);
    }

    /** PUBLISH channel message: how many subscribers received it (on this node). */
    public static Command<Long> publish(String channel, String message) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        return Command.build(Replies.LONG, "PUBLISH", channel, message);
    }

    /** SPUBLISH shardchannel message: how many shard subscribers received it. */
    public static Command<Long> spublish(String shardChannel, String message) {
        Objects.requireNonNull(shardChannel, "shardChannel");
        Objects.requireNonNull(message, "message");
        return Command.build(Replies.LONG, "SPUBLISH", shardChannel, message);
    }
}
