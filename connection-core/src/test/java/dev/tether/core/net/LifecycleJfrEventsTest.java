package dev.tether.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Backoff;
import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle JFR events of connection-core, recorded with a {@link RecordingStream} while a
 * connection to a loopback peer connects, loses its peer, backs off by the policy, reconnects and
 * is stopped: each event arrives once per step, in order, with its fields.
 */
class LifecycleJfrEventsTest extends SocketTestSupport {

    private static final String NAME = "jfr-lifecycle";
    private static final List<String> EVENTS = List.of("dev.tether.core.ConnectAttempt",
            "dev.tether.core.Connected", "dev.tether.core.Disconnected", "dev.tether.core.BackingOff",
            "dev.tether.core.Stopped");

    @Test
    void connectDisconnectBackoffReconnectAndStopAreRecorded() throws Exception {
        Peers.TcpPeer peer = closeAfter(Peers.TcpPeer.plain());
        Queue<RecordedEvent> recorded = new ConcurrentLinkedQueue<>();
        try (RecordingStream rs = new RecordingStream()) {
            for (String name : EVENTS) {
                rs.enable(name);
                rs.onEvent(name, recorded::add);
            }
            rs.startAsync();
            ConnectionRef<Object, Object> ref = Tether.start(new Reconnecting(peer.options()),
                    ConnectionOptions.builder().name(NAME)
                            .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50))).build());
            Socket first = peer.nextAccepted();
            first.close(); // the link reads end of stream: disconnect, back off, reconnect
            Socket second = peer.nextAccepted();
            await("reconnected").atMost(Duration.ofSeconds(5))
                    .until(() -> names(recorded).equals(List.of("ConnectAttempt", "Connected", "Disconnected",
                            "BackingOff", "ConnectAttempt", "Connected")));
            ref.stop(StopReason.shutdown("jfr test done"), CALL);
            second.close();
            await("stopped recorded").atMost(Duration.ofSeconds(5))
                    .until(() -> names(recorded).contains("Stopped"));
        }

        List<RecordedEvent> events = List.copyOf(recorded);
        assertEquals(List.of("ConnectAttempt", "Connected", "Disconnected", "BackingOff", "ConnectAttempt",
                "Connected", "Stopped"), names(events));
        for (RecordedEvent e : events) {
            assertEquals(NAME, e.getString("connection"), e.toString());
            assertEquals(List.of("Tether", "Connection"), e.getEventType().getCategoryNames(), e.toString());
            assertNull(e.getStackTrace(), "no stack trace: " + e);
        }
        assertEquals("open", events.get(0).getString("info"));
        assertEquals("Ok", events.get(0).getString("result"));
        assertEquals("peer closed", events.get(2).getString("info"));
        RecordedEvent backingOff = events.get(3);
        assertEquals(Duration.ofMillis(50), backingOff.getDuration("delay"));
        assertEquals(1, backingOff.getInt("attempt"));
        assertEquals("BACKOFF", events.get(4).getString("info"));
        assertEquals("Ok", events.get(4).getString("result"));
        RecordedEvent stopped = events.get(6);
        assertTrue(stopped.getString("reason").contains("jfr test done"), stopped.getString("reason"));
        assertTrue(stopped.getBoolean("normal"));
        assertFalse(backingOff.getStartTime().isBefore(events.get(2).getStartTime()), "in order");
    }

    @Test
    void aDisabledEventIsNotRecorded() throws Exception {
        Peers.TcpPeer peer = closeAfter(Peers.TcpPeer.plain());
        Queue<RecordedEvent> recorded = new ConcurrentLinkedQueue<>();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable("dev.tether.core.Stopped");
            rs.disable("dev.tether.core.Connected");
            rs.onEvent(recorded::add);
            rs.startAsync();
            ConnectionRef<Object, Object> ref = Tether.start(new Reconnecting(peer.options()),
                    ConnectionOptions.builder().name(NAME + "-off").build());
            peer.nextAccepted();
            ref.stop(StopReason.normal(), CALL);
            await("stopped recorded").atMost(Duration.ofSeconds(5))
                    .until(() -> names(recorded).contains("Stopped"));
            assertFalse(names(recorded).contains("Connected"), names(recorded).toString());
            for (RecordedEvent e : recorded) {
                if (e.getEventType().getName().startsWith("dev.tether.core.")) {
                    assertEquals(NAME + "-off", e.getString("connection"), e.toString());
                }
            }
        }
    }

    private static List<String> names(Iterable<RecordedEvent> events) {
        List<String> names = new ArrayList<>();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().startsWith("dev.tether.core.")) {
                names.add(e.getEventType().getName().substring("dev.tether.core.".length()));
            }
        }
        return names;
    }

    /**
     * Opens a link in connect; when the peer closes it, disconnects with "peer closed", which backs
     * off by the policy; the backoff timer's connect opens a new link.
     */
    private static final class Reconnecting implements Connection<Object, Object> {
        private final SocketOptions options;
        private ConnectionContext<Object, Object> context;
        private SocketLink link;

        Reconnecting(SocketOptions options) {
            this.options = options;
        }

        @Override
        public InitResult init(ConnectionContext<Object, Object> ctx) {
            context = ctx;
            return InitResult.connect("open");
        }

        @Override
        public ConnectResult connect(Object info) {
            try {
                link = SocketLink.open(options, context);
                link.activeOnce();
                return ConnectResult.ok();
            } catch (IOException e) {
                return ConnectResult.backoff(Backoff.byPolicy().because(e));
            }
        }

        @Override
        public InfoResult handleInfo(Object message) {
            if (message instanceof SocketEvent.Data data) {
                data.link().activeOnce();
                return InfoResult.noReply();
            }
            if (message instanceof SocketEvent e && e.link() == link) {
                return InfoResult.disconnect("peer closed");
            }
            return InfoResult.noReply();
        }

        @Override
        public DisconnectResult disconnect(Object info) {
            link.close();
            return DisconnectResult.backoff(Backoff.byPolicy());
        }

        @Override
        public void terminate(StopReason reason) {
            if (link != null) {
                link.close();
            }
        }
    }
}
