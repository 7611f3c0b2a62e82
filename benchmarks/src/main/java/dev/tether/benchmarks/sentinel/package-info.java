/**
 * The Redis Sentinel failover side-by-side harness: Tether's {@code RedisClient} over a
 * {@code redis-sentinel://} URI against Lettuce's Sentinel-backed {@code RedisClient} connection
 * and Jedis's {@code RedisSentinelClient}, each against a fresh loopback Sentinel setup of
 * redis-testkit, under a {@code SENTINEL FAILOVER} and then a SIGKILL of the primary.
 *
 * <p>{@link dev.tether.benchmarks.sentinel.SentinelCompare} is the coordinator: per round and
 * client it starts a {@code RedisSentinel}, forks one JVM
 * ({@link dev.tether.benchmarks.sentinel.SentinelRunner}) that runs the shared
 * {@link dev.tether.benchmarks.compare.FailoverLoad} and a probe through the client
 * ({@link dev.tether.benchmarks.sentinel.SentinelDriver}), runs the two faults, hands the child the
 * first {@code +switch-master} time of each, and reads back what the primary holds for the child to
 * count duplicates and replication loss. {@link dev.tether.benchmarks.sentinel.SentinelReport}
 * turns the lines into medians, spreads and ratios in Markdown. The frame (output directory,
 * interleaved rounds under a time budget, forked children) is
 * {@link dev.tether.benchmarks.compare.SideBySideRun}, shared with the Cluster harness.
 *
 * <p>Run it through the toolchain JDK:
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Psentinel
 * mvn -pl benchmarks -am package -DskipTests -Psentinel -Dsentinel.args="--quick"
 * mvn -pl benchmarks -am package -DskipTests -Psentinel -Dsentinel.args="--rounds 1 --clients tether,jedis"
 * </pre>
 * The summary lands in {@code benchmarks/target/sentinel-out/<UTC time>/summary.md}.
 */
package dev.tether.benchmarks.sentinel;
