package dev.tether.core.loop;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one connection, called in turn on its loop. A listener that throws is logged
 * and the rest are still called: a listener can never stop or crash the process.
 */
final class Listeners {

    // Logs under the loop's name: operators configure and search for that one.
    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);

    private final String name;
    private final List<ConnectionListener> listeners;

    Listeners(String name, List<ConnectionListener> listeners) {
        this.name = name;
        this.listeners = listeners;
    }

    void emit(ConnectionEvent event) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable t) {
                log.warn("{}: listener {} threw on {}", name, listener, event, t);
            }
        }
    }
}
