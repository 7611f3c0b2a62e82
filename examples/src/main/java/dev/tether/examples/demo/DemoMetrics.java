package dev.tether.examples.demo;

import dev.tether.micrometer.TetherMetrics;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The demo's {@code --metrics}: the workers' client publishes through tether-micrometer to a
 * {@link SimpleMeterRegistry}, and at the end the demo prints what the registry holds: latency
 * percentiles per command and outcome, failures by reason, reconnects. What any application gets by
 * binding {@link TetherMetrics} to its own registry.
 */
final class DemoMetrics {

    static final String PREFIX = "tether.redis";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TetherMetrics metrics = TetherMetrics.builder(registry).prefix(PREFIX).clientName("demo")
            .percentiles(0.5, 0.95, 0.99).build();

    /** Adds the command listener and the lifecycle listener to the workers' client options. */
    void apply(RedisOptions.Builder options) {
        options.commandListener(metrics).listener(metrics.lifecycle());
    }

    /** Binds the gauges (in-flight, hold queue, state) of the workers' client. */
    void bind(RedisClient client) {
        metrics.bindGauges(client);
    }

    /** Prints the tables: a row per command timer, then failures by reason and the lifecycle counters. */
    void print(PrintStream out) {
        out.println();
        out.println("Latency by command (tether-micrometer, " + PREFIX + ".commands; ms)");
        out.println(String.format(Locale.ROOT, "  %-10s %-14s %-22s %10s %9s %9s %9s %9s",
                "command", "outcome", "node", "count", "p50", "p95", "p99", "max"));
        List<Timer> timers = registry.find(PREFIX + ".commands").timers().stream()
                .sorted(Comparator.comparing((Timer t) -> t.getId().getTag("command"))
                        .thenComparing(t -> -t.count())).toList();
        for (Timer t : timers) {
            HistogramSnapshot snapshot = t.takeSnapshot();
            out.println(String.format(Locale.ROOT, "  %-10s %-14s %-22s %10s %9.2f %9.2f %9.2f %9.2f",
                    t.getId().getTag("command"), t.getId().getTag("outcome"), t.getId().getTag("node"),
                    Formats.count(t.count()), percentile(snapshot, 0.5), percentile(snapshot, 0.95),
                    percentile(snapshot, 0.99), t.max(TimeUnit.MILLISECONDS)));
        }
        if (timers.isEmpty()) {
            out.println("  none");
        }
        out.println("Failures by reason (" + PREFIX + ".failures)");
        List<Counter> failures = registry.find(PREFIX + ".failures").counters().stream()
                .sorted(Comparator.comparing((Counter c) -> -c.count())).toList();
        for (Counter c : failures) {
            out.println(String.format(Locale.ROOT, "  %-25s %-22s %10s", c.getId().getTag("reason"),
                    c.getId().getTag("node"), Formats.count((long) c.count())));
        }
        if (failures.isEmpty()) {
            out.println("  none");
        }
        out.println(String.format(Locale.ROOT, "Connection: %s reconnect(s), %s disconnect(s)",
                Formats.count((long) count(PREFIX + ".reconnects")), Formats.count((long) count(PREFIX + ".disconnects"))));
    }

    private double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double percentile(HistogramSnapshot snapshot, double p) {
        for (ValueAtPercentile v : snapshot.percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    /** The registry, for tests. */
    List<Meter> meters() {
        return registry.getMeters();
    }
}
