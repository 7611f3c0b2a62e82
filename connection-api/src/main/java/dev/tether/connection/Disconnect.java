package dev.tether.connection;

/**
 * Run {@code disconnect(info)} now, in the same turn, before any queued message. Cancels a
 * pending backoff timer.
 *
 * @param info passed to {@link Connection#disconnect(Object)}: usually why (an exception, a
 *     close event)
 * @param <R> the reply type when returned from handleCall (unused otherwise)
 */
public record Disconnect<R>(Object info) implements CallResult<R>, CastResult, InfoResult {
    /** Checks that {@code info} is not null. */
    public Disconnect {
        java.util.Objects.requireNonNull(info, "disconnect info");
    }
}
