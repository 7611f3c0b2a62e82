/**
 * The head-of-line blocking side-by-side harness: 8 callers sit in {@code BLPOP key 5} while 64
 * callers run GET/SET on the same client; how much does the GET/SET p99 grow? Tether's
 * {@code RedisClient}, one Lettuce {@code StatefulRedisConnection} and Jedis 8's pooled client
 * (a pool of 72, a connection per caller), all against one loopback redis-server of
 * redis-testkit.
 *
 * <p>{@link dev.tether.benchmarks.headofline.HeadOfLineCompare} is the coordinator: it starts the
 * server and, per round and client, forks one JVM
 * ({@link dev.tether.benchmarks.headofline.HeadOfLineRunner}) that opens the client
 * ({@link dev.tether.benchmarks.headofline.HolDriver}) and runs the load
 * ({@link dev.tether.benchmarks.headofline.CallerLoad}) through a baseline window and a window
 * with the blockers. {@link dev.tether.benchmarks.headofline.HeadOfLineReport} turns the result
 * lines into the stall factor per client and the side-by-side table. The frame (output
 * directory, interleaved rounds, forked children, load averages) is
 * {@link dev.tether.benchmarks.compare.SideBySideRun}; the histogram and table are
 * {@link dev.tether.benchmarks.compare.LatencyHistogram} and
 * {@link dev.tether.benchmarks.compare.SideBySideTable}.
 *
 * <p>Run it through the toolchain JDK (about 35 s per round):
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pheadofline
 * mvn -pl benchmarks -am package -DskipTests -Pheadofline -Dheadofline.args="--rounds 5"
 * mvn -pl benchmarks -am package -DskipTests -Pheadofline -Dheadofline.args="--rounds 1 --clients tether,lettuce"
 * </pre>
 * The summary lands in {@code benchmarks/target/headofline-out/<UTC time>/summary.md}.
 */
package dev.tether.benchmarks.headofline;
