package dev.tether.benchmarks.core;

import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;

/**
 * A behaviour that does no work: every call is answered with its request, every cast is dropped.
 * What is left to measure is the runtime's message passing (W7).
 */
final class NoOpConnection implements Connection<Object, Object> {

    /** Casts handled; touched only on the loop (keeps handleCast from being empty). */
    private long casts;

    /** Starts a no-op connection with default options: a virtual-thread loop, mailbox of 65,536. */
    static ConnectionRef<Object, Object> start() {
        return Tether.start(new NoOpConnection(), ConnectionOptions.defaults());
    }

    /**
     * Starts a no-op connection whose loop is a {@code "virtual"} thread (the default) or a
     * {@code "platform"} thread; every other option at its default.
     */
    static ConnectionRef<Object, Object> start(String loop) {
        return switch (loop) {
            case "virtual" -> start();
            case "platform" -> Tether.start(new NoOpConnection(), ConnectionOptions.builder()
                    .threadFactory(Thread.ofPlatform().name("tether-bench-loop-", 0).daemon().factory())
                    .build());
            default -> throw new IllegalArgumentException("loop must be virtual or platform: " + loop);
        };
    }

    @Override
    public InitResult init(ConnectionContext<Object, Object> context) {
        return InitResult.ok();
    }

    @Override
    public ConnectResult connect(Object info) {
        return ConnectResult.ok();
    }

    @Override
    public CallResult<Object> handleCall(Object request, ReplyTo<Object> from) {
        return CallResult.reply(request);
    }

    @Override
    public CastResult handleCast(Object request) {
        casts++;
        return CastResult.noReply();
    }

    @Override
    public String formatState() {
        return "NoOpConnection[casts=" + casts + "]";
    }
}
