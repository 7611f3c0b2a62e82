package dev.tether.connection;

/**
 * What {@link Connection#disconnect(Object)} may return: {@link Connect} (reconnect at once, in
 * the same turn), {@link Backoff}, {@link NoConnect} or {@link Stop}.
 */
public sealed interface DisconnectResult permits Connect, Backoff, NoConnect, Stop {

    /** Reconnect now, before any queued message. */
    static DisconnectResult connect(Object info) {
        return new Connect<>(info);
    }

    /** Reconnect after a backoff. */
    static DisconnectResult backoff(Backoff backoff) {
        return backoff;
    }

    /** Stay disconnected until a callback returns Connect. */
    static DisconnectResult noConnect() {
        return NoConnect.INSTANCE;
    }

    /** Stop the process. */
    static DisconnectResult stop(StopReason reason) {
        return new Stop<>(reason);
    }
}
