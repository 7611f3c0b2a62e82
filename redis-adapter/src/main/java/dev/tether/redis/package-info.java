/**
 * A Redis client over one shared, self-healing connection: {@link dev.tether.redis.RedisClient},
 * {@link dev.tether.redis.RedisOptions} and the typed {@link dev.tether.redis.Commands}; and
 * Pub/Sub on a connection of its own that keeps its subscriptions across reconnects:
 * {@link dev.tether.redis.RedisSubscriber}.
 */
package dev.tether.redis;
