package dev.tether.connection;

import java.time.Duration;

/**
 * What the runtime offers a behaviour from inside its callbacks; handed to
 * {@link Connection#init(ConnectionContext)}, which usually keeps it in a field.
 *
 * <p>{@link #send} and {@link #sendAfter} are how health checks, rate-limit windows and
 * deadlines are built: they deliver an info message to this connection's own
 * {@link Connection#handleInfo(Object)}, in mailbox order. Unlike the handle's
 * {@link ConnectionRef#send}, they never fail because the mailbox is full.
 *
 * @param <Q> the request type of calls and casts
 * @param <R> the reply type of calls
 */
public interface ConnectionContext<Q, R> {

    /** The handle of this connection, to give to other threads. */
    ConnectionRef<Q, R> self();

    /** The connection's name (given or generated), for logs. */
    String name();

    /** Queues {@code message} for this connection's handleInfo, after what is already queued. */
    void send(Object message);

    /**
     * Queues {@code message} for handleInfo after {@code delay}, on the connection's
     * {@link Scheduler}. Cancelling before it fires guarantees it is never delivered, even if the
     * timer already fired and the message is queued.
     */
    Cancellable sendAfter(Object message, Duration delay);

    /** The connection's ticker: compare {@link ReplyTo#deadlineNanos()} with it. */
    Ticker ticker();

    /**
     * Failed attempts in the current outage as counted for {@link Backoff#byPolicy()}; zero when
     * connected or never failed.
     */
    int backoffAttempt();

    /** True when the current thread is this connection's loop. */
    boolean onLoop();
}
