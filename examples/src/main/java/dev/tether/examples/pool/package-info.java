/**
 * The baseline of the talk's table: {@link dev.tether.examples.pool.BlockingRedisPool}, a pool of
 * N blocking Redis connections (check out, one command, check in), each a connection process on
 * the behaviour runtime. The benchmark {@code dev.tether.benchmarks.talk.TalkBenchmark} sets it
 * beside one multiplexed Tether {@code RedisClient} and Jedis' {@code JedisPool}.
 */
package dev.tether.examples.pool;
