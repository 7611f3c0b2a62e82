package dev.tether.connection;

/**
 * Receives {@link ConnectionEvent}s. Called on the connection's loop, so it must be fast and
 * must not block. An exception it throws is logged and cannot harm the connection.
 */
@FunctionalInterface
public interface ConnectionListener {

    /** Called once per event, in order. */
    void onEvent(ConnectionEvent event);
}
