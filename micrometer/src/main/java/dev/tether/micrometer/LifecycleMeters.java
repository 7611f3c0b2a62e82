package dev.tether.micrometer;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts reconnects and disconnects from lifecycle events. A reconnect is a {@code Connected} event
 * of a connection (by name) that had connected before; a connection's name is forgotten when it
 * stops, so dedicated connections coming and going leave nothing behind.
 */
final class LifecycleMeters implements ConnectionListener {

    private final Counter reconnects;
    private final Counter disconnects;
    private final Set<String> connectedOnce = ConcurrentHashMap.newKeySet();

    LifecycleMeters(MeterRegistry registry, String prefix, String clientName) {
        this.reconnects = Counter.builder(prefix + ".reconnects")
                .description("Connections that came back after a loss (Connected after the first, per connection)")
                .tag("client", clientName).register(registry);
        this.disconnects = Counter.builder(prefix + ".disconnects")
                .description("Connections lost (Disconnected events)")
                .tag("client", clientName).register(registry);
    }

    @Override
    public void onEvent(ConnectionEvent event) {
        switch (event) {
            case ConnectionEvent.Connected c -> {
                if (!connectedOnce.add(c.connection())) {
                    reconnects.increment();
                }
            }
            case ConnectionEvent.Disconnected d -> disconnects.increment();
            case ConnectionEvent.Stopped s -> connectedOnce.remove(s.connection());
            case ConnectionEvent.BackingOff b -> {
                // a failed attempt: the reconnect is counted when one succeeds
            }
        }
    }
}
