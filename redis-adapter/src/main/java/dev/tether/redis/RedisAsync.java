package dev.tether.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous face of a {@link RedisClient}, on the same shared connection: every method
 * returns at once with a future. Dependent stages ({@code thenApply}, {@code whenComplete}...)
 * never run on the connection's own threads: they run on virtual threads, so a slow stage
 * cannot hold up other callers. A future fails with {@link RedisErrorException} for a server
 * error and {@link RedisConnectionException} for everything else; cancelling one means the same
 * as a timeout.
 */
public interface RedisAsync {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    /** As {@link RedisClient#pipeline}. */
    CompletableFuture<List<Object>> pipelineAsync(List<? extends Command<?>> commands);

    /** As {@link RedisClient#transaction}. */
    CompletableFuture<List<Object>> transactionAsync(List<? extends Command<?>> commands);

    // ------------------------------------------------------------------ typed commands

    default CompletableFuture<String> ping() {
        return executeAsync(Commands.ping());
    }

    default CompletableFuture<String> echo(String message) {
        return executeAsync(Commands.echo(message));
    }

    default CompletableFuture<String> get(String key) {
        return executeAsync(Commands.get(key));
    }

    default CompletableFuture<byte[]> get(byte[] key) {
        return executeAsync(Commands.get(key));
    }

    default CompletableFuture<Boolean> set(String key, String value) {
        return executeAsync(Commands.set(key, value));
    }

    default CompletableFuture<Boolean> set(byte[] key, byte[] value) {
        return executeAsync(Commands.set(key, value));
    }

    default CompletableFuture<Boolean> set(String key, String value, SetOptions options) {
        return executeAsync(Commands.set(key, value, options));
    }

    default CompletableFuture<String> setGet(String key, String value, SetOptions options) {
        return executeAsync(Commands.setGet(key, value, options));
    }

    default CompletableFuture<List<String>> mget(List<String> keys) {
        return executeAsync(Commands.mget(keys));
    }

    default CompletableFuture<Void> mset(Map<String, String> entries) {
        return executeAsync(Commands.mset(entries));
    }

    default CompletableFuture<Long> del(String... keys) {
        return executeAsync(Commands.del(List.of(keys)));
    }

    default CompletableFuture<Long> exists(String... keys) {
        return executeAsync(Commands.exists(List.of(keys)));
    }

    default CompletableFuture<Boolean> expire(String key, Duration ttl) {
        return executeAsync(Commands.expire(key, ttl));
    }

    default CompletableFuture<Boolean> pexpire(String key, Duration ttl) {
        return executeAsync(Commands.pexpire(key, ttl));
    }

    default CompletableFuture<Long> ttl(String key) {
        return executeAsync(Commands.ttl(key));
    }

    default CompletableFuture<Long> pttl(String key) {
        return executeAsync(Commands.pttl(key));
    }

    default CompletableFuture<Long> incr(String key) {
        return executeAsync(Commands.incr(key));
    }

    default CompletableFuture<Long> incrBy(String key, long by) {
        return executeAsync(Commands.incrBy(key, by));
    }

    default CompletableFuture<Long> decr(String key) {
        return executeAsync(Commands.decr(key));
    }

    default CompletableFuture<Long> decrBy(String key, long by) {
        return executeAsync(Commands.decrBy(key, by));
    }

    default CompletableFuture<Long> append(String key, String value) {
        return executeAsync(Commands.append(key, value));
    }

    default CompletableFuture<Long> strlen(String key) {
        return executeAsync(Commands.strlen(key));
    }

    default CompletableFuture<String> hget(String key, String field) {
        return executeAsync(Commands.hget(key, field));
    }

    default CompletableFuture<Long> hset(String key, Map<String, String> fields) {
        return executeAsync(Commands.hset(key, fields));
    }

    default CompletableFuture<List<String>> hmget(String key, String... fields) {
        return executeAsync(Commands.hmget(key, List.of(fields)));
    }

    default CompletableFuture<Map<String, String>> hgetall(String key) {
        return executeAsync(Commands.hgetall(key));
    }

    default CompletableFuture<Long> hdel(String key, String... fields) {
        return executeAsync(Commands.hdel(key, List.of(fields)));
    }

    default CompletableFuture<Long> hincrBy(String key, String field, long by) {
        return executeAsync(Commands.hincrBy(key, field, by));
    }

    default CompletableFuture<Long> lpush(String key, String... values) {
        return executeAsync(Commands.lpush(key, List.of(values)));
    }

    default CompletableFuture<Long> rpush(String key, String... values) {
        return executeAsync(Commands.rpush(key, List.of(values)));
    }

    default CompletableFuture<String> lpop(String key) {
        return executeAsync(Commands.lpop(key));
    }

    default CompletableFuture<String> rpop(String key) {
        return executeAsync(Commands.rpop(key));
    }

    default CompletableFuture<List<String>> lrange(String key, long start, long stop) {
        return executeAsync(Commands.lrange(key, start, stop));
    }

    default CompletableFuture<Long> llen(String key) {
        return executeAsync(Commands.llen(key));
    }

    /** BLPOP: null when {@code timeout} passed with nothing to pop. See the class note on blocking. */
    default CompletableFuture<KeyValue> blpop(Duration timeout, String... keys) {
        return executeAsync(Commands.blpop(List.of(keys), timeout));
    }

    default CompletableFuture<Long> sadd(String key, String... members) {
        return executeAsync(Commands.sadd(key, List.of(members)));
    }

    default CompletableFuture<Long> srem(String key, String... members) {
        return executeAsync(Commands.srem(key, List.of(members)));
    }

    default CompletableFuture<Set<String>> smembers(String key) {
        return executeAsync(Commands.smembers(key));
    }

    default CompletableFuture<Boolean> sismember(String key, String member) {
        return executeAsync(Commands.sismember(key, member));
    }

    default CompletableFuture<Long> scard(String key) {
        return executeAsync(Commands.scard(key));
    }

    default CompletableFuture<Long> zadd(String key, Map<String, Double> scores) {
        return executeAsync(Commands.zadd(key, scores));
    }

    default CompletableFuture<Long> zadd(String key, double score, String member) {
        return executeAsync(Commands.zadd(key, Map.of(member, score)));
    }

    default CompletableFuture<List<String>> zrange(String key, long start, long stop) {
        return executeAsync(Commands.zrange(key, start, stop));
    }

    default CompletableFuture<List<ScoredValue>> zrangeWithScores(String key, long start, long stop) {
        return executeAsync(Commands.zrangeWithScores(key, start, stop));
    }

    default CompletableFuture<Double> zscore(String key, String member) {
        return executeAsync(Commands.zscore(key, member));
    }

    default CompletableFuture<Double> zincrBy(String key, double by, String member) {
        return executeAsync(Commands.zincrBy(key, by, member));
    }

    default CompletableFuture<Long> zrem(String key, String... members) {
        return executeAsync(Commands.zrem(key, List.of(members)));
    }

    default CompletableFuture<Long> zcard(String key) {
        return executeAsync(Commands.zcard(key));
    }
}
