package dev.tether.core.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's record of what is running: loops, socket readers and sockets. Entries are added
 * when a resource starts and removed when it is gone, so leak checks can compare against a
 * baseline (virtual threads are invisible to the JVM's thread listings). A resource that runs on
 * a thread of its own is gone only once that thread has ended ({@link #removeWhenEnded}): until
 * then it is still listed, so "gone" never means "still finishing".
 */
final class LiveRegistry {

    /** The kinds of resource the registry tracks. */
    enum Kind { LOOP, READER, SOCKET }

    private static final Map<Kind, Map<Object, String>> LIVE = Map.of(
            Kind.LOOP, new ConcurrentHashMap<>(),
            Kind.READER, new ConcurrentHashMap<>(),
            Kind.SOCKET, new ConcurrentHashMap<>());

    /** Resources removed while their thread was still running, keyed by that thread. */
    private static final Map<IdentityKey, Ending> ENDING = new ConcurrentHashMap<>();

    private record Ending(Kind kind, String description) {
    }

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

    /**
     * Records {@code resource}, which runs on {@code thread}, as gone once {@code thread} has ended;
     * it is listed until then. Called from that thread as its last act (or with null when it never
     * started). Entries of threads that have ended are purged here and when listing, so they
     * cannot pile up.
     */
    static void removeWhenEnded(Kind kind, Object resource, Thread thread) {
        String description = LIVE.get(kind).remove(new IdentityKey(resource));
        purgeEnded();
        if (description != null && thread != null && thread.isAlive()) {
            ENDING.put(new IdentityKey(thread), new Ending(kind, description));
        }
    }

    /** The descriptions of what of {@code kind} is live now. */
    static List<String> list(Kind kind) {
        List<String> live = new ArrayList<>(LIVE.get(kind).values());
        purgeEnded();
        ENDING.forEach((thread, ending) -> {
            if (ending.kind() == kind && ((Thread) thread.target()).isAlive()) {
                live.add(ending.description());
            }
        });
        return live;
    }

    private static void purgeEnded() {
        ENDING.keySet().removeIf(thread -> !((Thread) thread.target()).isAlive());
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
