package dev.tether.connection;

/**
 * {@code start} did not produce a running process: {@code init} returned Stop or threw, or (for
 * the variant that waits for the first connect) that connect did not succeed. Nothing is left
 * running.
 */
public class StartFailedException extends ConnectionException {

    private final transient StopReason reason;

    /**
     * An exception naming the {@code connection} that did not start, carrying why it stopped (and
     * that reason's cause).
     */
    public StartFailedException(String connection, StopReason reason) {
        super("start of " + connection + " failed: " + reason.describe(), reason.cause());
        this.reason = reason;
    }

    /** Why it failed. */
    public StopReason reason() {
        return reason;
    }
}
