package dev.tether.redis;

/**
 * Sees every command a client sends: when it starts, then how it finished. Registered with
 * {@link RedisOptions.Builder#commandListener(CommandListener)}; every kind of client reports
 * through it: the shared connection, the dedicated connections (blocking commands, watch
 * transactions), each Cluster node and Sentinel primary or replica (see {@link CommandFinished#node()}
 * and {@link CommandFinished#role()}), and a {@link RedisSubscriber}, which also reports the
 * messages it delivered and dropped.
 *
 * <p>What it is given never holds a command's arguments or values: only the command's name, so
 * a password sent by AUTH or HELLO, or a value, cannot leak into metrics. The handshake's own
 * commands are not reported.
 *
 * <p>Called on whichever thread completes the command (the caller's, a reader's): be quick and
 * never block. A listener that throws is logged once per client and otherwise ignored: it breaks
 * neither the command nor the connection. With no listener registered nothing is measured and
 * nothing extra is allocated.
 *
 * <p>A pipeline or transaction reports each of its commands, all with the batch's latency and
 * each with its own outcome; {@link CommandFinished#batchSize()} says how many went together.
 *
 * <p>For an async command, {@code finished} may run just after the caller's own stages on the
 * future (and after a {@code join()} returned): count on it arriving, not on its order.
 */
public interface CommandListener {

    /** {@code command} is about to be sent to {@code node}; default: nothing. */
    default void started(String command, String node) {
    }

    /** A command finished, with its outcome and latency. */
    void finished(CommandFinished event);

    /** A subscriber on {@code node} delivered one message to its listener; default: nothing. */
    default void messageDelivered(String node) {
    }

    /** A subscriber on {@code node} dropped {@code count} messages (its DROP delivery policy); default: nothing. */
    default void messagesDropped(String node, long count) {
    }
}
