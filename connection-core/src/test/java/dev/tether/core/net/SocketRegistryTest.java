package dev.tether.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.connection.StopReason;
import dev.tether.core.LiveResources;
import dev.tether.core.Tether;
import dev.tether.core.net.LinkOwner.Cmd;
import dev.tether.core.net.Peers.TcpPeer;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every open link is visible to leak checks, and nothing is left once links close. */
class SocketRegistryTest extends SocketTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** An await that polls often, for conditions checked in tight loops. */
    private static org.awaitility.core.ConditionFactory soon() {
        return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(WAIT);
    }

    private static List<String> added(List<String> baseline, List<String> now) {
        List<String> extra = new ArrayList<>(now);
        extra.removeAll(baseline);
        return extra;
    }

    private void assertOneLinkLive(TcpPeer peer) {
        LiveResources now = Tether.liveResources();
        List<String> sockets = added(baseline().sockets(), now.sockets());
        List<String> readers = added(baseline().readers(), now.readers());
        assertEquals(1, sockets.size(), "one socket: " + sockets);
        assertEquals(1, readers.size(), "one reader: " + readers);
        assertTrue(sockets.get(0).contains("tcp 127.0.0.1:" + peer.port()), sockets.get(0));
        assertTrue(readers.get(0).contains(sockets.get(0)), "the reader names its socket: " + readers.get(0));
    }

    private void awaitNoLinkLive() {
        await("the link's socket and reader are gone").atMost(WAIT).untilAsserted(() -> {
            LiveResources now = Tether.liveResources();
            assertEquals(List.of(), added(baseline().sockets(), now.sockets()), "sockets");
            assertEquals(List.of(), added(baseline().readers(), now.readers()), "readers");
        });
    }

    @Test
    void anOpenLinkIsListedAsOneSocketAndOneReaderUntilTheOwnerClosesIt() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.plain());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted();

        assertOneLinkLive(peer);
        ref.call(Cmd.CLOSE, CALL);
        awaitNoLinkLive();
    }

    @Test
    void aLinkClosedByItsPeerLeavesNoSocketOrReaderBehind() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.plain());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        startConnected(owner);
        Socket server = peer.nextAccepted();
        assertOneLinkLive(peer);

        server.close();
        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        assertInstanceOf(SocketEvent.Closed.class, owner.ends().get(0));
        awaitNoLinkLive();
    }

    @Test
    void aLinkWhoseReaderIsDisarmedIsReleasedWhenTheOwnerCloses() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.plain());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Peers.send(peer.nextAccepted(), Peers.ascii("data"));
        await().atMost(WAIT).until(() -> owner.data().size() == 1); // the reader now waits to be re-armed

        ref.call(Cmd.CLOSE, CALL);
        awaitNoLinkLive();
    }

    @Test
    void stoppingTheOwnerReleasesItsLoopSocketAndReader() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.plain());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted();
        assertEquals(baseline().loops().size() + 1, Tether.liveResources().loops().size());

        ref.stop(StopReason.normal(), WAIT);
        awaitNoLinkLive();
        await().atMost(WAIT).until(() -> Tether.liveResources().loops().size() == baseline().loops().size());
    }

    @Test
    void openingAndClosingAHundredLinksLeavesNothingBehind() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.closingOnEof());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        ref.call(Cmd.CLOSE, CALL);
        awaitNoLinkLive();
        long socketsBefore = Peers.socketDescriptors();

        for (int i = 0; i < 100; i++) {
            assertEquals("opened", ref.call(Cmd.OPEN, CALL), "open #" + i);
            assertEquals("closed", ref.call(Cmd.CLOSE, CALL), "close #" + i);
        }

        awaitNoLinkLive();
        await("socket descriptors back to the baseline").atMost(WAIT)
                .until(() -> Peers.socketDescriptors() <= socketsBefore);
        assertTrue(owner.events.isEmpty(), "no events for the owner's own closes: " + owner.events);
    }

    @Test
    void aHundredLinksClosedByTheirPeerLeaveNothingBehind() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.plain());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted().close();
        await().atMost(WAIT).until(() -> owner.ends().size() == 1);
        awaitNoLinkLive();
        long socketsBefore = Peers.socketDescriptors();

        for (int i = 0; i < 100; i++) {
            assertEquals("opened", ref.call(Cmd.OPEN, CALL), "open #" + i);
            peer.nextAccepted().close();
            int expected = i + 2;
            soon().until(() -> owner.ends().size() == expected);
        }

        assertTrue(owner.ends().stream().allMatch(SocketEvent.Closed.class::isInstance), "ends: " + owner.ends());
        awaitNoLinkLive();
        await("socket descriptors back to the baseline").atMost(WAIT)
                .until(() -> Peers.socketDescriptors() <= socketsBefore);
    }
}
