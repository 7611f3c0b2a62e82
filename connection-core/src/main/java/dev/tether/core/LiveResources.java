package dev.tether.core;

import java.util.List;

/**
 * What the runtime has running right now: connection loops, socket reader threads and open
 * sockets, each described by a short name. Virtual threads do not appear in ThreadMXBean or
 * {@link Thread#getAllStackTraces()}, so leak checks must read this instead.
 *
 * @param loops one entry per connection loop that has not finished
 * @param readers one entry per socket reader that has not finished
 * @param sockets one entry per socket opened through the runtime and not yet closed
 */
public record LiveResources(List<String> loops, List<String> readers, List<String> sockets) {

    /** Copies the three lists, so the snapshot does not change afterwards. */
    public LiveResources {
        loops = List.copyOf(loops);
        readers = List.copyOf(readers);
        sockets = List.copyOf(sockets);
    }

    /** True when nothing is running. */
    public boolean isEmpty() {
        return loops.isEmpty() && readers.isEmpty() && sockets.isEmpty();
    }

    /** Total count of loops, readers and sockets. */
    public int total() {
        return loops.size() + readers.size() + sockets.size();
    }
}
