package dev.tether.core.loop;

import dev.tether.connection.ConnectResult;
import dev.tether.connection.StopReason;
import java.time.Duration;

/**
 * Emits the lifecycle JFR events ({@link ConnectAttemptEvent}, {@link ConnectedEvent},
 * {@link DisconnectedEvent}, {@link BackingOffEvent}, {@link StoppedEvent}) next to the matching
 * {@link dev.tether.connection.ConnectionEvent}s. Each asks its event type first, so when no
 * recording has the event on, nothing is allocated and no info is rendered as text. Loop only.
 */
final class FlightEvents {

    private FlightEvents() {
    }

    /** Begins timing a connect with {@code info}; null when the event is off. */
    static ConnectAttemptEvent connectBegins(String connection, Object info) {
        if (!ConnectAttemptEvent.TYPE.isEnabled()) {
            return null;
        }
        ConnectAttemptEvent event = new ConnectAttemptEvent();
        event.begin();
        event.connection = connection;
        event.info = text(info);
        return event;
    }

    /** Commits {@code event} (null: off) with what connect returned; null {@code result}: it threw. */
    static void connectEnds(ConnectAttemptEvent event, ConnectResult result) {
        if (event == null) {
            return;
        }
        event.end();
        if (event.shouldCommit()) {
            event.result = result == null ? "threw" : result.getClass().getSimpleName();
            event.commit();
        }
    }

    static void connected(String connection) {
        if (ConnectedEvent.TYPE.isEnabled()) {
            ConnectedEvent event = new ConnectedEvent();
            event.connection = connection;
            event.commit();
        }
    }

    static void disconnected(String connection, Object info) {
        if (DisconnectedEvent.TYPE.isEnabled()) {
            DisconnectedEvent event = new DisconnectedEvent();
            event.connection = connection;
            event.info = text(info);
            event.commit();
        }
    }

    /** @param delay null for Backoff.forever() (recorded as -1) */
    static void backingOff(String connection, Duration delay, int attempt, Throwable cause) {
        if (BackingOffEvent.TYPE.isEnabled()) {
            BackingOffEvent event = new BackingOffEvent();
            event.connection = connection;
            event.delay = delay == null ? -1 : delay.toMillis();
            event.attempt = attempt;
            event.cause = cause == null ? null : text(cause);
            event.commit();
        }
    }

    static void stopped(String connection, StopReason reason) {
        if (StoppedEvent.TYPE.isEnabled()) {
            StoppedEvent event = new StoppedEvent();
            event.connection = connection;
            event.normal = reason.isNormal();
            try {
                event.reason = reason.describe();
            } catch (Throwable t) {
                event.reason = reason.getClass().getSimpleName();
            }
            event.commit();
        }
    }

    /** {@code value} as text; a behaviour's toString that throws does not reach the loop. */
    private static String text(Object value) {
        try {
            return String.valueOf(value);
        } catch (Throwable t) {
            return value.getClass().getName() + " (toString threw " + t.getClass().getSimpleName() + ")";
        }
    }
}
