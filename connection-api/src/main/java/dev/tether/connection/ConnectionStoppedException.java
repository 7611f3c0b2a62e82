package dev.tether.connection;

/**
 * The connection process has stopped (or is stopping), so the request was not or will never be
 * answered. Carries the {@link StopReason}.
 */
public class ConnectionStoppedException extends ConnectionException {

    private final transient StopReason reason;

    /**
     * An exception naming the stopped {@code connection}, carrying its stop {@code reason} (and
     * that reason's cause).
     */
    public ConnectionStoppedException(String connection, StopReason reason) {
        super(connection + " stopped: " + reason.describe(), reason.cause());
        this.reason = reason;
    }

    /** Why the process stopped. */
    public StopReason reason() {
        return reason;
    }
}
