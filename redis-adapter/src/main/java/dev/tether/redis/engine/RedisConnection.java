package dev.tether.redis.engine;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.Cancellable;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StopReason;
import dev.tether.core.net.SocketEvent;
import dev.tether.core.net.SocketLink;
import dev.tether.core.net.SocketOptions;
import dev.tether.redis.Command;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespEncoder;
import dev.tether.redis.resp.RespOutput;
import dev.tether.redis.resp.RespProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis client as a Connection behaviour: one socket, shared by every caller.
 *
 * <p>Write path (loop): handleCall encodes the request into one buffer and registers its reply
 * slot with the {@link ReplyRouter} before any byte is written; {@code mailboxDrained} writes the
 * whole buffer once per loop turn, so concurrent callers become one pipelined write. Read path
 * (reader thread): the router decodes replies and completes callers in order.
 *
 * <p>While down: a command triggers an early connect attempt at most once per early-connect
 * window and waits for its outcome; otherwise it fails fast with CLOSED, or waits in the hold
 * queue (the runtime's Postpone) until its deadline. In-flight commands fail with DISCONNECTED
 * when the socket drops and are never replayed.
 */
final class RedisConnection implements Connection<RedisRequest, Object> {

    private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);
    private static final String START = "start";
    private static final String EARLY = "early connect";
    private static final Object EARLY_REQUEST = new Marker("early connect request");
    private static final Object HEALTH_TICK = new Marker("health check");
    private static final Object FLUSH = new Marker("flush");
    /*
     * Buffer sizes are per connection, for its whole life, so they set the idle footprint (W6):
     * the RESP decoder is resumable and consumes every byte it is given, so an 8 KiB read buffer
     * (what Jedis uses) loses nothing on large replies; the write buffer starts small and grows
     * with the batch, and keeps at most 64 KiB after a large write.
     */
    private static final int READ_BUFFER = 8 * 1024;
    private static final int INITIAL_WRITE_BUFFER = 512;
    private static final int RETAINED_BUFFER = 64 * 1024;

    private record Marker(String name) {
    }

    /** A command that asked for an early connect and waits for its outcome. */
    private record Waiting(RedisRequest request, ReplyTo<Object> replyTo) {
    }

    /** Why the health check tore a connection down. */
    static final class HealthCheckFailure extends IOException {
        HealthCheckFailure(String message) {
            super(message);
        }
    }

    private final RedisOptions options;
    private final SocketOptions socketOptions;
    private final PushDispatcher pushes;
    private final RespEncoder encoder = new RespEncoder(new RespOutput(INITIAL_WRITE_BUFFER));
    private final List<Waiting> waitingForConnect = new ArrayList<>();
    private ConnectionContext<RedisRequest, Object> context;
    private SocketLink link;
    private ReplyRouter router;
    private long lastAttemptNanos;
    private boolean attempted;
    private int protocol;
    private Cancellable healthTimer;
    private int batched;
    private boolean lingered;
    private final java.util.concurrent.atomic.LongAdder writes = new java.util.concurrent.atomic.LongAdder();

    RedisConnection(RedisOptions options, PushDispatcher pushes) {
        this.options = options;
        this.pushes = pushes;
        SocketOptions socket = options.unixSocket() != null
                ? SocketOptions.unix(options.unixSocket())
                : SocketOptions.tcp(options.host(), options.port());
        socket = socket.withConnectTimeout(options.connectTimeout()).withWriteTimeout(options.commandTimeout())
                .withReadBufferSize(READ_BUFFER);
        this.socketOptions = options.tls() != null ? socket.withTls(options.tls()) : socket;
    }

    @Override
    public InitResult init(ConnectionContext<RedisRequest, Object> context) {
        this.context = context;
        return InitResult.connect(START);
    }

    @Override
    public ConnectResult connect(Object info) {
        lastAttemptNanos = System.nanoTime();
        attempted = true;
        ReplyRouter candidate = new ReplyRouter(options.respLimits(), pushes::offer);
        SocketLink opened = null;
        try {
            opened = SocketLink.open(socketOptions, context, candidate);
            protocol = Handshake.run(options, opened, candidate, lastAttemptNanos + options.connectTimeout().toNanos());
        } catch (Handshake.Refused e) {
            close(opened, candidate, e);
            failWaiting(new RedisConnectionException(Reason.CLOSED, "could not connect to " + options.address(), e));
            if (options.rotatingCredentials()) {
                return ConnectResult.backoff(Backoff.byPolicy().because(e));
            }
            return ConnectResult.stop(StopReason.failure("redis at " + options.address() + " refused this client: "
                    + e.getMessage(), e));
        } catch (IOException | RuntimeException e) {
            close(opened, candidate, e);
            failWaiting(new RedisConnectionException(Reason.CLOSED, "could not connect to " + options.address(), e));
            log.debug("connect to {} failed: {}", options.address(), e.toString());
            return ConnectResult.backoff(Backoff.byPolicy().because(e));
        }
        link = opened;
        router = candidate;
        for (Waiting w : waitingForConnect) {
            if (!w.replyTo().isExpired()) {
                send(w.request(), w.replyTo());
            }
        }
        waitingForConnect.clear();
        scheduleHealthCheck();
        return ConnectResult.ok();
    }

    private static void close(SocketLink opened, ReplyRouter candidate, Exception cause) {
        if (opened != null) {
            opened.close();
        }
        candidate.failAll(new RedisConnectionException(Reason.CLOSED, "connect failed", cause));
    }

    private void failWaiting(RuntimeException error) {
        for (Waiting w : waitingForConnect) {
            w.replyTo().fail(error);
        }
        waitingForConnect.clear();
    }

    @Override
    public DisconnectResult disconnect(Object info) {
        Throwable cause = causeOf(info);
        closeLink(inFlightError(cause));
        if (options.exitOnDisconnection()) {
            return DisconnectResult.stop(StopReason.failure("disconnected from " + options.address()
                    + " and exitOnDisconnection is set", cause));
        }
        return DisconnectResult.backoff(Backoff.byPolicy().because(cause));
    }

    private static Throwable causeOf(Object info) {
        return switch (info) {
            case SocketEvent.Failed f -> f.error();
            case SocketEvent.Closed c -> new IOException("the server closed the connection");
            case Throwable t -> t;
            default -> new IOException(String.valueOf(info));
        };
    }

    private RedisConnectionException inFlightError(Throwable cause) {
        if (cause instanceof HealthCheckFailure) {
            return new RedisConnectionException(Reason.HEALTH_CHECK, cause.getMessage(), cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RespProtocolException) {
                return new RedisConnectionException(Reason.PROTOCOL_ERROR,
                        "the server sent invalid RESP; connection to " + options.address() + " torn down", cause);
            }
        }
        return new RedisConnectionException(Reason.DISCONNECTED,
                "connection to " + options.address() + " dropped with the command in flight; it may or may not have run",
                cause);
    }

    private void closeLink(RuntimeException error) {
        if (healthTimer != null) {
            healthTimer.cancel();
            healthTimer = null;
        }
        if (link != null) {
            link.close();
            link = null;
        }
        if (router != null) {
            router.failAll(error);
            router = null;
        }
        encoder.output().clear(RETAINED_BUFFER);
        batched = 0;
        lingered = false;
    }

    @Override
    public CallResult<Object> handleCall(RedisRequest request, ReplyTo<Object> from) {
        if (link != null) {
            send(request, from);
            return CallResult.noReply();
        }
        if (options.holdQueueSize() > 0) {
            if (earlyConnectAllowed()) {
                context.send(EARLY_REQUEST);
            }
            return CallResult.postpone();
        }
        if (earlyConnectAllowed()) {
            waitingForConnect.add(new Waiting(request, from));
            return CallResult.connect(EARLY);
        }
        from.fail(new RedisConnectionException(Reason.CLOSED, "not connected to " + options.address()
                + "; reconnecting in the background"));
        return CallResult.noReply();
    }

    @Override
    public CastResult handleCast(RedisRequest request) {
        if (link != null) {
            send(request, null);
        } else {
            log.warn("{} dropped: not connected to {}", request, options.address());
        }
        return CastResult.noReply();
    }

    private boolean earlyConnectAllowed() {
        return !attempted || System.nanoTime() - lastAttemptNanos >= options.earlyConnectWindow().toNanos();
    }

    /** Encodes a request into the write buffer and registers its reply slot first. */
    private void send(RedisRequest request, ReplyTo<Object> from) {
        router.expect(Pending.of(request, from));
        batched++;
        switch (request) {
            case RedisRequest.Single s -> write(s.command());
            case RedisRequest.FireAndForget f -> write(f.command());
            case RedisRequest.Pipeline p -> p.commands().forEach(this::write);
            case RedisRequest.Transaction t -> {
                encoder.writeCommand("MULTI");
                t.commands().forEach(this::write);
                encoder.writeCommand("EXEC");
            }
        }
    }

    private void write(Command<?> command) {
        int n = command.argumentCount();
        encoder.writeArrayHeader(n);
        for (int i = 0; i < n; i++) {
            encoder.writeBulkString(command.argument(i));
        }
    }

    /**
     * Writes the batch. When replies of earlier batches are still due, the socket is busy anyway:
     * let the loop go round once more first (a yield, then a flush marker behind whatever callers
     * queued meanwhile), so callers woken by those replies join this write. With nothing in flight
     * (a lone caller) the batch goes out at once.
     */
    @Override
    public InfoResult mailboxDrained() {
        RespOutput out = encoder.output();
        if (link == null || out.size() == 0) {
            return InfoResult.noReply();
        }
        if (!lingered && router.outstanding() > batched) {
            lingered = true;
            Thread.yield();
            context.send(FLUSH);
            return InfoResult.noReply();
        }
        lingered = false;
        batched = 0;
        try {
            link.write(out.array(), 0, out.size());
            writes.increment();
        } catch (IOException e) {
            return InfoResult.disconnect(e);
        } finally {
            out.clear(RETAINED_BUFFER);
        }
        return InfoResult.noReply();
    }

    /** Socket writes of command batches so far: what implicit pipelining saves is visible here. */
    long batchWrites() {
        return writes.sum();
    }

    @Override
    public InfoResult handleInfo(Object message) {
        if (message instanceof SocketEvent event) {
            if (event.link() != link) {
                return InfoResult.noReply(); // from a socket we already left
            }
            return switch (event) {
                case SocketEvent.Closed c -> InfoResult.disconnect(c);
                case SocketEvent.Failed f -> InfoResult.disconnect(f);
                case SocketEvent.Data d -> InfoResult.noReply(); // not used: the router reads directly
            };
        }
        if (message == EARLY_REQUEST) {
            return link == null && earlyConnectAllowed() ? InfoResult.connect(EARLY) : InfoResult.noReply();
        }
        if (message == HEALTH_TICK) {
            return healthCheck();
        }
        if (message == FLUSH) {
            return InfoResult.noReply(); // mailboxDrained follows and writes
        }
        log.debug("ignored message {}", message);
        return InfoResult.noReply();
    }

    private void scheduleHealthCheck() {
        if (options.healthCheckInterval() != null) {
            healthTimer = context.sendAfter(HEALTH_TICK, options.healthCheckInterval());
        }
    }

    /**
     * With replies due and nothing read for longer than the command timeout (plus a blocking
     * command's own timeout), the socket is half-open or the server is stuck: tear it down. An
     * idle connection gets a PING, so a dead idle socket is found the same way.
     */
    private InfoResult healthCheck() {
        healthTimer = null;
        if (link == null) {
            return InfoResult.noReply();
        }
        long now = System.nanoTime();
        Pending head = router.head();
        if (head != null) {
            long allowed = options.commandTimeout().toNanos() + head.blockingAllowanceNanos();
            long silent = router.silentNanos(now);
            if (silent > allowed) {
                return InfoResult.disconnect(new HealthCheckFailure("no reply from " + options.address() + " for "
                        + silent / 1_000_000 + " ms with commands outstanding"));
            }
        } else if (now - router.lastReadNanos() >= options.healthCheckInterval().toNanos()) {
            send(new RedisRequest.FireAndForget(Command.of("PING")), null);
        }
        scheduleHealthCheck();
        return InfoResult.noReply();
    }

    @Override
    public void terminate(StopReason reason) {
        RedisConnectionException error = new RedisConnectionException(Reason.STOPPED,
                "the client stopped: " + reason.describe(), reason.cause());
        closeLink(error);
        failWaiting(error);
        pushes.close();
    }

    @Override
    public String formatState() {
        return "Redis[" + options.address() + (link != null ? ", connected, RESP" + protocol : ", down")
                + (router != null && router.hasOutstanding() ? ", replies due" : "") + "]";
    }
}
