package dev.tether.connection;

/**
 * From handleCall: send {@code reply} to the caller first, then run {@code disconnect(info)} in
 * the same turn.
 */
public record ReplyThenDisconnect<R>(R reply, Object info) implements CallResult<R> {
    /** Checks that {@code info} is not null. */
    public ReplyThenDisconnect {
        java.util.Objects.requireNonNull(info, "disconnect info");
    }
}
