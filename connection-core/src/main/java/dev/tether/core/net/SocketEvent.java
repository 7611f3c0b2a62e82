package dev.tether.core.net;

import java.io.IOException;

/**
 * What a {@link SocketLink} delivers to its owner's {@code handleInfo}. Every event names its
 * link: after a reconnect, events of the old link may still be queued, so compare
 * {@code event.link()} with the current link and ignore the others.
 */
public sealed interface SocketEvent {

    /** The link this event is about. */
    SocketLink link();

    /**
     * Bytes received. In active-once mode no more data is read from the socket until the owner
     * calls {@link SocketLink#activeOnce()}: a slow owner is never flooded.
     *
     * @param bytes a fresh array the owner may keep
     */
    record Data(SocketLink link, byte[] bytes) implements SocketEvent {
    }

    /** The peer closed the connection (end of stream). The link is closed. */
    record Closed(SocketLink link) implements SocketEvent {
    }

    /** Reading or writing failed (reset, write deadline, TLS error...). The link is closed. */
    record Failed(SocketLink link, IOException error) implements SocketEvent {
    }
}
