/**
 * The talk's table: one multiplexed Tether connection against a pool of N blocking connections
 * ({@code dev.tether.examples.pool.BlockingRedisPool}) and Jedis' {@code JedisPool}, at 1 to 256
 * caller threads. {@link dev.tether.benchmarks.talk.TalkBenchmark} runs it, each measurement in a
 * JVM of its own ({@link dev.tether.benchmarks.talk.TalkRun}):
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Ptalk
 * </pre>
 * It is a plain program, not JMH: throughput and latency come from real sockets to a real
 * redis-server.
 */
package dev.tether.benchmarks.talk;
