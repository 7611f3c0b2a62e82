package dev.tether.connection;

/**
 * Messages the runtime itself hands to a behaviour.
 */
public enum Signal {
    /**
     * The {@code info} passed to {@link Connection#connect(Object)} when the backoff timer
     * fires. The info of the connect that failed is not kept: whatever a reconnect needs lives
     * in the behaviour's fields.
     */
    BACKOFF,
    /**
     * The message passed to {@link Connection#handleInfo(Object)} when a result's idle timeout
     * elapsed with no message arriving.
     */
    IDLE_TIMEOUT
}
