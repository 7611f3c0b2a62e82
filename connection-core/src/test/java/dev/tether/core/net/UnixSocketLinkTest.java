package dev.tether.core.net;

import static dev.tether.core.net.Peers.ascii;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.core.net.LinkOwner.Cmd;
import dev.tether.core.net.Peers.UnixPeer;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SocketLink over a Unix domain socket. */
class UnixSocketLinkTest extends SocketTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private UnixPeer peer;

    @BeforeEach
    void startPeer() throws Exception {
        peer = closeAfter(new UnixPeer());
        assertTrue(peer.path().toString().length() < 100, "unix socket path too long: " + peer.path());
    }

    private static void send(SocketChannel c, byte[] bytes) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    @Test
    void bytesFlowBothWaysOverAUnixSocket() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        SocketChannel server = peer.nextAccepted();
        assertEquals("unix " + peer.path(), owner.link.peer());

        assertEquals("written", ref.call(new LinkOwner.Write(ascii("hello server")), CALL));
        assertArrayEquals(ascii("hello server"), Peers.readExactly(server, 12));

        byte[] payload = Peers.pattern(250_000);
        send(server, payload);
        await().atMost(WAIT).until(() -> owner.received().length == payload.length);
        assertArrayEquals(payload, owner.received());

        // Far more than the socket buffers hold: the server reads while the loop writes.
        byte[] big = Peers.pattern(2_000_000);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Peers.readExactly(server, big.length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals("written", ref.call(new LinkOwner.Write(big), CALL));
        assertArrayEquals(big, read.get(10, TimeUnit.SECONDS));
        assertTrue(owner.ends().isEmpty());
    }

    @Test
    void aPeerCloseOnAUnixSocketIsDeliveredAsClosed() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        SocketChannel server = peer.nextAccepted();

        send(server, ascii("last words"));
        server.close();

        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        assertArrayEquals(ascii("last words"), owner.received());
        assertEquals(1, owner.ends().size(), "one end event: " + owner.ends());
        SocketEvent.Closed closed = assertInstanceOf(SocketEvent.Closed.class, owner.ends().get(0));
        assertSame(owner.link, closed.link());
        assertFalse(owner.link.isOpen());
        assertEquals(false, ref.call(Cmd.IS_OPEN, CALL));
    }

    @Test
    void activeOnceHoldsBackUnixDataUntilRearmed() throws Exception {
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        SocketChannel server = peer.nextAccepted();

        send(server, ascii("one"));
        await().atMost(WAIT).until(() -> owner.data().size() == 1);
        send(server, ascii("two"));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> owner.data().size() == 1);

        ref.call(Cmd.ACTIVE_ONCE, CALL);
        await().atMost(WAIT).until(() -> owner.data().size() == 2);
        assertEquals(List.of("one", "two"),
                owner.data().stream().map(d -> new String(d.bytes(), java.nio.charset.StandardCharsets.US_ASCII)).toList());
    }

    @Test
    void aCloseByTheOwnerEndsTheUnixStreamForThePeer() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        SocketChannel server = peer.nextAccepted();

        ref.call(Cmd.CLOSE, CALL);
        assertEquals(-1, server.read(ByteBuffer.allocate(16)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> owner.events.isEmpty());
    }

    @Test
    void aReadHandlerWorksOverAUnixSocket() throws Exception {
        java.util.List<byte[]> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReadHandler handler = data -> {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.add(b);
        };
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options(), handler));
        startConnected(owner);
        SocketChannel server = peer.nextAccepted();

        send(server, ascii("via handler"));
        await().atMost(WAIT).until(() -> got.stream().mapToInt(b -> b.length).sum() == 11);
        assertArrayEquals(ascii("via handler"), Peers.concat(got.toArray(byte[][]::new)));
        server.close();
        await().atMost(WAIT).until(() -> !owner.events.isEmpty());
        assertInstanceOf(SocketEvent.Closed.class, owner.events.get(0));
    }
}
