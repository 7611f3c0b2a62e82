package dev.tether.core.pipe;

import dev.tether.connection.Cancellable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One request on its way through a pipe, from the caller to its reply: the single place where an
 * outstanding request is tracked. It is queued for writing, then linked into the in-flight queue
 * of the {@link Lane} that wrote it ({@link #next}), and completed exactly once by whoever wins:
 * the reader with the reply, the caller's deadline, or a teardown.
 *
 * <p>A synchronous caller parks on its own thread ({@link #waiter}) and is unparked by the
 * completion; an asynchronous one holds {@link #future}. Nothing else is allocated per request.
 */
final class Exchange<T> {

    private static final VarHandle STATE;
    private static final VarHandle ROUTED;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Exchange.class, "state", int.class);
            ROUTED = MethodHandles.lookup().findVarHandle(Exchange.class, "routed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int PENDING = 0;
    private static final int COMPLETING = 1;
    private static final int DONE = 2;

    /**
     * What was asked; dropped ({@link #release}) once this exchange is answered and has become
     * its lane's sentinel, so the last request of a burst (a 256 MiB SET, say) is not kept alive
     * until the next one is answered.
     */
    Request<T> request;
    final long deadline;
    final Thread waiter;
    final CompletableFuture<T> future;
    /** The next request in the in-flight queue of the lane that wrote this one. */
    volatile Exchange<?> next;
    /** The lane this request was written to, once it was; a waiting caller reads for it there. */
    volatile Lane<?> lane;
    /** True once a request no reply answers (never linked to a lane) was handed to the socket. */
    volatile boolean writtenOneWay;
    volatile Cancellable timer;
    private volatile int state;
    /**
     * How many connect attempts of its pipe had failed when this request was handed to the loop
     * ({@code PipeConnection.reroute}); written before the hand-off, read on the loop after it.
     */
    int failedAttemptsSeen;
    /** 1 while this request counts in its pipe's {@code PipeConnection.rerouting}; see {@link #unroute}. */
    private volatile int routed;
    private Object value;
    private Throwable error;
    /** Frames collected so far for a multi-frame request; touched only by the reader. */
    private Object[] frames;
    private int framesSeen;

    /** The pipe that counts this request as unfinished and translates its errors; null for a handshake's. */
    private final PipeConnection<?> owner;

    Exchange(Request<T> request, long deadline, Thread waiter, CompletableFuture<T> future, PipeConnection<?> owner) {
        this.request = request;
        this.deadline = deadline;
        this.waiter = waiter;
        this.future = future;
        this.owner = owner;
    }

    /** Drops the request: this exchange is answered and only marks the head of its lane's queue. */
    void release() {
        request = null;
    }

    /** Marks this request as handed to the loop; false if it already was (and still is). */
    boolean route() {
        return ROUTED.compareAndSet(this, 0, 1);
    }

    /** Ends the hand-over; true exactly once per {@link #route()}. */
    boolean unroute() {
        return ROUTED.compareAndSet(this, 1, 0);
    }

    /** True once complete, or once an async caller cancelled its future (then it is not written). */
    boolean isDone() {
        return state != PENDING || (future != null && future.isDone());
    }

    /** True once the completion is visible (value and error published). */
    boolean isSettled() {
        return state == DONE;
    }

    /**
     * Takes one reply frame; returns true when the request has all its frames (and is then
     * completed, unless its caller had already given up).
     */
    boolean accept(Object frame) {
        int expected = request.replyFrames();
        if (expected <= 1) {
            succeed(frame);
            return true;
        }
        if (frames == null) {
            frames = new Object[expected];
        }
        frames[framesSeen++] = frame;
        if (framesSeen < expected) {
            return false;
        }
        Object[] all = frames;
        frames = null;
        succeed(all);
        return true;
    }

    /** Completes with the request's conversion of {@code decoded}, or with what that conversion threw. */
    void succeed(Object decoded) {
        if (isDone()) {
            return; // the caller gave up: the late reply is dropped
        }
        T converted;
        try {
            converted = request.reply(decoded);
        } catch (RuntimeException e) {
            complete(null, e);
            return;
        }
        complete(converted, null);
    }

    boolean fail(Throwable cause) {
        return complete(null, cause);
    }

    /** Whether any of this request was handed to the socket: it was linked to a lane, or written one-way. */
    boolean written() {
        return lane != null || writtenOneWay;
    }

    private boolean complete(Object result, Throwable cause) {
        if (!STATE.compareAndSet(this, PENDING, COMPLETING)) {
            return false;
        }
        if (cause instanceof PipeException e && e.written() != written()) {
            cause = e.copy(written()); // one failure shared by many requests says what happened to this one
        }
        value = result;
        error = cause;
        state = DONE;
        if (owner != null && owner.unfinished.decrementAndGet() == 0) {
            owner.lastFinished();
        }
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        if (waiter != null) {
            if (waiter != Thread.currentThread()) { // a caller reading its own reply needs no wake-up
                LockSupport.unpark(waiter);
            }
        } else if (future != null) {
            if (cause != null) {
                future.completeExceptionally(cause instanceof PipeException e && owner != null ? owner.translate(e) : cause);
            } else {
                @SuppressWarnings("unchecked")
                T v = (T) result;
                future.complete(v);
            }
        }
        return true;
    }

    /**
     * The reply, or the failure thrown; call once, after {@link #isSettled()}, on the caller's
     * thread. A {@link PipeException} is translated here, so what the error translator makes is
     * made on the caller's thread and its stack trace shows the caller's own line, with the
     * original (made by the reader, the loop or the deadline) as its cause; given back untranslated,
     * it is thrown as {@link PipeException#forCaller() a copy made here}. What a request's own
     * conversion threw is thrown as is: the protocol's facade copies it if it wants the caller's line.
     */
    @SuppressWarnings("unchecked")
    T result() {
        if (error == null) {
            return (T) value;
        }
        if (error instanceof PipeException e) {
            RuntimeException translated = owner != null ? owner.translate(e) : e;
            throw translated == e ? e.forCaller() : translated;
        }
        if (error instanceof RuntimeException e) {
            throw e;
        }
        if (error instanceof Error e) {
            throw e;
        }
        throw new PipeException(PipeException.Reason.DISCONNECTED, error.toString(), error);
    }

    @Override
    public String toString() {
        return "Exchange[" + request + (isDone() ? ", done" : "") + "]";
    }
}
