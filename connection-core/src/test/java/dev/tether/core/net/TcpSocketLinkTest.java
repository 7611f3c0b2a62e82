package dev.tether.core.net;

import static dev.tether.core.net.Peers.ascii;
import static dev.tether.core.net.Peers.concat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.core.net.LinkOwner.Cmd;
import dev.tether.core.net.Peers.TcpPeer;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SocketLink over plain loopback TCP, in active-once mode. */
class TcpSocketLinkTest extends SocketTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TcpPeer peer;

    @BeforeEach
    void startPeer() throws IOException {
        peer = closeAfter(TcpPeer.plain());
    }

    @Test
    void bytesTheServerWritesArriveAsDataEventsInOrder() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        byte[] payload = Peers.pattern(300_000); // larger than the 64 KiB read buffer: arrives split
        Peers.send(server, payload);

        await().atMost(WAIT).until(() -> owner.received().length >= payload.length);
        assertArrayEquals(payload, owner.received());
        assertTrue(owner.data().size() >= 2, "300 KB cannot arrive in one 64 KiB read");
        assertTrue(owner.data().stream().allMatch(d -> d.link() == owner.link), "every event names its link");
        assertTrue(owner.ends().isEmpty(), "no close or failure: " + owner.ends());
    }

    @Test
    void inActiveOnceModeNoMoreDataArrivesUntilTheOwnerRearms() throws Exception {
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();
        byte[] one = ascii("first;");
        byte[] two = ascii("second;");
        byte[] three = ascii("third;");

        Peers.send(server, one);
        await().atMost(WAIT).until(() -> owner.data().size() == 1);
        Peers.send(server, two);
        Peers.send(server, three);

        // The two chunks are in the client's kernel buffer by now, but the link is not armed.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> owner.data().size() == 1);
        assertArrayEquals(one, owner.data().get(0).bytes());

        byte[] all = concat(one, two, three);
        int rearms = 0;
        while (owner.received().length < all.length) {
            int before = owner.data().size();
            assertEquals("armed", ref.call(Cmd.ACTIVE_ONCE, CALL));
            rearms++;
            await().atMost(WAIT).until(() -> owner.data().size() == before + 1);
            if (owner.received().length < all.length) {
                // Exactly one Data event per activeOnce(): the rest waits again.
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> owner.data().size() == before + 1);
            }
        }
        assertArrayEquals(all, owner.received());
        assertEquals(rearms + 1, owner.data().size(), "one Data event per arming");
    }

    @Test
    void aPeerCloseIsDeliveredAsClosedAndClosesTheLink() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("bye"));
        server.close();

        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        assertArrayEquals(ascii("bye"), owner.received(), "data before the close is not lost");
        assertEquals(1, owner.ends().size(), "exactly one end event: " + owner.ends());
        SocketEvent.Closed closed = assertInstanceOf(SocketEvent.Closed.class, owner.ends().get(0));
        assertSame(owner.link, closed.link());
        assertFalse(owner.link.isOpen());
        assertEquals(false, ref.call(Cmd.IS_OPEN, CALL));
    }

    @Test
    void aPeerResetIsDeliveredAsFailedOrClosedAndClosesTheLink() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        server.setSoLinger(true, 0);
        server.close(); // RST

        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        assertEquals(1, owner.ends().size(), "exactly one end event: " + owner.ends());
        SocketEvent end = owner.ends().get(0);
        assertTrue(end instanceof SocketEvent.Failed || end instanceof SocketEvent.Closed, "got " + end);
        if (end instanceof SocketEvent.Failed failed) {
            assertTrue(failed.error() != null, "a failure carries its error");
        }
        assertFalse(owner.link.isOpen());
    }

    @Test
    void aWriteFromTheLoopReachesTheServer() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        assertEquals("written", ref.call(new LinkOwner.Write(ascii("PING\r\n")), CALL));
        assertArrayEquals(ascii("PING\r\n"), Peers.readExactly(server, 6, WAIT));

        // More than the socket buffers may hold: the server reads while the loop writes.
        byte[] big = Peers.pattern(4_000_000);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Peers.readExactly(server, big.length, WAIT);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals("written", ref.call(new LinkOwner.Write(big), CALL));
        assertArrayEquals(big, read.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theServerCanAnswerWhatTheLoopWrote() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        for (int i = 0; i < 20; i++) {
            byte[] request = ascii("req-" + i + "\n");
            ref.call(new LinkOwner.Write(request), CALL);
            byte[] got = Peers.readExactly(server, request.length, WAIT);
            Peers.send(server, ascii("ans-" + new String(got, 4, got.length - 4, java.nio.charset.StandardCharsets.US_ASCII)));
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            expected.append("ans-").append(i).append('\n');
        }
        await().atMost(WAIT).until(() -> owner.received().length == expected.length());
        assertEquals(expected.toString(), new String(owner.received(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void aCloseByTheOwnerDeliversNoEventAndLaterWritesFail() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        assertEquals("closed", ref.call(Cmd.CLOSE, CALL));
        assertEquals(false, ref.call(Cmd.IS_OPEN, CALL));

        // The server sees end of stream; the owner hears nothing about its own close.
        server.setSoTimeout(10_000);
        assertEquals(-1, server.getInputStream().read());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> owner.events.isEmpty());
        Object reply = ref.call(new LinkOwner.Write(ascii("late")), CALL);
        assertInstanceOf(ClosedChannelException.class, reply);
        assertEquals("closed", ref.call(Cmd.CLOSE, CALL), "close is idempotent");
    }

    @Test
    void aDisarmedLinkReportsThePeerCloseOnlyAfterItIsRearmed() throws Exception {
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("x"));
        await().atMost(WAIT).until(() -> owner.data().size() == 1);
        server.close();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> owner.ends().isEmpty());

        ref.call(Cmd.ACTIVE_ONCE, CALL);
        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        assertInstanceOf(SocketEvent.Closed.class, owner.ends().get(0));
        assertFalse(owner.link.isOpen());
    }

    @Test
    void keepaliveIsOnByDefaultAndOffWhenDisabled() throws Exception {
        LinkOwner withKeepalive = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        startConnected(withKeepalive);
        Socket first = peer.nextAccepted();
        LinkOwner without = LinkOwner.reading(LinkOwner.activeOnce(peer.options().withKeepAlive(false).withTcpNoDelay(false)));
        startConnected(without);
        Socket second = peer.nextAccepted();

        // /proc/net/tcp "tr" column: 2 = keepalive timer armed on the idle client socket, 0 = none.
        Optional<Integer> on = Peers.tcpTimerFlag(first.getPort(), peer.port());
        Optional<Integer> off = Peers.tcpTimerFlag(second.getPort(), peer.port());
        assertEquals(Optional.of(2), on, "keepalive timer of the default link");
        assertEquals(Optional.of(0), off, "no timer on the link with keepalive off");
    }

    @Test
    void aLinkWithNagleAndKeepaliveSwitchedOffStillCarriesBytesBothWays() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(
                peer.options().withTcpNoDelay(false).withKeepAlive(false).withReadBufferSize(512)));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        ref.call(new LinkOwner.Write(ascii("hi")), CALL);
        assertArrayEquals(ascii("hi"), Peers.readExactly(server, 2, WAIT));
        byte[] payload = Peers.pattern(5_000);
        Peers.send(server, payload);
        await().atMost(WAIT).until(() -> owner.received().length == payload.length);
        assertArrayEquals(payload, owner.received());
        assertTrue(owner.data().stream().allMatch(d -> d.bytes().length <= 512),
                "no Data event is larger than the read buffer: " + Arrays.toString(
                        owner.data().stream().mapToInt(d -> d.bytes().length).toArray()));
    }

    @Test
    void dataEventsAreFreshArraysTheOwnerMayKeep() throws Exception {
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options()));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("aaaa"));
        await().atMost(WAIT).until(() -> owner.data().size() == 1);
        byte[] kept = owner.data().get(0).bytes();
        Peers.send(server, ascii("bbbb"));
        await().atMost(WAIT).until(() -> owner.received().length == 8);
        assertArrayEquals(ascii("aaaa"), kept, "a later read must not overwrite an earlier event's bytes");
    }
}
