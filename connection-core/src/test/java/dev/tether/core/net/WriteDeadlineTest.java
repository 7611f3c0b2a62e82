package dev.tether.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.net.LinkOwner.Cmd;
import dev.tether.core.net.LinkOwner.Flood;
import dev.tether.core.net.LinkOwner.FloodOutcome;
import dev.tether.core.net.Peers.TcpPeer;
import dev.tether.core.net.Peers.UnixPeer;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer that stops reading must not freeze the loop: writes have a deadline. */
class WriteDeadlineTest extends SocketTestSupport {

    private static final long SIXTY_FOUR_MB = 64L * 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Floods, then checks the write failed on its deadline and everything after it. */
    private void assertWriteDeadlineHolds(LinkOwner owner, ConnectionRef<Object, Object> ref) {
        long start = System.nanoTime();
        FloodOutcome outcome = (FloodOutcome) ref.call(new Flood(SIXTY_FOUR_MB, 64 * 1024), Duration.ofSeconds(30));
        long tookMillis = millis(System.nanoTime() - start);

        assertInstanceOf(SocketTimeoutException.class, outcome.error(), "got " + outcome);
        assertTrue(outcome.written() < SIXTY_FOUR_MB, "a peer that never reads cannot take 64 MB");
        assertTrue(tookMillis < 10_000, "the write failed only after " + tookMillis + " ms");
        assertTrue(millis(outcome.elapsedNanos()) >= 250, "failed after only " + millis(outcome.elapsedNanos()) + " ms");

        assertEquals(false, ref.call(Cmd.IS_OPEN, CALL), "a timed-out write closes the link");
        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        SocketEvent.Failed failed = assertInstanceOf(SocketEvent.Failed.class, owner.ends().get(0));
        assertSame(owner.link, failed.link());
        assertInstanceOf(SocketTimeoutException.class, failed.error());
        assertEquals(1, owner.ends().size(), "one end event: " + owner.ends());

        assertEquals("pong", ref.call(Cmd.PING, CALL), "the loop answers after the failed write");
        long stopStart = System.nanoTime();
        assertEquals(StopReason.normal(), ref.stop(StopReason.normal(), Duration.ofSeconds(10)));
        assertTrue(millis(System.nanoTime() - stopStart) < 5_000);
        assertEquals(ConnectionState.STOPPED, ref.state());
    }

    @Test
    void aWriteToAPeerThatNeverReadsFailsOnItsDeadlineAndTheLoopCarriesOn() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.neverReading());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withWriteTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted(); // accepted, never read

        assertWriteDeadlineHolds(owner, ref);
    }

    @Test
    void otherMessagesQueueBehindABlockedWriteAndAreAnsweredOnceItTimesOut() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.neverReading());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withWriteTimeout(Duration.ofMillis(500))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted();

        CompletableFuture<Object> flood = ref.callAsync(new Flood(SIXTY_FOUR_MB, 64 * 1024), Duration.ofSeconds(30));
        CompletableFuture<Object> ping = ref.callAsync(Cmd.PING, Duration.ofSeconds(30));

        assertEquals("pong", ping.get(10, TimeUnit.SECONDS));
        FloodOutcome outcome = (FloodOutcome) flood.get(10, TimeUnit.SECONDS);
        assertInstanceOf(SocketTimeoutException.class, outcome.error(), "got " + outcome);
    }

    @Test
    void aWriteToAUnixPeerThatNeverReadsFailsOnItsDeadline() throws Exception {
        UnixPeer peer = closeAfter(new UnixPeer());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withWriteTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted();

        assertWriteDeadlineHolds(owner, ref);
    }

    @Test
    void stopInterruptsAWriteBlockedOnAPeerThatNeverReads() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.neverReading());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withWriteTimeout(Duration.ofSeconds(60))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted();

        CompletableFuture<Object> flood = ref.callAsync(new Flood(SIXTY_FOUR_MB, 64 * 1024), Duration.ofSeconds(60));
        // The write is blocked once the kernel buffers are full; the link is still open.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> !flood.isDone());

        long start = System.nanoTime();
        ref.stop(StopReason.normal(), Duration.ofSeconds(20));
        long tookMillis = millis(System.nanoTime() - start);

        assertTrue(tookMillis < 5_000, "stop took " + tookMillis + " ms");
        assertEquals(ConnectionState.STOPPED, ref.state());
        assertTrue(!owner.link.isOpen(), "terminate closed the link");
        // The interrupted write failed; the flood was answered (or failed by the stop).
        await().atMost(WAIT).until(flood::isDone);
    }

    @Test
    void aSlowButReadingPeerDoesNotTripTheDeadlineOfSmallWrites() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.plain());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withWriteTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        var server = peer.nextAccepted();
        CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return server.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                return -1L;
            }
        });

        FloodOutcome outcome = (FloodOutcome) ref.call(new Flood(8L * 1024 * 1024, 16 * 1024), Duration.ofSeconds(30));
        assertNull(outcome.error(), "a reading peer must not time out: " + outcome);
        assertEquals(8L * 1024 * 1024, outcome.written());
        assertEquals(true, ref.call(Cmd.IS_OPEN, CALL));
        ref.call(Cmd.CLOSE, CALL);
        assertEquals(8L * 1024 * 1024, drained.get(10, TimeUnit.SECONDS));
    }
}
