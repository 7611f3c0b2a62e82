package dev.tether.core.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's record of what is running: loops, socket readers and sockets. Entries are added
 * when a resource starts and removed when it is gone, so leak checks can compare against a
 * baseline (virtual threads are invisible to the JVM's thread listings).
 */
final class LiveRegistry {

    /** The kinds of resource the registry tracks. */
    enum Kind { LOOP, READER, SOCKET }

    private static final Map<Kind, Map<Object, String>> LIVE = Map.of(
            Kind.LOOP, new ConcurrentHashMap<>(),
            Kind.READER, new ConcurrentHashMap<>(),
            Kind.SOCKET, new ConcurrentHashMap<>());

    private LiveRegistry() {
    }

    /** Records {@code resource} (compared by identity of the key object) as live. */
    static void add(Kind kind, Object resource, String description) {
        LIVE.get(kind).put(new IdentityKey(resource), description);
    }

    /** Records {@code resource} as gone. */
    static void remove(Kind kind, Object resource) {
        LIVE.get(kind).remove(new IdentityKey(resource));
    }

    /** The descriptions of what of {@code kind} is live now. */
    static List<String> list(Kind kind) {
        return new ArrayList<>(LIVE.get(kind).values());
    }

    private record IdentityKey(Object target) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.target == target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }
    }
}
