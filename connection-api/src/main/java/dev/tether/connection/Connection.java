package dev.tether.connection;

/**
 * The Connection behaviour: a connection process that owns one resource (usually a socket),
 * stays available while the resource is not, and reconnects by itself. Tether's port of
 * Elixir's {@code Connection} (fishcakez/connection 1.1).
 *
 * <h2>The model</h2>
 * A runtime ({@code dev.tether.core.Tether#start}) wraps an object implementing this interface
 * in a single-threaded event loop with a mailbox. Calls, casts, info messages and timer fires are
 * handled one at a time in arrival order, so the object's fields are its state and need no locks.
 * Every callback runs on that loop, by default a virtual thread, so a callback may block (connect
 * a socket, run a handshake) without stalling other connections. The runtime adds two callbacks
 * to a plain actor, {@link #connect} and {@link #disconnect}, and one backoff timer.
 *
 * <h2>Callbacks and their results</h2>
 * Each callback returns its own sealed result type; an illegal result does not compile. A
 * {@code null} result, or an exception thrown by any callback after init, stops the process
 * with {@link StopReason.Crash}: terminate sees the state as it was, waiting callers are failed,
 * and the crash is logged at error level with the state rendered by {@link #formatState()}.
 *
 * <table>
 *   <caption>Which callback may return what</caption>
 *   <tr><th>Result</th><th>init</th><th>connect</th><th>disconnect</th><th>handleCall</th><th>handleCast</th><th>handleInfo</th></tr>
 *   <tr><td>{@link Ok}</td><td>yes</td><td>yes</td><td></td><td></td><td></td><td></td></tr>
 *   <tr><td>{@link Connect}</td><td>yes</td><td></td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link ReplyThenConnect}</td><td></td><td></td><td></td><td>yes</td><td></td><td></td></tr>
 *   <tr><td>{@link Disconnect}</td><td></td><td></td><td></td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link ReplyThenDisconnect}</td><td></td><td></td><td></td><td>yes</td><td></td><td></td></tr>
 *   <tr><td>{@link Backoff}</td><td>yes</td><td>yes</td><td>yes</td><td></td><td></td><td></td></tr>
 *   <tr><td>{@link NoConnect}</td><td></td><td></td><td>yes</td><td></td><td></td><td></td></tr>
 *   <tr><td>{@link Reply}</td><td></td><td></td><td></td><td>yes</td><td></td><td></td></tr>
 *   <tr><td>{@link NoReply}</td><td></td><td></td><td></td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link Stop}</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link ReplyThenStop}</td><td></td><td></td><td></td><td>yes</td><td></td><td></td></tr>
 *   <tr><td>{@link Ignore}</td><td>yes</td><td></td><td></td><td></td><td></td><td></td></tr>
 *   <tr><td>{@link Postpone}</td><td></td><td></td><td></td><td>yes</td><td>yes</td><td></td></tr>
 * </table>
 *
 * <p><b>Ok</b> from init: the loop starts and connect is <em>not</em> called (the pattern for
 * connecting inside init). From connect: the connection is up ({@link ConnectionState#CONNECTED}).
 *
 * <p><b>Connect(info)</b> runs {@code connect(info)} in the same turn: no other message is
 * handled in between. From init, {@code start} returns first, then connect runs before any
 * message that was already queued. A pending backoff timer is cancelled first.
 *
 * <p><b>Disconnect(info)</b> runs {@code disconnect(info)} in the same turn, after cancelling a
 * pending backoff timer. The runtime never calls disconnect by itself: only this result does.
 *
 * <p><b>Reply-then forms</b> ({@link ReplyThenConnect}, {@link ReplyThenDisconnect},
 * {@link ReplyThenStop}) deliver the reply before the follow-up callback runs.
 *
 * <p><b>Backoff</b> arms the single backoff timer; when it fires, {@code connect(Signal.BACKOFF)}
 * runs. A fire that was already queued when the timer was cancelled is never observed. The
 * process keeps handling messages while backing off; how it answers calls meanwhile (fail fast,
 * postpone, queue) is the behaviour's choice. From init, {@code start} returns first.
 *
 * <p><b>NoConnect</b> (from disconnect) leaves the process idle and disconnected until some
 * callback returns Connect.
 *
 * <p><b>Reply(value)</b> answers the caller; <b>NoReply</b> keeps it waiting: keep the
 * {@link ReplyTo} and complete it later from any callback or thread. Both leave a pending
 * backoff timer running.
 *
 * <p><b>Stop(reason)</b> runs {@link #terminate(StopReason)}, then fails every caller still
 * waiting, queued or deferred, with a {@link ConnectionStoppedException} carrying the reason.
 * From init, {@code start} fails with {@link StartFailedException} and terminate is not called.
 *
 * <p><b>Ignore</b> (from init): nothing is started; {@code start} throws
 * {@link StartIgnoredException}; terminate is not called.
 *
 * <p><b>Postpone</b> keeps the message and hands it back after the next change of
 * {@link ConnectionState}, ahead of newer messages (gen_statem's postpone). Bounded.
 *
 * <p><b>Idle timeout.</b> {@link Ok}, {@link Reply}, {@link NoReply}, {@link Backoff} and
 * {@link NoConnect} may carry one: if no message arrives within it, handleInfo receives
 * {@link Signal#IDLE_TIMEOUT}. Any message cancels it. For periodic work (health checks) use
 * {@link ConnectionContext#sendAfter} instead, which other messages do not cancel.
 *
 * <p><b>Not ported.</b> Hibernation and {@code code_change} have no meaning on the JVM;
 * {@code format_status} became {@link #formatState()}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * final class Echo implements Connection<String, String> {
 *     public InitResult init(ConnectionContext<String, String> context) {
 *         return InitResult.connect("start");
 *     }
 *     public ConnectResult connect(Object info) {
 *         return ConnectResult.ok();          // open a socket here; on failure Backoff.byPolicy()
 *     }
 *     public DisconnectResult disconnect(Object info) {
 *         return DisconnectResult.backoff(Backoff.byPolicy());
 *     }
 *     public CallResult<String> handleCall(String request, ReplyTo<String> from) {
 *         return CallResult.reply(request);
 *     }
 * }
 * ConnectionRef<String, String> ref = Tether.start(new Echo(), ConnectionOptions.defaults());
 * ref.call("hello");                          // "hello"
 * ref.stop();
 * }</pre>
 * Runnable versions with a real socket: the pipe layer's engine, {@code PipeConnection} in
 * {@code dev.tether.core.pipe}, which the Redis client runs on (deferred replies, pipelining,
 * reconnects), and {@code dev.tether.examples.pool.BlockingRedisConnection}
 * in the examples module (one blocking request at a time). For a request/reply protocol,
 * {@code dev.tether.core.pipe.Pipe} is such a behaviour already and needs only a codec.
 *
 * @param <Q> the request type of calls and casts
 * @param <R> the reply type of calls
 */
