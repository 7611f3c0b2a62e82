package dev.tether.connection;

/** From handleCall: send {@code reply} to the caller first, then stop with {@code reason}. */
public record ReplyThenStop<R>(R reply, StopReason reason) implements CallResult<R> {
    /** Checks that {@code reason} is not null. */
    public ReplyThenStop {
        java.util.Objects.requireNonNull(reason, "stop reason");
    }
}
