package dev.tether.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of a running connection process. Any thread may use it; every method is
 * non-blocking except {@link #call} and {@link #stop}.
 *
 * <p><b>Completion threads.</b> Futures returned here never run dependent stages on the
 * connection's loop: non-async stages ({@code thenApply}, {@code whenComplete}, ...) run on the
 * connection's completion executor (virtual threads by default), so a blocking
 * {@code thenAccept} cannot stall other callers. A thread blocked in {@code get()} or
 * {@code join()} is woken directly.
 *
 * @param <Q> the request type of calls and casts
 * @param <R> the reply type of calls
 */
public interface ConnectionRef<Q, R> {

    /** The connection's name (given or generated). */
    String name();

    /**
     * Sends {@code request} to {@link Connection#handleCall} and waits for the answer within the
     * connection's default call timeout.
     *
     * @throws CallTimeoutException if no answer came in time (a late answer is dropped)
     * @throws ConnectionStoppedException if the process stopped or stops before answering
     * @throws MailboxFullException if the mailbox is full
     * @throws IllegalStateException if called from this connection's own loop (it would deadlock)
     */
    R call(Q request);

    /** As {@link #call(Object)} with an explicit timeout. */
    R call(Q request, Duration timeout);

    /**
     * Sends {@code request} to {@link Connection#handleCall} and returns a future of the answer.
     * The deadline travels with the request: if it passes while the request is still queued,
     * handleCall never sees it. Cancelling the future means the same as a timeout. The future
     * completes exactly once.
     */
    CompletableFuture<R> callAsync(Q request, Duration timeout);

    /** As {@link #callAsync(Object, Duration)} with the default call timeout. */
    CompletableFuture<R> callAsync(Q request);

    /**
     * Queues {@code request} for {@link Connection#handleCast}; never blocks.
     *
     * @throws MailboxFullException if the mailbox is full
     * @throws ConnectionStoppedException if the process has stopped or is stopping
     */
    void cast(Q request);

    /**
     * Queues an info message for {@link Connection#handleInfo}; never blocks.
     *
     * @throws MailboxFullException if the mailbox is full
     * @throws ConnectionStoppedException if the process has stopped or is stopping
     */
    void send(Object message);

    /** The current lifecycle state. */
    ConnectionState state();

    /** Completes with the stop reason once terminate ran and every waiting caller was failed. */
    CompletableFuture<StopReason> stopped();

    /** Stops normally, waiting up to the default stop timeout; see {@link #stop(StopReason, Duration)}. */
    StopReason stop();

    /**
     * Stops the process: queued and deferred callers are failed with {@code reason}, terminate
     * runs on the loop, and this waits for it. Stop goes ahead of queued messages; a callback
     * blocked in I/O (a connect to a peer that never answers) is interrupted so stop cannot hang.
     * Stopping a stopped connection returns its reason. Within the timeout, this also waits for
     * the loop's thread to end, so that when it returns nothing of the process runs any more.
     *
     * @return the reason the process stopped with (an earlier stop's reason if it was already stopping)
     * @throws StopTimeoutException if terminate did not finish within {@code timeout}
     * @throws IllegalStateException if called from the connection's own loop: return Stop instead
     */
    StopReason stop(StopReason reason, Duration timeout);
}
