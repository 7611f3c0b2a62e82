package dev.tether.connection;

/**
 * A callback returned null, or a result it is not allowed to return. The process stops with
 * {@link StopReason.Crash} carrying this exception.
 */
public class BadReturnValueException extends ConnectionException {

    /** An exception naming the {@code callback} and the {@code value} it returned. */
    public BadReturnValueException(String callback, Object value) {
        super("bad return value from " + callback + ": " + value);
    }
}
