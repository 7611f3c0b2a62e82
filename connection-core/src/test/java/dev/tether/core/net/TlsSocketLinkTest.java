package dev.tether.core.net;

import static dev.tether.core.net.Peers.ascii;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.net.LinkOwner.Cmd;
import dev.tether.core.net.LinkOwner.ConnectFailure;
import dev.tether.core.net.LinkOwner.Flood;
import dev.tether.core.net.LinkOwner.FloodOutcome;
import dev.tether.core.net.Peers.TcpPeer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SocketLink over TLS, with certificates made by openssl at test time. */
class TlsSocketLinkTest extends SocketTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path pkiDir;

    private static TestPki pki;
    private SSLContext client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.generate(pkiDir);
    }

    @BeforeEach
    void clientContext() throws Exception {
        client = pki.clientTrustingTestCa();
    }

    private TcpPeer tlsPeer(Path p12) throws Exception {
        return closeAfter(TcpPeer.over(TestPki.serverSocket(p12, 0)));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private ConnectFailure awaitConnectFailure(LinkOwner owner) {
        await().atMost(WAIT).until(() -> !owner.connectFailures.isEmpty() || owner.link != null);
        assertNull(owner.link, "the link should not have opened");
        return owner.connectFailures.get(0);
    }

    @Test
    void dataRoundTripsOverTlsWithHostnameVerificationOn() throws Exception {
        TcpPeer peer = tlsPeer(pki.goodP12);
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options().withTls(TlsOptions.of(client))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();
        assertEquals("tls 127.0.0.1:" + peer.port(), owner.link.peer());

        assertEquals("written", ref.call(new LinkOwner.Write(ascii("secret request")), CALL));
        assertArrayEquals(ascii("secret request"), Peers.readExactly(server, 14, WAIT));

        byte[] payload = Peers.pattern(200_000);
        Peers.send(server, payload);
        await().atMost(WAIT).until(() -> owner.received().length == payload.length);
        assertArrayEquals(payload, owner.received());
        assertTrue(owner.ends().isEmpty(), "no end event: " + owner.ends());
        assertTrue(((SSLSocket) server).getSession().isValid());
    }

    @Test
    void aCertificateForAnotherNameIsRefusedWithHostnameVerificationOn() throws Exception {
        TcpPeer peer = tlsPeer(pki.wrongNameP12);
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withTls(TlsOptions.of(client))));
        ConnectionRef<Object, Object> ref = start(owner);

        ConnectFailure failure = awaitConnectFailure(owner);
        assertInstanceOf(SSLException.class, failure.error(), "got " + failure.error());
        assertTrue(causedBy(failure.error(), CertificateException.class), "not a certificate problem: " + failure.error());
        assertEquals(ConnectionState.BACKING_OFF, ref.state());
    }

    @Test
    void aCertificateForAnotherNameIsAcceptedWithoutHostnameVerification() throws Exception {
        TcpPeer peer = tlsPeer(pki.wrongNameP12);
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(
                peer.options().withTls(TlsOptions.of(client).withoutHostnameVerification())));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        ref.call(new LinkOwner.Write(ascii("ok?")), CALL);
        assertArrayEquals(ascii("ok?"), Peers.readExactly(server, 3, WAIT));
        Peers.send(server, ascii("ok!"));
        await().atMost(WAIT).until(() -> owner.received().length == 3);
        assertArrayEquals(ascii("ok!"), owner.received());
    }

    @Test
    void anExplicitServerNameIsTheNameVerified() throws Exception {
        TcpPeer peer = tlsPeer(pki.wrongNameP12);
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(
                peer.options().withTls(TlsOptions.of(client).withServerName("wrong.example"))));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("named"));
        await().atMost(WAIT).until(() -> owner.received().length == 5);
        assertArrayEquals(ascii("named"), owner.received());
    }

    @Test
    void anUntrustedCertificateIsRefusedEvenWithoutHostnameVerification() throws Exception {
        TcpPeer peer = tlsPeer(pki.untrustedP12);
        LinkOwner verifying = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withTls(TlsOptions.of(client))));
        start(verifying);
        ConnectFailure first = awaitConnectFailure(verifying);
        assertInstanceOf(SSLException.class, first.error(), "got " + first.error());
        assertTrue(causedBy(first.error(), CertificateException.class), "not a certificate problem: " + first.error());

        LinkOwner lax = LinkOwner.manual(LinkOwner.activeOnce(
                peer.options().withTls(TlsOptions.of(client).withoutHostnameVerification())));
        start(lax);
        ConnectFailure second = awaitConnectFailure(lax);
        assertInstanceOf(SSLException.class, second.error(), "got " + second.error());
    }

    @Test
    void aRefusedHandshakeLeavesNoSocketBehind() throws Exception {
        TcpPeer peer = tlsPeer(pki.untrustedP12);
        long before = Peers.socketDescriptors();
        for (int i = 0; i < 5; i++) {
            LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options().withTls(TlsOptions.of(client))));
            ConnectionRef<Object, Object> ref = start(owner);
            awaitConnectFailure(owner);
            ref.stop(StopReason.normal(), WAIT);
        }
        // The peer closes its side of each failed handshake, so only the client side could leak.
        await().atMost(WAIT).until(() -> Peers.socketDescriptors() <= before);
    }

    @Test
    void aServerThatNeverSpeaksTlsFailsTheHandshakeWithinTheConnectTimeout() throws Exception {
        TcpPeer plain = closeAfter(TcpPeer.plain()); // accepts, never answers the ClientHello
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(plain.options()
                .withTls(TlsOptions.of(client)).withConnectTimeout(Duration.ofMillis(500))));
        start(owner);

        ConnectFailure failure = awaitConnectFailure(owner);
        long millis = TimeUnit.NANOSECONDS.toMillis(failure.elapsedNanos());
        assertTrue(causedBy(failure.error(), SocketTimeoutException.class), "got " + failure.error());
        assertTrue(millis >= 400 && millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void aTlsPeerCloseIsDeliveredAsClosedOrFailedAndClosesTheLink() throws Exception {
        TcpPeer peer = tlsPeer(pki.goodP12);
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options().withTls(TlsOptions.of(client))));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("goodbye"));
        server.close(); // sends close_notify

        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        assertArrayEquals(ascii("goodbye"), owner.received());
        assertEquals(1, owner.ends().size(), "one end event: " + owner.ends());
        SocketEvent end = owner.ends().get(0);
        assertInstanceOf(SocketEvent.Closed.class, end, "a close_notify is an orderly close: " + end);
        assertFalse(owner.link.isOpen());
    }

    @Test
    void closingATlsLinkWhileItsReaderWaitsStopsTheReader() throws Exception {
        TcpPeer peer = tlsPeer(pki.goodP12);
        LinkOwner owner = LinkOwner.reading(LinkOwner.activeOnce(peer.options().withTls(TlsOptions.of(client))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted();
        int readersBefore = baseline().readers().size();
        await().atMost(WAIT).until(() -> dev.tether.core.Tether.liveResources().readers().size() == readersBefore + 1);

        long start = System.nanoTime();
        assertEquals("closed", ref.call(Cmd.CLOSE, CALL));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000, "close blocked the loop");
        await().atMost(WAIT).until(() -> dev.tether.core.Tether.liveResources().readers().size() == readersBefore);
        assertTrue(owner.events.isEmpty(), "no event for the owner's own close: " + owner.events);
    }

    @Test
    void aTlsWriteToAPeerThatNeverReadsFailsOnItsDeadline() throws Exception {
        TcpPeer peer = closeAfter(TcpPeer.over(TestPki.serverSocket(pki.goodP12, 4096)));
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(peer.options()
                .withTls(TlsOptions.of(client)).withWriteTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        peer.nextAccepted(); // handshakes, then never reads

        long start = System.nanoTime();
        FloodOutcome outcome = (FloodOutcome) ref.call(new Flood(64L * 1024 * 1024, 64 * 1024), Duration.ofSeconds(15));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertInstanceOf(SocketTimeoutException.class, outcome.error(), "got " + outcome);
        assertTrue(tookMillis < 10_000, "the write failed only after " + tookMillis + " ms");
        assertEquals("pong", ref.call(Cmd.PING, CALL));
        assertEquals(false, ref.call(Cmd.IS_OPEN, CALL));
        await().atMost(WAIT).until(() -> !owner.ends().isEmpty());
        SocketEvent.Failed failed = assertInstanceOf(SocketEvent.Failed.class, owner.ends().get(0));
        assertSame(owner.link, failed.link());
        long stopStart = System.nanoTime();
        ref.stop(StopReason.normal(), WAIT);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart) < 5_000);
    }

    @Test
    void aTlsWriteStuckOnAPeerThatNeverReadsDoesNotDisableTheWriteDeadlinesOfOtherLinks() throws Exception {
        TcpPeer tls = closeAfter(TcpPeer.over(TestPki.serverSocket(pki.goodP12, 4096)));
        LinkOwner tlsOwner = LinkOwner.manual(LinkOwner.activeOnce(tls.options()
                .withTls(TlsOptions.of(client)).withWriteTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> tlsRef = startConnected(tlsOwner);
        tls.nextAccepted();
        java.util.concurrent.CompletableFuture<Object> tlsFlood =
                tlsRef.callAsync(new Flood(64L * 1024 * 1024, 64 * 1024), Duration.ofSeconds(60));

        // Meanwhile a plain TCP link elsewhere in the process writes to a peer that never reads.
        TcpPeer plain = closeAfter(TcpPeer.neverReading());
        LinkOwner plainOwner = LinkOwner.manual(LinkOwner.activeOnce(plain.options().withWriteTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> plainRef = startConnected(plainOwner);
        plain.nextAccepted();
        java.util.concurrent.CompletableFuture<Object> plainFlood =
                plainRef.callAsync(new Flood(64L * 1024 * 1024, 64 * 1024), Duration.ofSeconds(60));

        FloodOutcome plainOutcome = (FloodOutcome) plainFlood.get(10, TimeUnit.SECONDS);
        assertInstanceOf(SocketTimeoutException.class, plainOutcome.error(), "got " + plainOutcome);
        FloodOutcome tlsOutcome = (FloodOutcome) tlsFlood.get(10, TimeUnit.SECONDS);
        assertInstanceOf(SocketTimeoutException.class, tlsOutcome.error(), "got " + tlsOutcome);
    }

    /**
     * A server that answers the ClientHello with the header of a 16 KB handshake record and then
     * drips its body one byte every 100 ms: every single read succeeds within the socket timeout,
     * but the handshake would take half an hour.
     */
    private TcpPeer slowDrippingTlsServer() throws Exception {
        TcpPeer drip = closeAfter(TcpPeer.plain());
        Thread t = Thread.ofPlatform().daemon().name("test-drip").start(() -> {
            try {
                Socket s = drip.nextAccepted();
                java.io.OutputStream out = s.getOutputStream();
                out.write(new byte[] {0x16, 0x03, 0x03, 0x3f, (byte) 0xff}); // handshake record, 16383 bytes
                out.write(0x02); // ServerHello
                out.flush();
                for (int i = 0; i < 16_000 && !s.isClosed() && !Thread.currentThread().isInterrupted(); i++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    out.write(0x00);
                    out.flush();
                }
            } catch (Exception e) {
                // the client gave up or the test closed the peer
            }
        });
        closeAfter(t::interrupt);
        return drip;
    }

    @Test
    void aServerDrippingItsHandshakeCannotStretchTheConnectPastItsTimeout() throws Exception {
        TcpPeer drip = slowDrippingTlsServer();
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(drip.options()
                .withTls(TlsOptions.of(client)).withConnectTimeout(Duration.ofMillis(500))));
        start(owner);

        // "connectTimeout: bound on connecting, including the TLS handshake" (SocketOptions).
        await("the connect gives up").atMost(WAIT).until(() -> !owner.connectFailures.isEmpty() || owner.link != null);
        assertNull(owner.link);
        long millis = TimeUnit.NANOSECONDS.toMillis(owner.connectFailures.get(0).elapsedNanos());
        assertTrue(millis < 5_000, "the handshake took " + millis + " ms with a 500 ms connect timeout");
    }

    @Test
    void stopInterruptsAHandshakeWithAServerThatNeverAnswers() throws Exception {
        TcpPeer silent = closeAfter(TcpPeer.plain());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(silent.options()
                .withTls(TlsOptions.of(client)).withConnectTimeout(Duration.ofSeconds(30))));
        ConnectionRef<Object, Object> ref = start(owner);
        silent.nextAccepted(); // TCP is up; the ClientHello goes unanswered

        long start = System.nanoTime();
        ref.stop(StopReason.normal(), Duration.ofSeconds(20));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(tookMillis < 5_000, "stop took " + tookMillis + " ms");
        assertEquals(ConnectionState.STOPPED, ref.state());
        assertNull(owner.link);
    }
}
