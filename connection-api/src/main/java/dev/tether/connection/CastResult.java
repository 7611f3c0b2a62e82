package dev.tether.connection;

import java.time.Duration;

/**
 * What {@link Connection#handleCast(Object)} may return: {@link NoReply}, {@link Connect},
 * {@link Disconnect}, {@link Stop} or {@link Postpone}.
 */
public sealed interface CastResult permits NoReply, Connect, Disconnect, Stop, Postpone {

    /** Carry on. */
    static CastResult noReply() {
        return NoReply.INSTANCE;
    }

    /** Carry on, with an idle timeout. */
    static CastResult noReply(Duration idleTimeout) {
        return new NoReply<>(idleTimeout);
    }

    /** Run connect(info) in this turn. */
    static CastResult connect(Object info) {
        return new Connect<>(info);
    }

    /** Run disconnect(info) in this turn. */
    static CastResult disconnect(Object info) {
        return new Disconnect<>(info);
    }

    /** Stop the process. */
    static CastResult stop(StopReason reason) {
        return new Stop<>(reason);
    }

    /** Hand this cast back after the next state change. */
    static CastResult postpone() {
        return new Postpone<>();
    }
}
