/**
 * JMH benchmarks of the core runtime's message passing (workload W7 of docs/performance-workloads.md): a call
 * round trip and cast throughput on a connection that does no work, beside a hand-written
 * CompletableFuture hand-off between two threads ({@link dev.tether.benchmarks.core.Handoff}).
 *
 * <p>Build the jar and run every benchmark on the toolchain JDK (about 2 minutes on 2 cores);
 * JMH options go in {@code jmh.args}:
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pjmh
 * mvn -pl benchmarks -am package -DskipTests -Pjmh -Djmh.args="CallRoundTrip -p loop=virtual -prof gc"
 * </pre>
 * or run the jar directly with a JDK 21+: {@code java -jar benchmarks/target/benchmarks.jar -h}.
 * BENCHMARKS.md at the repository root holds the latest results and the machine they came from.
 */
package dev.tether.benchmarks.core;
