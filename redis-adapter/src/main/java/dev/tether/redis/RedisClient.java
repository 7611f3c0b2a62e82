package dev.tether.redis;

import dev.tether.connection.ConnectionState;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A Redis client over ONE connection that any number of threads share safely. Commands from
 * concurrent callers are pipelined implicitly: whatever queued while the connection was writing
 * goes out in the next single write, and replies come back to each caller in order. The
 * connection reconnects by itself (jittered backoff); while it is down commands fail fast with
 * {@link RedisConnectionException.Reason#CLOSED} (or wait in the opt-in hold queue), and commands
 * in flight when it drops fail with {@link RedisConnectionException.Reason#DISCONNECTED}: they
 * are never replayed, so an INCR cannot apply twice.
 *
 * <pre>{@code
 * try (RedisClient redis = RedisClient.connect(RedisOptions.fromUri("redis://127.0.0.1:6379"))) {
 *     redis.set("greeting", "hello");
 *     String value = redis.get("greeting");
 *     redis.async().incr("visits").thenAccept(n -> System.out.println(n));
 * }
 * }</pre>
 *
 * <p>Errors: a server error reply throws {@link RedisErrorException}; anything between client and
 * server throws {@link RedisConnectionException} with a reason. Either is made on the calling
 * thread, so its stack trace shows the caller's own line; the failure as the connection saw it
 * (with the frames of the thread that saw it) is its cause. Bad input (an empty command, a
 * null argument, a command that would break the shared connection such as WATCH, MULTI, SELECT,
 * SUBSCRIBE or CLIENT REPLY) throws {@link IllegalArgumentException} before anything is sent.
 *
 * <p>Blocking commands (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN/MAX, BZMPOP, XREAD and
 * XREADGROUP with BLOCK), pipelines holding one, and watch transactions never hold up the shared
 * connection: they run on one of at most {@link RedisOptions#maxDedicatedConnections()}
 * dedicated connections the client keeps beside it, made from the same options. A blocking
 * command's deadline is its block time plus the command timeout; <b>when that deadline passes,
 * its dedicated connection is closed, not reused</b>, since a pop answered late would otherwise
 * be read and dropped, and the element lost. Timeout 0 (block forever) is refused with an
 * {@link IllegalArgumentException} before anything is sent unless
 * {@link RedisOptions#allowInfiniteBlocking()}. A caller finding every dedicated connection busy
 * waits for one within its command timeout, then fails with
 * {@link RedisConnectionException.Reason#OVERLOADED}. A lone WAIT stays on the shared connection,
 * where the writes it waits for went.
 */
public interface RedisClient extends RedisCommands, AutoCloseable {

    /** Connects as {@code options} say (waiting for the first connection only with syncConnect). */
    static RedisClient connect(RedisOptions options) {
        return DefaultRedisClient.connect(options);
    }

    /** Connects to a {@code redis://}, {@code rediss://} or {@code unix://} URI with default options. */
    static RedisClient connect(String uri) {
        return connect(RedisOptions.fromUri(uri));
    }

    /** The asynchronous face of this client; same connection. */
    RedisAsync async();

    /**
     * Sends {@code commands} in one write and returns their replies in order: each element is the
     * converted reply, or a {@link RedisError} for a command the server refused.
     */
    List<Object> pipeline(List<? extends Command<?>> commands);

    /**
     * Sends MULTI, {@code commands}, EXEC in one write and returns EXEC's results (errors of single
     * commands as {@link RedisError} values).
     *
     * @throws RedisErrorException if the server aborted the transaction (EXECABORT)
     */
    List<Object> transaction(List<? extends Command<?>> commands);

    /**
     * An optimistic transaction on a dedicated connection: WATCH {@code keys}, run {@code body}
     * (which may read through the client it is given, valid only during the call, and returns the
     * commands to run), then MULTI ... EXEC. Returns the results, or empty if a watched key changed
     * meanwhile. The connection is reused by later calls: if the body throws, it is reset with
     * UNWATCH first (or closed if that fails).
     */
    Optional<List<Object>> watchTransaction(Collection<String> keys, WatchBody body);

    /**
     * Sends {@code command} without waiting; its reply is read and discarded (errors are logged).
     * A blocking command is refused ({@link IllegalArgumentException}): it would hold a connection
     * with no one waiting for the reply.
     */
    void fireAndForget(Command<?> command);

    /** Where the connection is in its life (CONNECTED, BACKING_OFF, ...). */
    ConnectionState state();

    /**
     * Commands on the shared connection not answered yet: sent, queued to be written, or waiting
     * for a connection. For gauges; the dedicated connections' commands are not counted.
     */
    int inFlight();

    /** Commands waiting in the hold queue for the connection to come back (0 without one). For gauges. */
    int held();

    /** Stops the client: waiting callers fail with STOPPED; the socket is closed. */
    @Override
    void close();

    /**
     * Stops the client after letting the commands already made finish, for up to {@code drain}.
     * From the moment this is called, a new command fails at once with
     * {@link RedisConnectionException.Reason#STOPPED} ("closing"); commands already made (written
     * and awaiting replies, queued, or held for the connection), on the shared connection and on
     * the dedicated ones, go on as usual until the last of them is answered or {@code drain} has
     * passed; then the client stops as {@link #close()} does, and whatever is still unanswered
     * fails with STOPPED. Every connection drains at once, not one after another. Returns once the
     * client has stopped: within {@code drain} plus the stop timeout. A zero drain is
     * {@link #close()}.
     *
     * @throws NullPointerException if {@code drain} is null
     * @throws IllegalArgumentException if {@code drain} is negative
     */
    void close(Duration drain);

    /** The body of {@link #watchTransaction}: read through {@code reads}, return what to run in MULTI. */
    @FunctionalInterface
    interface WatchBody {
        List<Command<?>> build(RedisClient reads);
    }
}
