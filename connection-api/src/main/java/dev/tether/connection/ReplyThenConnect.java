package dev.tether.connection;

/**
 * From handleCall: send {@code reply} to the caller first, then run {@code connect(info)} in the
 * same turn.
 */
public record ReplyThenConnect<R>(R reply, Object info) implements CallResult<R> {
    /** Checks that {@code info} is not null. */
    public ReplyThenConnect {
        java.util.Objects.requireNonNull(info, "connect info");
    }
}
