package dev.tether.core.loop;

import dev.tether.connection.ConnectionRef;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Names of running connections, for {@code Tether.whereis}. A name is held while its loop runs. */
final class NameRegistry {

    private static final ConcurrentHashMap<String, ConnectionRef<?, ?>> NAMES = new ConcurrentHashMap<>();

    private NameRegistry() {
    }

    static void register(String name, ConnectionRef<?, ?> ref) {
        ConnectionRef<?, ?> existing = NAMES.putIfAbsent(name, ref);
        if (existing != null) {
            throw new IllegalStateException("a connection named '" + name + "' is already running");
        }
    }

    static void unregister(String name, ConnectionRef<?, ?> ref) {
        NAMES.remove(name, ref);
    }

    /** The running connection of that name. */
    static Optional<ConnectionRef<?, ?>> lookup(String name) {
        return Optional.ofNullable(NAMES.get(name));
    }
}
