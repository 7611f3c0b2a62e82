package dev.tether.connection;

/** The base of every exception the connection runtime throws to callers. */
public class ConnectionException extends RuntimeException {

    /** An exception with {@code message}. */
    public ConnectionException(String message) {
        super(message);
    }

    /** An exception with {@code message} and the {@code cause} behind it. */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
