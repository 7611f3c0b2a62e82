package dev.tether.testkit;

import static dev.tether.testkit.PipeWaits.waitUpTo;

import dev.tether.connection.ConnectionEvent;
import dev.tether.testkit.PipeConformance.Seen;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The lifecycle events of the pipes one {@link PipeConformance} test started, in order, each with
 * the time it came: the pipes' listener {@link #record records} them, a case {@link #mark marks}
 * where the log stands and then {@link #await waits} for the first matching event after the mark.
 */
final class PipeEvents {

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** The listener's side: notes {@code event} with {@link System#nanoTime()}. */
    void record(ConnectionEvent event) {
        seen.add(new Seen(System.nanoTime(), event));
    }

    /** Every event so far, as a live read-only view. */
    List<Seen> all() {
        return Collections.unmodifiableList(seen);
    }

    /** The index the next event will get. */
    int mark() {
        return seen.size();
    }

    /** Waits (up to {@code atMost}) for an event at or after {@code from} that matches; returns it. */
    Seen await(int from, Predicate<ConnectionEvent> match, String what, Duration atMost) {
        try {
            return waitUpTo(atMost).until(() -> firstSince(from, match), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " within " + atMost.toMillis() + " ms; events since "
                    + from + ": " + seen.subList(Math.min(from, seen.size()), seen.size()), e);
        }
    }

    private Seen firstSince(int from, Predicate<ConnectionEvent> match) {
        List<Seen> all = List.copyOf(seen);
        for (int i = from; i < all.size(); i++) {
            if (match.test(all.get(i).event())) {
                return all.get(i);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return seen.toString();
    }
}
