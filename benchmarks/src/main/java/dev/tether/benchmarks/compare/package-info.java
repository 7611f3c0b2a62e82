/**
 * The side-by-side harness for Tether's Redis client against Lettuce and Jedis, with
 * {@code redis-benchmark} as the ceiling: workloads W1 (serial GET latency), W2 (64 threads sharing
 * one client), W3 (explicit pipelines) and W5 (recovery after the server is killed) of
 * docs/performance-workloads.md.
 *
 * <p>{@link dev.tether.benchmarks.compare.Compare} is the coordinator: it starts one redis-server
 * through redis-testkit and forks one JVM per client, workload and round
 * ({@link dev.tether.benchmarks.compare.ClientRunner}), interleaving rounds and reporting medians.
 * How each client is set up: Tether, one {@code RedisClient} with default options; Lettuce, one
 * {@code StatefulRedisConnection} (sync API; async with auto-flush off for W3); Jedis, a plain
 * {@code Jedis} connection for the one-thread workloads W1 and W3, a {@code JedisPool} of 64 for
 * W2 and a {@code JedisPool} with its defaults for W5.
 *
 * <p>Run it through the toolchain JDK (java on the PATH may be older):
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests -Pcompare -Dcompare.args="--quick"
 * mvn -q -pl benchmarks -am package -DskipTests -Pcompare
 * mvn -q -pl benchmarks -am package -DskipTests -Pcompare -Dcompare.args="--rounds 3 --only W1,W2"
 * </pre>
 * BENCHMARKS.md at the repository root holds the latest results.
 */
package dev.tether.benchmarks.compare;
