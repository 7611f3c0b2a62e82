package dev.tether.testkit;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener that records every lifecycle event with the time it arrived ({@link System#nanoTime()}
 * on the connection's loop), so a test can assert what happened, in which order, and how quickly
 * the connection itself noticed a fault. Thread-safe; pass it to the options' {@code listener}.
 */
public final class EventRecorder implements ConnectionListener {

    /** One event and when it arrived. */
    public record Recorded(long nanos, ConnectionEvent event) {
    }

    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ConnectionEvent event) {
        recorded.add(new Recorded(System.nanoTime(), event));
    }

    /** Every event so far, in order. */
    public List<Recorded> all() {
        return List.copyOf(recorded);
    }

    /** The events of one type so far, in order. */
    public <E extends ConnectionEvent> List<E> of(Class<E> type) {
        return recorded.stream().map(Recorded::event).filter(type::isInstance).map(type::cast).toList();
    }

    /** The events of one type so far, with their arrival times. */
    public List<Recorded> recorded(Class<? extends ConnectionEvent> type) {
        return recorded.stream().filter(r -> type.isInstance(r.event())).toList();
    }

    @Override
    public String toString() {
        return recorded.toString();
    }
}
