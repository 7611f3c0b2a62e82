package dev.tether.connection;

import java.time.Duration;

/**
 * What {@link Connection#init(ConnectionContext)} may return:
 * {@link Ok} (no connect), {@link Connect}, {@link Backoff}, {@link Stop} or {@link Ignore}.
 */
public sealed interface InitResult permits Ok, Connect, Backoff, Stop, Ignore {

    /** The loop starts; connect is not called (the behaviour connected inside init, or will later). */
    static InitResult ok() {
        return Ok.INSTANCE;
    }

    /** As {@link #ok()}, with an idle timeout. */
    static InitResult ok(Duration idleTimeout) {
        return new Ok(idleTimeout);
    }

    /** {@code start} returns, then {@code connect(info)} runs before any queued message. */
    static InitResult connect(Object info) {
        return new Connect<>(info);
    }

    /** {@code start} returns; connect(BACKOFF) runs after the backoff. */
    static InitResult backoff(Backoff backoff) {
        return backoff;
    }

    /** {@code start} fails with {@link StartFailedException}; terminate is not called. */
    static InitResult stop(StopReason reason) {
        return new Stop<>(reason);
    }

    /** {@code start} throws {@link StartIgnoredException}; terminate is not called. */
    static InitResult ignore() {
        return Ignore.INSTANCE;
    }
}
