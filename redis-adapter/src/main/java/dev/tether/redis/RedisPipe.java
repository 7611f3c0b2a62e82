package dev.tether.redis;

import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException;
import dev.tether.core.pipe.StallException;
import dev.tether.redis.resp.RespProtocolException;
import java.time.Duration;

/**
 * How {@link RedisOptions} map onto a {@link Pipe}: the RESP codec (one per connection), the
 * handshake, pushes to the {@link PushDispatcher}, the hold queue, the stall check as the health
 * check, exitOnDisconnection, and the translation of every {@link PipeException} into a
 * {@link RedisConnectionException}.
 *
 * <p>What changed with the move onto the pipe: the health check is the pipe's stall check (a
 * reply overdue by {@code healthCheckInterval} past its deadline, even with bytes trickling in,
 * tears the connection down, reason {@link Reason#HEALTH_CHECK}), and the pipe's idle ping PINGs a
 * connection idle for a whole interval, so a half-open idle socket is found the same way. A server
 * closing an idle connection is noticed at once (a quiet connection has a watcher reading it).
 * {@link RedisOptions#earlyConnectWindow()} is the pipe's first early-connect window, which
 * doubles with consecutive failures up to the backoff cap.
 */
final class RedisPipe {

    /** Per connection, for its whole life: the RESP decoder is resumable, so 8 KiB loses nothing (W6). */
    private static final int READ_BUFFER = 8 * 1024;
    /** The stall interval when the health check is off: effectively never. */
    private static final Duration NO_HEALTH_CHECK = Duration.ofDays(365);

    private RedisPipe() {
    }

    static SocketOptions socket(RedisOptions options) {
        SocketOptions socket = options.unixSocket() != null
                ? SocketOptions.unix(options.unixSocket())
                : SocketOptions.tcp(options.host(), options.port());
        socket = socket.withConnectTimeout(options.connectTimeout()).withWriteTimeout(options.commandTimeout())
                .withReadBufferSize(READ_BUFFER);
        return options.tls() != null ? socket.withTls(options.tls()) : socket;
    }

    static Pipe.Builder<RedisRequest<?>> builder(RedisOptions options, Handshake handshake, PushDispatcher pushes) {
        return builder(options, () -> new RespCodec(options.respLimits()), handshake,
                frame -> pushes.offer((dev.tether.redis.resp.RespPush) frame), null, null);
    }

    /**
     * The builder for any connection made from {@code options}: the client's (above) or a
     * subscriber's, which brings its own codec, handshake, push listener (and what to run after each
     * read that brought pushes, or null) and one more lifecycle
     * listener (null for none) next to the options' own.
     */
    static Pipe.Builder<RedisRequest<?>> builder(RedisOptions options, java.util.function.Supplier<RespCodec> codecs,
                                                 dev.tether.core.pipe.Handshake<RedisRequest<?>> handshake,
                                                 java.util.function.Consumer<Object> pushes, Runnable afterPushes,
                                                 dev.tether.connection.ConnectionListener extra) {
        ConnectionOptions.Builder runtime = ConnectionOptions.builder()
                .callTimeout(options.commandTimeout())
                .backoffPolicy(options.backoffPolicy());
        options.listeners().forEach(runtime::listener);
        if (extra != null) {
            runtime.listener(extra);
        }
        Pipe.Builder<RedisRequest<?>> builder = Pipe.builder(codecs, socket(options))
                .connection(runtime.build());
        if (afterPushes != null) {
            builder.pushListener(pushes, afterPushes);
        } else {
            builder.pushListener(pushes);
        }
        builder
                .handshake(handshake)
                .stallInterval(options.healthCheckInterval() != null ? options.healthCheckInterval() : NO_HEALTH_CHECK)
                .earlyConnectWindow(options.earlyConnectWindow())
                .stopOnDisconnect(options.exitOnDisconnection())
                .readBufferSize(READ_BUFFER)
                .errorTranslator(e -> translate(options, e));
        if (options.healthCheckInterval() != null) {
            builder.idlePing(new RedisRequest.FireAndForget(Command.of("PING")));
        }
        if (options.holdQueueSize() > 0) {
            builder.holdQueue(options.holdQueueSize());
        }
        return builder;
    }

    /**
     * The pipe's delivery rules, as the one exception type Redis callers see. The pipe's message
     * (which already says whether the command was sent) is kept; the PipeException is the cause.
     */
    static RedisConnectionException translate(RedisOptions options, PipeException e) {
        Throwable cause = e.getCause();
        return switch (e.reason()) {
            case CLOSED -> new RedisConnectionException(Reason.CLOSED, e.getMessage(), e);
            case OVERLOADED -> new RedisConnectionException(Reason.OVERLOADED, e.getMessage(), e);
            case TIMEOUT -> new RedisConnectionException(Reason.TIMEOUT, e.getMessage(), e);
            case HANDSHAKE_REFUSED -> new RedisConnectionException(Reason.HANDSHAKE_REFUSED, e.getMessage(), e);
            case STOPPED -> new RedisConnectionException(Reason.STOPPED, stoppedMessage(e), e);
            case DISCONNECTED -> {
                if (cause instanceof StallException) {
                    yield new RedisConnectionException(Reason.HEALTH_CHECK, cause.getMessage() + "; " + e.getMessage(), e);
                }
                for (Throwable t = cause; t != null; t = t.getCause()) {
                    if (t instanceof RespProtocolException) {
                        yield new RedisConnectionException(Reason.PROTOCOL_ERROR, "the server sent invalid RESP, so the"
                                + " connection was torn down: " + e.getMessage(), e);
                    }
                }
                yield new RedisConnectionException(Reason.DISCONNECTED, e.getMessage(), e);
            }
        };
    }

    /**
     * What a caller of connect sees when the first connection could not be made: HANDSHAKE_REFUSED
     * when the server (or the sentinels) refused this client, else CLOSED.
     */
    static RedisConnectionException startFailed(RedisOptions options, dev.tether.connection.StartFailedException e) {
        Throwable cause = e.reason().cause();
        if (cause instanceof dev.tether.core.pipe.Handshake.Refused refused) {
            return new RedisConnectionException(Reason.HANDSHAKE_REFUSED, "could not connect to " + options.address()
                    + ": " + refused.getMessage(), refused);
        }
        return new RedisConnectionException(Reason.CLOSED, "could not connect to " + options.address() + ": "
                + e.reason().describe(), cause != null ? cause : e);
    }

    private static String stoppedMessage(PipeException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectionStoppedException s) {
                return "the client is stopped: " + s.reason().describe();
            }
        }
        return e.getMessage();
    }
}
