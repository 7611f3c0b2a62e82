package dev.tether.connection;

import java.time.Duration;

/**
 * What {@link Connection#handleCall(Object, ReplyTo)} may return.
 *
 * @param <R> the reply type
 */
public sealed interface CallResult<R>
        permits Reply, NoReply, Connect, ReplyThenConnect, Disconnect, ReplyThenDisconnect, Stop,
                ReplyThenStop, Postpone {

    /** Answer the caller now. */
    static <R> CallResult<R> reply(R value) {
        return new Reply<>(value, null);
    }

    /** Answer the caller now and arm an idle timeout. */
    static <R> CallResult<R> reply(R value, Duration idleTimeout) {
        return new Reply<>(value, idleTimeout);
    }

    /** The caller keeps waiting; the behaviour completes its {@link ReplyTo} later. */
    @SuppressWarnings("unchecked")
    static <R> CallResult<R> noReply() {
        return (CallResult<R>) NoReply.INSTANCE;
    }

    /** As {@link #noReply()}, with an idle timeout. */
    static <R> CallResult<R> noReply(Duration idleTimeout) {
        return new NoReply<>(idleTimeout);
    }

    /** Run connect(info) in this turn; the caller keeps waiting. */
    static <R> CallResult<R> connect(Object info) {
        return new Connect<>(info);
    }

    /** Reply first, then run connect(info) in this turn. */
    static <R> CallResult<R> replyThenConnect(R reply, Object info) {
        return new ReplyThenConnect<>(reply, info);
    }

    /** Run disconnect(info) in this turn; the caller keeps waiting. */
    static <R> CallResult<R> disconnect(Object info) {
        return new Disconnect<>(info);
    }

    /** Reply first, then run disconnect(info) in this turn. */
    static <R> CallResult<R> replyThenDisconnect(R reply, Object info) {
        return new ReplyThenDisconnect<>(reply, info);
    }

    /** Stop; this caller too is failed with the reason unless already answered. */
    static <R> CallResult<R> stop(StopReason reason) {
        return new Stop<>(reason);
    }

    /** Reply first, then stop. */
    static <R> CallResult<R> replyThenStop(R reply, StopReason reason) {
        return new ReplyThenStop<>(reply, reason);
    }

    /** Hand this call back after the next state change. */
    static <R> CallResult<R> postpone() {
        return new Postpone<>();
    }
}
