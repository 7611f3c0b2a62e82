package dev.tether.core;

import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StartIgnoredException;
import dev.tether.core.loop.Engine;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts connection processes: the runtime's one entry point.
 *
 * <pre>{@code
 * ConnectionRef<String, String> ref = Tether.start(new MyConnection(), ConnectionOptions.defaults());
 * String answer = ref.call("PING");
 * ref.stop();
 * }</pre>
 *
 * Each connection runs its callbacks on a loop of its own (a virtual thread by default); see
 * {@link Connection} for the contract.
 */
public final class Tether {

    private Tether() {
    }

    /** Starts {@code behaviour} with default options; see {@link #start(Connection, ConnectionOptions)}. */
    public static <Q, R> ConnectionRef<Q, R> start(Connection<Q, R> behaviour) {
        return start(behaviour, ConnectionOptions.defaults());
    }

    /**
     * Starts a connection process and returns once {@code init} has returned. If init returned
     * Connect, connect runs after this returns, before any message.
     *
     * @throws StartFailedException if init returned Stop or threw (terminate is not called)
     * @throws StartIgnoredException if init returned Ignore
     * @throws IllegalStateException if the options name a connection that is already running
     */
    public static <Q, R> ConnectionRef<Q, R> start(Connection<Q, R> behaviour, ConnectionOptions options) {
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(options, "options");
        return Engine.start(behaviour, settings(options), false);
    }

    /**
     * Starts a connection process and waits until its first connect succeeded (Redix's
     * {@code sync_connect}). If that connect returns Backoff or Stop instead, the process is
     * stopped (terminate runs), nothing is left running, and this throws.
     *
     * @throws StartFailedException if init failed or the first connect did not succeed; its
     *     reason carries the cause the behaviour gave with its Backoff
     */
    public static <Q, R> ConnectionRef<Q, R> startConnected(Connection<Q, R> behaviour, ConnectionOptions options) {
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(options, "options");
        return Engine.start(behaviour, settings(options), true);
    }

    /** The running connection registered under {@code name} (see {@link ConnectionOptions.Builder#name}). */
    public static Optional<ConnectionRef<?, ?>> whereis(String name) {
        return Engine.whereis(name);
    }

    /** What the runtime has running now: loops, socket readers and sockets, for leak checks. */
    public static LiveResources liveResources() {
        return new LiveResources(Engine.liveLoops(), Engine.liveReaders(), Engine.liveSockets());
    }

    /** The options as the engine takes them (it does not refer back to this package). */
    private static Engine.Settings settings(ConnectionOptions o) {
        return new Engine.Settings(o.name(), o.mailboxCapacity(), o.postponeCapacity(), o.callTimeout(),
                o.stopTimeout(), o.backoffPolicy(), o.listeners(), o.ticker(), o.scheduler(), o.threadFactory(),
                o.completionExecutor(), o.jitter(), o.errorTranslator());
    }
}
