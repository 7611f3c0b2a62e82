package dev.tether.examples.line;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.Cancellable;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.core.net.SocketEvent;
import dev.tether.core.net.SocketLink;
import dev.tether.core.net.SocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A client for a line protocol (one request line, one reply line, in order; see
 * {@link LineServer}), written as the model of how to build on the {@link Connection} behaviour.
 * Read it top to bottom: each callback is a step.
 *
 * <ol>
 *   <li><b>init</b> keeps the context and returns Connect, so {@code start} returns at once and
 *       the connect runs next on the loop.</li>
 *   <li><b>connect</b> opens a {@link SocketLink}. On failure it returns {@code Backoff.byPolicy()}
 *       with the cause: the runtime picks the delay from the connection's policy, counts attempts,
 *       reports them in events, and calls connect again later.</li>
 *   <li><b>handleCall</b> writes {@code request\n} and returns NoReply, keeping the caller's
 *       {@link ReplyTo} in a FIFO: the reply is deferred, so many requests are in flight at once
 *       (pipelining) while the loop stays free. With no connection it fails the caller at once
 *       ({@link LineClientException.Reason#CLOSED}): fail fast rather than queue.</li>
 *   <li><b>handleInfo</b> gets what the socket's reader delivers. Data is cut into lines, and each
 *       line answers the oldest caller; then {@code activeOnce()} asks for more, so a slow client
 *       is never flooded. Closed or Failed returns Disconnect. Events of a link already closed
 *       are ignored: after a reconnect they may still be queued.</li>
 *   <li><b>disconnect</b> closes the link, fails every caller in flight
 *       ({@link LineClientException.Reason#DISCONNECTED}: their requests may or may not have been
 *       handled) and backs off by policy.</li>
 *   <li><b>terminate</b> closes the link. Callers still waiting are failed by the runtime with a
 *       {@code ConnectionStoppedException}.</li>
 * </ol>
 *
 * <p><b>A reply that never comes.</b> TCP does not report a peer that silently stopped (a
 * half-open connection, a frozen server): requests would time out one after another forever.
 * So once the oldest request's deadline has passed without a reply, the client presumes the link
 * dead and disconnects; the reconnect that follows repairs it. A self-message sent with
 * {@link ConnectionContext#sendAfter} does the checking, one timer at a time.
 *
 * <p>All fields are touched only on the connection's loop, so nothing here is locked.
 *
 * <pre>{@code
 * ConnectionRef<String, String> ref = Tether.start(new LineClient(SocketOptions.tcp("127.0.0.1", port)),
 *         ConnectionOptions.builder().backoffPolicy(BackoffPolicy.fullJitter(ofMillis(50), ofSeconds(5))).build());
 * ref.call("INCR visits");                           // "1"
 * ref.callAsync("SLOW 100 later");                   // a future; the loop is not blocked
 * ref.stop();
 * }</pre>
 * Or, through the facade: {@link #start(String, int, ConnectionOptions)}.
 */
public final class LineClient implements Connection<String, String> {

    /** How long after the oldest request's deadline its missing reply condemns the link. */
    private static final Duration STALL_GRACE = Duration.ofMillis(50);

    /** A self-message: check whether the oldest request of {@code link} is overdue. */
    private record StallCheck(SocketLink link) {
    }

    private final SocketOptions socket;
    private final ArrayDeque<ReplyTo<String>> inFlight = new ArrayDeque<>();
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private ConnectionContext<String, String> context;
    private SocketLink link; // null while not connected
    private Cancellable stallCheck; // armed while requests are in flight

    /** A client of the server at {@code socket}; start it with {@link Tether#start}. */
    public LineClient(SocketOptions socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** Starts a client of {@code host:port} and returns the handle applications use. */
    public static LineSession start(String host, int port, ConnectionOptions options) {
        return new LineSession(Tether.start(new LineClient(SocketOptions.tcp(host, port)), options));
    }

    @Override
    public InitResult init(ConnectionContext<String, String> context) {
        this.context = context;
        return InitResult.connect("init");
    }

    @Override
    public ConnectResult connect(Object info) {
        try {
            link = SocketLink.open(socket, context);
            return ConnectResult.ok();
        } catch (IOException e) {
            return ConnectResult.backoffByPolicy(e);
        }
    }

    @Override
    public CallResult<String> handleCall(String line, ReplyTo<String> from) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            from.fail(new IllegalArgumentException("a request is one line, without line breaks: " + line));
            return CallResult.noReply();
        }
        if (link == null) {
            from.fail(new LineClientException(LineClientException.Reason.CLOSED,
                    "not connected to " + socket.describe() + "; reconnecting", null));
            return CallResult.noReply();
        }
        inFlight.addLast(from);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            link.write(bytes, 0, bytes.length);
        } catch (IOException e) {
            return CallResult.disconnect(e); // this caller is in flight: disconnect fails it too
        }
        armStallCheck();
        return CallResult.noReply();
    }

    @Override
    public InfoResult handleInfo(Object message) {
        return switch (message) {
            case SocketEvent event when event.link() != link -> InfoResult.noReply(); // a closed link's leftovers
            case SocketEvent.Data data -> received(data.bytes());
            case SocketEvent.Closed closed -> InfoResult.disconnect(new EOFException("the server closed the connection"));
            case SocketEvent.Failed failed -> InfoResult.disconnect(failed.error());
            case StallCheck check when check.link() == link -> checkStall();
            default -> InfoResult.noReply();
        };
    }

    private InfoResult received(byte[] bytes) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            partialLine.write(bytes, start, i - start);
            start = i + 1;
            String reply = partialLine.toString(StandardCharsets.UTF_8);
            partialLine.reset();
            ReplyTo<String> from = inFlight.pollFirst();
            if (from == null) {
                return InfoResult.disconnect(new ProtocolException("a reply nobody asked for: " + reply));
            }
            from.reply(reply); // false if the caller gave up: the late reply is dropped
        }
        partialLine.write(bytes, start, bytes.length - start);
        link.activeOnce();
        return InfoResult.noReply();
    }

    private void armStallCheck() {
        ReplyTo<String> oldest = inFlight.peekFirst();
        if (stallCheck == null && oldest != null) {
            stallCheck = context.sendAfter(new StallCheck(link), oldest.remaining().plus(STALL_GRACE));
        }
    }

    private InfoResult checkStall() {
        stallCheck = null;
        ReplyTo<String> oldest = inFlight.peekFirst();
        // Still in the FIFO means unanswered; done means its caller already got its timeout.
        if (oldest != null && oldest.isDone() && oldest.remaining().isZero()) {
            return InfoResult.disconnect(new SocketTimeoutException("no reply from " + socket.describe()
                    + " within the oldest request's deadline: presuming the connection dead"));
        }
        armStallCheck();
        return InfoResult.noReply();
    }

    @Override
    public DisconnectResult disconnect(Object info) {
        Throwable cause = info instanceof Throwable t ? t : null;
        closeLink();
        LineClientException error = new LineClientException(LineClientException.Reason.DISCONNECTED,
                "disconnected from " + socket.describe() + " with the request in flight: " + info, cause);
        inFlight.forEach(from -> from.fail(error));
        inFlight.clear();
        return DisconnectResult.backoff(Backoff.byPolicy().because(cause));
    }

    @Override
    public void terminate(StopReason reason) {
        closeLink();
    }

    private void closeLink() {
        if (link != null) {
            link.close();
            link = null;
        }
        if (stallCheck != null) {
            stallCheck.cancel();
            stallCheck = null;
        }
        partialLine.reset();
    }

    @Override
    public String formatState() {
        return "LineClient[" + socket.describe() + ", " + (link != null ? "connected" : "not connected")
                + ", " + inFlight.size() + " in flight]";
    }
}
