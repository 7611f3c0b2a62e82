package dev.tether.redis;

import dev.tether.connection.ConnectionState;
import dev.tether.redis.resp.RespValue;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
public interface RedisClient extends AutoCloseable {

    /** Connects as {@code options} say (waiting for the first connection only with syncConnect). */
    static RedisClient connect(RedisOptions options) {
        return DefaultRedisClient.connect(options);
    }

    /** Connects to a {@code redis://}, {@code rediss://} or {@code unix://} URI with default options. */
    static RedisClient connect(String uri) {
        return connect(RedisOptions.fromUri(uri));
    }

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

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

    // ------------------------------------------------------------------ generic

    /** Any command, reply as the raw {@link RespValue}. */
    default RespValue command(String... args) {
        return execute(Command.of(args));
    }

    /** Any command, binary-safe, reply as the raw {@link RespValue}. */
    default RespValue command(byte[]... args) {
        return execute(Command.of(args));
    }

    /** Iterates over every key (SCAN), fetching pages as needed. */
    default Iterator<String> scan() {
        return scan(null, 0);
    }

    /** Iterates over the keys matching {@code match} (SCAN ... MATCH ... COUNT). */
    default Iterator<String> scan(String match, int count) {
        return new ScanIterator(this, match, count);
    }

    // ------------------------------------------------------------------ typed commands

    default String ping() {
        return execute(Commands.ping());
    }

    default String echo(String message) {
        return execute(Commands.echo(message));
    }

    default String get(String key) {
        return execute(Commands.get(key));
    }

    default byte[] get(byte[] key) {
        return execute(Commands.get(key));
    }

    default boolean set(String key, String value) {
        return execute(Commands.set(key, value));
    }

    default boolean set(byte[] key, byte[] value) {
        return execute(Commands.set(key, value));
    }

    default boolean set(String key, String value, SetOptions options) {
        return execute(Commands.set(key, value, options));
    }

    default String setGet(String key, String value, SetOptions options) {
        return execute(Commands.setGet(key, value, options));
    }

    default List<String> mget(List<String> keys) {
        return execute(Commands.mget(keys));
    }

    default void mset(Map<String, String> entries) {
        execute(Commands.mset(entries));
    }

    default long del(String... keys) {
        return execute(Commands.del(List.of(keys)));
    }

    default long exists(String... keys) {
        return execute(Commands.exists(List.of(keys)));
    }

    default boolean expire(String key, Duration ttl) {
        return execute(Commands.expire(key, ttl));
    }

    default boolean pexpire(String key, Duration ttl) {
        return execute(Commands.pexpire(key, ttl));
    }

    default long ttl(String key) {
        return execute(Commands.ttl(key));
    }

    default long pttl(String key) {
        return execute(Commands.pttl(key));
    }

    default long incr(String key) {
        return execute(Commands.incr(key));
    }

    default long incrBy(String key, long by) {
        return execute(Commands.incrBy(key, by));
    }

    default long decr(String key) {
        return execute(Commands.decr(key));
    }

    default long decrBy(String key, long by) {
        return execute(Commands.decrBy(key, by));
    }

    default long append(String key, String value) {
        return execute(Commands.append(key, value));
    }

    default long strlen(String key) {
        return execute(Commands.strlen(key));
    }

    default String hget(String key, String field) {
        return execute(Commands.hget(key, field));
    }

    default long hset(String key, Map<String, String> fields) {
        return execute(Commands.hset(key, fields));
    }

    default List<String> hmget(String key, String... fields) {
        return execute(Commands.hmget(key, List.of(fields)));
    }

    default Map<String, String> hgetall(String key) {
        return execute(Commands.hgetall(key));
    }

    default long hdel(String key, String... fields) {
        return execute(Commands.hdel(key, List.of(fields)));
    }

    default long hincrBy(String key, String field, long by) {
        return execute(Commands.hincrBy(key, field, by));
    }

    default long lpush(String key, String... values) {
        return execute(Commands.lpush(key, List.of(values)));
    }

    default long rpush(String key, String... values) {
        return execute(Commands.rpush(key, List.of(values)));
    }

    default String lpop(String key) {
        return execute(Commands.lpop(key));
    }

    default String rpop(String key) {
        return execute(Commands.rpop(key));
    }

    default List<String> lrange(String key, long start, long stop) {
        return execute(Commands.lrange(key, start, stop));
    }

    default long llen(String key) {
        return execute(Commands.llen(key));
    }

    /** BLPOP: null when {@code timeout} passed with nothing to pop. See the class note on blocking. */
    default KeyValue blpop(Duration timeout, String... keys) {
        return execute(Commands.blpop(List.of(keys), timeout));
    }

    default long sadd(String key, String... members) {
        return execute(Commands.sadd(key, List.of(members)));
    }

    default long srem(String key, String... members) {
        return execute(Commands.srem(key, List.of(members)));
    }

    default Set<String> smembers(String key) {
        return execute(Commands.smembers(key));
    }

    default boolean sismember(String key, String member) {
        return execute(Commands.sismember(key, member));
    }

    default long scard(String key) {
        return execute(Commands.scard(key));
    }

    default long zadd(String key, Map<String, Double> scores) {
        return execute(Commands.zadd(key, scores));
    }

    default long zadd(String key, double score, String member) {
        return execute(Commands.zadd(key, Map.of(member, score)));
    }

    default List<String> zrange(String key, long start, long stop) {
        return execute(Commands.zrange(key, start, stop));
    }

    default List<ScoredValue> zrangeWithScores(String key, long start, long stop) {
        return execute(Commands.zrangeWithScores(key, start, stop));
    }

    default Double zscore(String key, String member) {
        return execute(Commands.zscore(key, member));
    }

    default double zincrBy(String key, double by, String member) {
        return execute(Commands.zincrBy(key, by, member));
    }

    default long zrem(String key, String... members) {
        return execute(Commands.zrem(key, List.of(members)));
    }

    default long zcard(String key) {
        return execute(Commands.zcard(key));
    }
}
