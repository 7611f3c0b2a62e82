/**
 * The Pub/Sub side-by-side harness: Tether's {@code RedisSubscriber} against Lettuce's
 * {@code StatefulRedisPubSubConnection} and Jedis's {@code JedisPubSub}, one listener on one
 * channel, on one local redis-server, in one run.
 *
 * <p>{@link dev.tether.benchmarks.pubsub.PubSubCompare} is the coordinator: it starts
 * redis-server through redis-testkit, holds the throughput publisher (a raw socket, see
 * {@link dev.tether.benchmarks.pubsub.Publisher}) and forks one JVM per client and round
 * ({@link dev.tether.benchmarks.pubsub.PubSubRunner}), interleaving the rounds; the child
 * subscribes, measures throughput and its own costs, then latency at a paced rate, and prints
 * one line. {@link dev.tether.benchmarks.pubsub.PubSubReport} turns the lines into medians,
 * spreads and ratios in Markdown. It reuses the compare harness's
 * {@link dev.tether.benchmarks.compare.CostMeter}, {@link dev.tether.benchmarks.compare.LatencyHistogram}
 * and {@link dev.tether.benchmarks.compare.Child}.
 *
 * <p>Run it through the toolchain JDK:
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Ppubsub
 * mvn -pl benchmarks -am package -DskipTests -Ppubsub -Dpubsub.args="--quick"
 * mvn -pl benchmarks -am package -DskipTests -Ppubsub -Dpubsub.args="--rounds 3 --clients lettuce,jedis"
 * </pre>
 * The summary lands in {@code benchmarks/target/pubsub-out/<UTC time>/summary.md}.
 */
package dev.tether.benchmarks.pubsub;
