package dev.tether.micrometer;

import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisClusterClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Registers (and removes) the gauges of bound clients; each gauge references its client weakly. */
final class ClientGauges {

    private final MeterRegistry registry;
    private final String prefix;
    private final String clientName;
    private final List<Meter> bound = new CopyOnWriteArrayList<>();

    ClientGauges(MeterRegistry registry, String prefix, String clientName) {
        this.registry = registry;
        this.prefix = prefix;
        this.clientName = clientName;
    }

    void bind(RedisClient client) {
        bound.add(Gauge.builder(prefix + ".commands.in.flight", client, RedisClient::inFlight)
                .description("Commands on the shared connection not answered yet")
                .tag("client", clientName).register(registry));
        bound.add(Gauge.builder(prefix + ".hold.queue.size", client, RedisClient::held)
                .description("Commands waiting in the hold queue for the connection to come back")
                .tag("client", clientName).register(registry));
        bound.add(Gauge.builder(prefix + ".connection.state", client, c -> c.state() == ConnectionState.CONNECTED ? 1 : 0)
                .description("1 while the client's connection is CONNECTED, else 0")
                .tag("client", clientName).register(registry));
    }

    void bind(RedisClusterClient client) {
        bound.add(Gauge.builder(prefix + ".cluster.nodes", client, c -> c.nodes().size())
                .description("Cluster nodes the client knows")
                .tag("client", clientName).register(registry));
        bound.add(Gauge.builder(prefix + ".cluster.nodes.connected", client,
                        c -> c.nodes().values().stream().filter(s -> s == ConnectionState.CONNECTED).count())
                .description("Cluster nodes whose connection is CONNECTED")
                .tag("client", clientName).register(registry));
    }

    void unbindAll() {
        for (Meter m : bound) {
            registry.remove(m);
        }
        bound.clear();
    }
}
