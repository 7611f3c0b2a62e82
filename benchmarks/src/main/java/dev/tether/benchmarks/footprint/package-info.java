/**
 * W6 of docs/performance-workloads.md: what 10,000 idle connections cost (heap, direct memory, threads) in
 * Tether, Lettuce and Jedis, each client in a JVM of its own.
 * {@link dev.tether.benchmarks.footprint.FootprintBenchmark} runs it:
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pfootprint
 * </pre>
 */
package dev.tether.benchmarks.footprint;
