package dev.tether.connection;

/**
 * Run {@code connect(info)} now, in the same turn, before any queued message. Cancels a pending
 * backoff timer.
 *
 * @param info passed to {@link Connection#connect(Object)}; must not be null
 * @param <R> the reply type when returned from handleCall (unused otherwise)
 */
public record Connect<R>(Object info)
        implements InitResult, DisconnectResult, CallResult<R>, CastResult, InfoResult {
    /** Checks that {@code info} is not null. */
    public Connect {
        java.util.Objects.requireNonNull(info, "connect info");
    }
}