public interface Connection<Q, R> {

    /**
     * Runs on the loop before {@code start} returns. Keep {@code context} to send yourself
     * messages later.
     */
    InitResult init(ConnectionContext<Q, R> context);

    /**
     * Establishes the resource. {@code info} is what a Connect result carried, or
     * {@link Signal#BACKOFF} when the backoff timer fired. Only ever returns Ok, Backoff or Stop.
     */
    ConnectResult connect(Object info);

    /**
     * Tears the resource down; called only when a callback returned Disconnect, with its info.
     * Default: back off by the connection's policy.
     */
    default DisconnectResult disconnect(Object info) {
        return DisconnectResult.backoff(Backoff.byPolicy());
    }

    /** Handles a call. Default: none expected, so the process crashes with a clear error. */
    default CallResult<R> handleCall(Q request, ReplyTo<R> from) {
        throw new UnsupportedOperationException(getClass().getName() + " does not handle calls: " + request);
    }

    /** Handles a cast. Default: none expected, so the process crashes with a clear error. */
    default CastResult handleCast(Q request) {
        throw new UnsupportedOperationException(getClass().getName() + " does not handle casts: " + request);
    }

    /**
     * Handles any other message: from {@link ConnectionRef#send}, {@link ConnectionContext#send},
     * sockets, or {@link Signal#IDLE_TIMEOUT}. Default: ignore it and carry on.
     */
    default InfoResult handleInfo(Object message) {
        return InfoResult.noReply();
    }

    /**
     * Called once the loop has handled every message that was queued when it last woke, before it
     * waits again: flush what the calls of this batch buffered in one write. Default: nothing.
     */
    default InfoResult mailboxDrained() {
        return InfoResult.noReply();
    }

    /**
     * Runs on the loop when the process stops for any reason except init's Ignore/Stop/exception.
     * Release resources here. An exception thrown here is logged and does not hide the reason.
     */
    default void terminate(StopReason reason) {
    }

    /**
     * Renders the state for logs and crash reports. Override to redact secrets. Default: the
     * class name only, so nothing is leaked by accident.
     */
    default String formatState() {
        return getClass().getSimpleName();
    }
}
