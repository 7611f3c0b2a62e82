package dev.tether.connection;

/**
 * Where a connection process is in its life, as reported by {@link ConnectionRef#state()}.
 *
 * <pre>
 *  STARTING --init--&gt; CONNECTING --Ok--&gt; CONNECTED --Disconnect--&gt; (disconnect callback)
 *     |                  |  ^                                         |        |
 *     |                  |  +------------ Connect / timer fires ------+        |
 *     |                  +--Backoff--&gt; BACKING_OFF          NoConnect: DISCONNECTED
 *     +-- any Stop or crash: STOPPING --terminate done--&gt; STOPPED
 * </pre>
 */
public enum ConnectionState {
    /** {@code init} has not returned yet. */
    STARTING,
    /** The {@code connect} callback is running. */
    CONNECTING,
    /** The last {@code connect} returned Ok (or {@code init} returned Ok). */
    CONNECTED,
    /** A backoff timer is armed (or the delay is infinite); the process still answers messages. */
    BACKING_OFF,
    /** {@code disconnect} returned NoConnect: idle until a callback returns Connect. */
    DISCONNECTED,
    /** A stop was decided; {@code terminate} is running or about to run. */
    STOPPING,
    /** Terminated; every waiting caller has been failed. */
    STOPPED;

    /** True for {@link #STOPPING} and {@link #STOPPED}: the process accepts no new messages. */
    public boolean isTerminal() {
        return this == STOPPING || this == STOPPED;
    }
}
