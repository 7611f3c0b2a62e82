/**
 * A launcher for a real {@code redis-server} ({@link dev.tether.redis.testkit.RedisServer}), a
 * tiny RESP2 helper to talk to it without a client library
 * ({@link dev.tether.redis.testkit.RedisServer#execute(String...)}), and a JUnit 5 extension
 * ({@link dev.tether.redis.testkit.RedisServerExtension}); a Redis Cluster of such servers
 * ({@link dev.tether.redis.testkit.RedisCluster}) with its extension
 * ({@link dev.tether.redis.testkit.RedisClusterExtension}, one cluster per test run); a Redis
 * Sentinel setup ({@link dev.tether.redis.testkit.RedisSentinel}: a primary, 2 replicas, 3
 * Sentinels, plain or TLS-only) with its extension
 * ({@link dev.tether.redis.testkit.RedisSentinelExtension}).
 *
 * <p>Servers only listen on {@code 127.0.0.1} (and optionally a unix socket), live in a temporary
 * directory, keep nothing on disk unless asked, and are stopped by {@code close()}, by a JVM
 * shutdown hook, or, if the owning JVM died, by the next {@code start()} on the machine.
 */
package dev.tether.redis.testkit;
