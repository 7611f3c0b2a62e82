/**
 * The fleet-reconnect harness (issue "Reconnects a fleet can live with"): during a 60 s outage,
 * how often does each client instance try to connect, and how soon after the server is back does
 * it serve again? Tether runs 100 {@code RedisClient} instances in one JVM; Lettuce and Jedis run
 * one client each; all with their default options, against one loopback redis-server of
 * redis-testkit.
 *
 * <p>{@link dev.tether.benchmarks.fleet.FleetCompare} is the coordinator: it starts the server
 * and, per round and client, forks one JVM under strace
 * ({@link dev.tether.benchmarks.fleet.FleetRunner}, clients from
 * {@link dev.tether.benchmarks.fleet.FleetDriver}), kills and restarts the server, and counts the
 * JVM's connect() calls. {@link dev.tether.benchmarks.fleet.FleetReport} turns the result lines
 * into the table. The frame (output directory, rounds, forked children, load averages) is
 * {@link dev.tether.benchmarks.compare.SideBySideRun}. The full compare harness
 * ({@link dev.tether.benchmarks.compare.Compare}) keeps its W5 with 1, 5 and 20 s outages.
 *
 * <p>Run it through the toolchain JDK (under 6 minutes with the default single round):
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pfleet
 * mvn -pl benchmarks -am package -DskipTests -Pfleet -Dfleet.args="--rounds 2 --clients tether,jedis"
 * </pre>
 * The summary lands in {@code benchmarks/target/fleet-out/<UTC time>/summary.md}.
 */
package dev.tether.benchmarks.fleet;
