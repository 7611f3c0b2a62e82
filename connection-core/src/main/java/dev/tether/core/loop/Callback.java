package dev.tether.core.loop;

import dev.tether.connection.BadReturnValueException;
import dev.tether.connection.StopReason;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The callbacks of a behaviour, and the one guarded way the loop runs them.
 *
 * <p>{@link #invoke} is the only place a callback's failure becomes a stop reason: a callback that
 * throws stops the process with {@link StopReason.Crash} naming it, one that returns null stops
 * it with a Crash carrying {@link BadReturnValueException}. A callback that throws while a stop
 * is requested was most likely interrupted by {@code stop()}, so the requested reason wins.
 *
 * <p>While a callback runs, {@link Lifecycle#running()} names it, so that {@code stop()} knows
 * whether to interrupt it at once (connect, disconnect) or after a grace period. init and
 * terminate are never marked: init runs before the process is started and a crash there is its
 * own, and terminate runs after the stop was decided.
 */
enum Callback {
    INIT("init"),
    CONNECT("connect"),
    DISCONNECT("disconnect"),
    HANDLE_CALL("handleCall"),
    HANDLE_CAST("handleCast"),
    HANDLE_INFO("handleInfo"),
    MAILBOX_DRAINED("mailboxDrained"),
    TERMINATE("terminate");

    /** The callback's name, as {@link StopReason.Crash#callback()} and logs give it. */
    final String id;

    Callback(String id) {
        this.id = id;
    }

    /** Most likely blocked in I/O to a peer that does not answer: stop interrupts it at once. */
    boolean talksToPeer() {
        return this == CONNECT || this == DISCONNECT;
    }

    private boolean marked() {
        return this != INIT && this != TERMINATE;
    }

    /**
     * Runs {@code body}, this callback's call into the behaviour, on the loop thread. Returns what
     * it returned; or, when it threw or returned null, hands the stop reason to {@code onFailure}
     * and returns null.
     */
    <T> T invoke(Lifecycle lifecycle, Supplier<T> body, Consumer<StopReason> onFailure) {
        boolean marked = marked();
        if (marked) {
            lifecycle.running(this);
        }
        T result;
        try {
            result = body.get();
        } catch (Throwable t) {
            // A callback interrupted by stop() fails because of the stop, not by itself.
            StopReason requested = marked ? lifecycle.stopRequest() : null;
            onFailure.accept(requested != null ? requested : new StopReason.Crash(id, t));
            return null;
        } finally {
            if (marked) {
                lifecycle.running(null);
            }
        }
        if (result == null) {
            onFailure.accept(new StopReason.Crash(id, new BadReturnValueException(id, null)));
        }
        return result;
    }

    /** {@link #invoke} for a callback that returns nothing (terminate). */
    void run(Lifecycle lifecycle, Runnable body, Consumer<StopReason> onFailure) {
        invoke(lifecycle, () -> {
            body.run();
            return Boolean.TRUE;
        }, onFailure);
    }
}
