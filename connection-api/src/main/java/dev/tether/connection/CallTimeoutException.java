package dev.tether.connection;

import java.time.Duration;

/**
 * A call's deadline passed before it was answered. The request may or may not have been
 * handled; a late reply is dropped. Also what a cancelled call future means.
 */
public class CallTimeoutException extends ConnectionException {

    /** The timeout the caller gave. */
    private final Duration timeout;

    /** An exception naming the {@code connection} called and the {@code timeout} that passed. */
    public CallTimeoutException(String connection, Duration timeout) {
        super("call to " + connection + " timed out after " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    /** The timeout the caller gave. */
    public Duration timeout() {
        return timeout;
    }
}
