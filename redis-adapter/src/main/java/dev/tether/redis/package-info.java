/**
 * A Redis client over one shared, self-healing connection: {@link dev.tether.redis.RedisClient},
 * {@link dev.tether.redis.RedisOptions} and the typed {@link dev.tether.redis.Commands}.
 */
package dev.tether.redis;
