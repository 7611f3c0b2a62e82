package dev.tether.micrometer;

import dev.tether.redis.CommandFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The engine behind {@link TetherMetrics}' command listener: looks each meter up in a cache keyed
 * by its tag values, so a command builds a Timer only the first time its combination is seen.
 */
final class CommandMeters {

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final String clientName;
    private final double[] percentiles;
    private final Set<String> commands;
    private final String timerName;
    private final String failuresName;
    private final String deliveredName;
    private final String droppedName;
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<FailureKey, Counter> failures = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> delivered = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> dropped = new ConcurrentHashMap<>();

    /** A timer's tag values. */
    private record TimerKey(String command, String outcome, String node, String role) {
    }

    /** A failure counter's tag values. */
    private record FailureKey(String node, String reason) {
    }

    CommandMeters(MeterRegistry registry, String prefix, String clientName, List<Double> percentiles,
                  Set<String> commands) {
        this.registry = registry;
        this.clientName = clientName;
        this.percentiles = percentiles.stream().mapToDouble(Double::doubleValue).toArray();
        this.commands = commands;
        this.timerName = prefix + ".commands";
        this.failuresName = prefix + ".failures";
        this.deliveredName = prefix + ".pubsub.messages.delivered";
        this.droppedName = prefix + ".pubsub.messages.dropped";
    }

    /** The command's tag: its name when in the configured set, else {@code other}. */
    String commandTag(String command) {
        return commands.contains(command) ? command : OTHER;
    }

    void finished(CommandFinished event) {
        String outcome = event.outcomeTag();
        TimerKey key = new TimerKey(commandTag(event.command()), outcome, event.node(), event.role());
        timers.computeIfAbsent(key, this::timer).record(event.latencyNanos(), TimeUnit.NANOSECONDS);
        if (event.failure() != null) {
            failures.computeIfAbsent(new FailureKey(event.node(), event.failure().name().toLowerCase(Locale.ROOT)),
                    this::failureCounter).increment();
        }
    }

    void delivered(String node) {
        delivered.computeIfAbsent(node, n -> counter(deliveredName, n, "Pub/Sub messages delivered to listeners"))
                .increment();
    }

    void dropped(String node, long count) {
        dropped.computeIfAbsent(node, n -> counter(droppedName, n, "Pub/Sub messages dropped (delivery queue full)"))
                .increment(count);
    }

    private Timer timer(TimerKey k) {
        return Timer.builder(timerName)
                .description("Redis commands, from hand-over to the connection to their outcome")
                .tag("client", clientName).tag("command", k.command()).tag("outcome", k.outcome())
                .tag("node", k.node()).tag("role", k.role())
                .publishPercentiles(percentiles)
                .register(registry);
    }

    private Counter failureCounter(FailureKey k) {
        return Counter.builder(failuresName)
                .description("Redis commands that failed between client and server, by reason")
                .tag("client", clientName).tag("node", k.node()).tag("reason", k.reason())
                .register(registry);
    }

    private Counter counter(String name, String node, String description) {
        return Counter.builder(name).description(description).tag("client", clientName).tag("node", node)
                .register(registry);
    }
}
