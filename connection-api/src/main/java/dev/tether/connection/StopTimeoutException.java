package dev.tether.connection;

import java.time.Duration;

/**
 * {@link ConnectionRef#stop(StopReason, Duration)} did not see {@code terminate} finish in
 * time. The stop still goes on; {@link ConnectionRef#stopped()} completes when it is done.
 */
public class StopTimeoutException extends ConnectionException {

    /** An exception naming the {@code connection} and the {@code timeout} its stop did not meet. */
    public StopTimeoutException(String connection, Duration timeout) {
        super(connection + " did not stop within " + timeout.toMillis() + " ms");
    }
}
