package dev.tether.redis;

import dev.tether.connection.ConnectionState;
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
 * server throws {@link RedisConnectionException} with a reason. Bad input (an empty command, a
 * null argument, a command that would break the shared connection such as WATCH, MULTI, SELECT,
 * SUBSCRIBE or CLIENT REPLY) throws {@link IllegalArgumentException} before anything is sent.
 *
 * <p>Blocking commands (BLPOP, XREAD BLOCK, WAIT...) get their server-side timeout plus the
 * command timeout as deadline, but they hold up every other caller of the shared connection while
 * they block: give them a client of their own.
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
     * (which may read through the client it is given and returns the commands to run), then
     * MULTI ... EXEC. Returns the results, or empty if a watched key changed meanwhile.
     */
    Optional<List<Object>> watchTransaction(Collection<String> keys, WatchBody body);

    /** Sends {@code command} without waiting; its reply is read and discarded (errors are logged). */
    void fireAndForget(Command<?> command);

    /** Where the connection is in its life (CONNECTED, BACKING_OFF, ...). */
    ConnectionState state();

    /** Stops the client: waiting callers fail with STOPPED; the socket is closed. */
    @Override
    void close();

    /** The body of {@link #watchTransaction}: read through {@code reads}, return what to run in MULTI. */
    @FunctionalInterface
    interface WatchBody {
        List<Command<?>> build(RedisClient reads);
    }
}
