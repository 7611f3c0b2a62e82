package dev.tether.core.loop;

/** The kinds of {@link Message} a loop's mailbox carries. Loop-internal. */
final class Mail {

    private Mail() {
    }

    /** A call; {@code pending} is its reply handle. */
    record Call(Object request, PendingCall<?> pending) implements Message {
    }

    /** A cast. */
    record Cast(Object request) implements Message {
    }

    /** An info message from the handle or from the behaviour itself. */
    record Info(Object message) implements Message {
    }

    /** The backoff timer of {@code generation} fired. */
    record BackoffFire(long generation) implements Message {
    }

    /** The idle timer of {@code generation} fired. */
    record IdleFire(long generation) implements Message {
    }

    /** A {@code sendAfter} fired; delivered only if not cancelled meanwhile. */
    record Delayed(DelayedMessage token) implements Message {
    }
}
