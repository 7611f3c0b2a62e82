package dev.tether.testkit.conformance;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The smallest honest connection for the suite to run against: one line out, the same line back
 * from an echo peer, replies deferred and matched in order. Calls while disconnected fail fast
 * with {@link NotConnected}. {@link #disconnectResult} lets a test break it on purpose.
 */
class EchoConnection implements Connection<String, String> {

    /** What a call gets while there is no connection. */
    static final class NotConnected extends RuntimeException {
        NotConnected() {
            super("not connected");
        }
    }

    private final SocketOptions socket;
    private final ArrayDeque<ReplyTo<String>> inFlight = new ArrayDeque<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private ConnectionContext<String, String> context;
    private SocketLink link;

    EchoConnection(InetSocketAddress address) {
        this.socket = SocketOptions.tcp(address.getHostString(), address.getPort());
    }

    /** True while a link is open. */
    boolean connected() {
        return link != null;
    }

    /** What disconnect returns once it has cleaned up; the correct answer backs off by policy. */
    DisconnectResult disconnectResult() {
        return DisconnectResult.backoff(Backoff.byPolicy());
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
    public DisconnectResult disconnect(Object info) {
        link.close();
        link = null;
        partial.reset();
        IOException error = new IOException("disconnected: " + info);
        inFlight.forEach(from -> from.fail(error));
        inFlight.clear();
        return disconnectResult();
    }

    @Override
    public CallResult<String> handleCall(String request, ReplyTo<String> from) {
        if (link == null) {
            from.fail(new NotConnected());
            return CallResult.noReply();
        }
        inFlight.add(from);
        try {
            link.write((request + "\n").getBytes(StandardCharsets.UTF_8), 0, request.length() + 1);
        } catch (IOException e) {
            return CallResult.disconnect(e);
        }
        return CallResult.noReply();
    }

    @Override
    public InfoResult handleInfo(Object message) {
        if (!(message instanceof SocketEvent event) || event.link() != link) {
            return InfoResult.noReply(); // an event of a link we already closed
        }
        return switch (event) {
            case SocketEvent.Data data -> {
                for (byte b : data.bytes()) {
                    if (b == '\n') {
                        ReplyTo<String> from = inFlight.poll();
                        if (from != null) {
                            from.reply(partial.toString(StandardCharsets.UTF_8));
                        }
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
                link.activeOnce();
                yield InfoResult.noReply();
            }
            case SocketEvent.Closed closed -> InfoResult.disconnect("peer closed");
            case SocketEvent.Failed failed -> InfoResult.disconnect(failed.error());
        };
    }

    @Override
    public void terminate(StopReason reason) {
        if (link != null) {
            link.close();
        }
    }
}
