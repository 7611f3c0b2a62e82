package dev.tether.connection;

/**
 * From handleCall or handleCast (borrowed from gen_statem): keep this message and hand it to the
 * behaviour again after the next change of {@link ConnectionState}, before newer messages. A
 * postponed call still waits within its own deadline and is dropped once that passes. The
 * postponed queue is bounded: when it is full the caller of a postponed call fails with
 * {@link MailboxFullException}, and a postponed cast is dropped with an error log.
 */
public record Postpone<R>() implements CallResult<R>, CastResult {
}
