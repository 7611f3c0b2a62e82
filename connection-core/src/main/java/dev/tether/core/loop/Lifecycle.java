package dev.tether.core.loop;

import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What every thread may see of one connection process, and the only state the loop shares with
 * the threads that hold its handle: the {@link ConnectionState}, the stop requested by
 * {@code stop()}, whether a stop is decided ({@code stopping}) or done ({@code closed}), the
 * reason it stopped with, the callback running now and the loop thread.
 *
 * <p>The loop thread writes everything except {@link #requestStop}, which any thread may call.
 * Every field the handle reads is volatile; the stop decided during a turn
 * ({@link #decideStop}) is the loop's alone. Interrupting a blocked callback takes a lock that terminate takes too,
 * so an interrupt meant for a callback never hits terminate.
 */
final class Lifecycle {

    final String name;
    /** Completed with the stop reason once the process is stopped and everything is released. */
    final CompletionFuture<StopReason> stopped;
    private final Function<ConnectionException, ? extends RuntimeException> errors;
    private final ReentrantLock interruptLock = new ReentrantLock();

    volatile ConnectionState state = ConnectionState.STARTING;
    /** The reason the process stopped with; set once it stops (or init did not start it). */
    volatile StopReason finalReason;
    /** A stop is decided: senders are refused from now on, not queued to be dropped. */
    volatile boolean stopping;
    /** The process is stopped: what waits was failed, nothing more is taken. */
    volatile boolean closed;
    volatile Thread thread;
    private volatile StopReason stopRequest;
    private volatile Callback running;
    private boolean terminating; // guarded by interruptLock
    private StopReason pendingStop; // loop only

    Lifecycle(String name, Executor completion, Function<ConnectionException, ? extends RuntimeException> errors) {
        this.name = name;
        this.stopped = new CompletionFuture<>(completion);
        this.errors = errors;
    }

    boolean onLoop() {
        return Thread.currentThread() == thread;
    }

    /** The reason {@code stop()} asked for, or null; the loop checks it before every message. */
    StopReason stopRequest() {
        return stopRequest;
    }

    /** Asks the loop to stop with {@code reason}, unless a stop was asked for already. */
    void requestStop(StopReason reason) {
        if (stopRequest == null) {
            stopRequest = reason;
        }
    }

    /**
     * Loop only: the process stops with {@code reason} once the current turn is over, unless a
     * stop was decided already. Senders are refused from now on, not queued to be dropped.
     */
    void decideStop(StopReason reason) {
        if (pendingStop == null) {
            pendingStop = reason;
            stopping = true;
        }
    }

    /** Loop only: the stop decided this turn, or null. */
    StopReason pendingStop() {
        return pendingStop;
    }

    /** The callback running now (init and terminate excepted), or null between callbacks. */
    Callback running() {
        return running;
    }

    void running(Callback callback) {
        running = callback;
    }

    /** Senders are refused once a stop is decided or requested. */
    boolean refusing() {
        return stopping || stopRequest != null;
    }

    /** The reason a sender is told when refused: the final one, else the requested one. */
    StopReason reasonWhileStopping() {
        StopReason r = finalReason;
        if (r == null) {
            r = stopRequest;
        }
        return r != null ? r : StopReason.shutdown("stopping");
    }

    /** Interrupts the loop thread if a callback runs, unless terminate has begun. */
    void interruptCallback() {
        interruptLock.lock();
        try {
            Thread t = thread;
            if (!terminating && t != null && running != null) {
                t.interrupt();
            }
        } finally {
            interruptLock.unlock();
        }
    }

    /** From now on {@link #interruptCallback} does nothing: terminate is about to run. */
    void beginTerminate() {
        interruptLock.lock();
        try {
            terminating = true;
        } finally {
            interruptLock.unlock();
        }
    }

    /** {@code error} as the connection's error translator renders it (itself if it gives null). */
    RuntimeException translate(ConnectionException error) {
        RuntimeException translated = errors.apply(error);
        return translated != null ? translated : error;
    }

    @Override
    public String toString() {
        return "Connection[" + name + ", " + state + "]";
    }
}
