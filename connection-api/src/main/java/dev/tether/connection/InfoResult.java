package dev.tether.connection;

import java.time.Duration;

/**
 * What {@link Connection#handleInfo(Object)} and {@link Connection#mailboxDrained()} may return:
 * {@link NoReply}, {@link Connect}, {@link Disconnect} or {@link Stop}.
 */
public sealed interface InfoResult permits NoReply, Connect, Disconnect, Stop {

    /** Carry on. */
    static InfoResult noReply() {
        return NoReply.INSTANCE;
    }

    /** Carry on, with an idle timeout. */
    static InfoResult noReply(Duration idleTimeout) {
        return new NoReply<>(idleTimeout);
    }

    /** Run connect(info) in this turn. */
    static InfoResult connect(Object info) {
        return new Connect<>(info);
    }

    /** Run disconnect(info) in this turn. */
    static InfoResult disconnect(Object info) {
        return new Disconnect<>(info);
    }

    /** Stop the process. */
    static InfoResult stop(StopReason reason) {
        return new Stop<>(reason);
    }
}
