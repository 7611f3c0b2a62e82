/**
 * The Redis Cluster side-by-side harness: Tether's {@code RedisClusterClient} against Lettuce's
 * {@code RedisClusterClient} (adaptive and periodic topology refresh) and Jedis's
 * {@code JedisCluster}, each against a fresh loopback cluster of redis-testkit, in one run.
 *
 * <p>{@link dev.tether.benchmarks.cluster.ClusterCompare} is the coordinator: per round and
 * client it starts a {@code RedisCluster}, forks one JVM
 * ({@link dev.tether.benchmarks.cluster.ClusterRunner}) that runs W2 across the cluster and then
 * the {@link dev.tether.benchmarks.compare.FailoverLoad}, SIGKILLs a primary when the child asks,
 * times the replica's promotion ({@link dev.tether.benchmarks.cluster.Promotion}) and reads back
 * what the cluster holds ({@link dev.tether.benchmarks.cluster.ClusterMap}) for the child to
 * count duplicates, replication loss and "never sent" commands that ran.
 * {@link dev.tether.benchmarks.cluster.ClusterReport} turns the lines into medians, spreads and
 * ratios in Markdown. It reuses the compare harness's
 * {@link dev.tether.benchmarks.compare.Child}, {@link dev.tether.benchmarks.compare.CostMeter}
 * and {@link dev.tether.benchmarks.compare.LatencyHistogram}.
 *
 * <p>Run it through the toolchain JDK:
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pcluster
 * mvn -pl benchmarks -am package -DskipTests -Pcluster -Dcluster.args="--quick"
 * mvn -pl benchmarks -am package -DskipTests -Pcluster -Dcluster.args="--rounds 1 --clients tether,jedis"
 * </pre>
 * The summary lands in {@code benchmarks/target/cluster-out/<UTC time>/summary.md}.
 */
package dev.tether.benchmarks.cluster;
