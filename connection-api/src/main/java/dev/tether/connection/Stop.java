package dev.tether.connection;

/**
 * Stop the process: {@code terminate(reason)} runs, then every waiting caller is failed with a
 * {@link ConnectionStoppedException} carrying {@code reason}.
 */
public record Stop<R>(StopReason reason)
        implements InitResult, ConnectResult, DisconnectResult, CallResult<R>, CastResult, InfoResult {
    /** Checks that {@code reason} is not null. */
    public Stop {
        java.util.Objects.requireNonNull(reason, "stop reason");
    }
}
