package dev.tether.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.LinkOwner.ConnectFailure;
import dev.tether.core.net.Peers.FullBacklogListener;
import dev.tether.core.net.Peers.UnixPeer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connecting: the connect timeout, refused connects, and stop while a connect is blocked. */
class ConnectTimeoutTest extends SocketTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private ConnectFailure awaitConnectFailure(LinkOwner owner) {
        await().atMost(WAIT).until(() -> !owner.connectFailures.isEmpty());
        return owner.connectFailures.get(0);
    }

    @Test
    void aConnectToAListenerWithAFullBacklogFailsWithinTheConnectTimeout() throws Exception {
        FullBacklogListener listener = closeAfter(new FullBacklogListener());
        long socketsBefore = Peers.socketDescriptors();
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(
                SocketOptions.tcp("127.0.0.1", listener.port()).withConnectTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> ref = start(owner);

        ConnectFailure failure = awaitConnectFailure(owner);
        assertInstanceOf(SocketTimeoutException.class, failure.error(), "got " + failure.error());
        assertTrue(millis(failure.elapsedNanos()) >= 250, "gave up after only " + millis(failure.elapsedNanos()) + " ms");
        assertTrue(millis(failure.elapsedNanos()) < 5_000, "took " + millis(failure.elapsedNanos()) + " ms");
        assertNull(owner.link);
        assertEquals(ConnectionState.BACKING_OFF, ref.state());
        assertEquals("pong", ref.call(LinkOwner.Cmd.PING, CALL));
        await("the failed attempt's socket is closed").atMost(WAIT)
                .until(() -> Peers.socketDescriptors() <= socketsBefore);
    }

    @Test
    void aConnectToAClosedLoopbackPortFailsFastWithConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, Peers.LOOPBACK)) {
            port = s.getLocalPort();
        }
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(
                SocketOptions.tcp("127.0.0.1", port).withConnectTimeout(Duration.ofSeconds(30))));
        start(owner);

        ConnectFailure failure = awaitConnectFailure(owner);
        assertInstanceOf(ConnectException.class, failure.error(), "got " + failure.error());
        assertTrue(millis(failure.elapsedNanos()) < 2_000, "took " + millis(failure.elapsedNanos()) + " ms");
    }

    @Test
    void stopInterruptsAConnectBlockedOnAPeerThatNeverAnswers() throws Exception {
        FullBacklogListener listener = closeAfter(new FullBacklogListener());
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(
                SocketOptions.tcp("127.0.0.1", listener.port()).withConnectTimeout(Duration.ofSeconds(30))));
        ConnectionRef<Object, Object> ref = start(owner);
        assertTrue(owner.connecting.await(10, TimeUnit.SECONDS));
        assertEquals(ConnectionState.CONNECTING, ref.state());

        long start = System.nanoTime();
        StopReason reason = ref.stop(StopReason.shutdown("test"), Duration.ofSeconds(20));
        long tookMillis = millis(System.nanoTime() - start);

        assertTrue(tookMillis < 5_000, "stop took " + tookMillis + " ms");
        assertEquals(StopReason.shutdown("test"), reason);
        assertEquals(ConnectionState.STOPPED, ref.state());
        assertEquals(1, owner.terminated.size(), "terminate ran once");
        assertEquals(1, owner.connectFailures.size(), "the interrupted connect failed: " + owner.connectFailures);
        assertTrue(millis(owner.connectFailures.get(0).elapsedNanos()) < 10_000);
    }

    @Test
    void aConnectToAMissingUnixSocketFileFailsFast() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "tu");
        closeAfter(() -> Files.deleteIfExists(dir));
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(
                SocketOptions.unix(dir.resolve("missing.sock")).withConnectTimeout(Duration.ofSeconds(30))));
        start(owner);

        ConnectFailure failure = awaitConnectFailure(owner);
        assertTrue(failure.error() instanceof IOException && !(failure.error() instanceof SocketTimeoutException),
                "got " + failure.error());
        assertTrue(millis(failure.elapsedNanos()) < 2_000, "took " + millis(failure.elapsedNanos()) + " ms");
    }

    /** A Unix listener with a backlog of 1 that never accepts, filled until a connect would wait. */
    private UnixPeer fullUnixListener() throws Exception {
        UnixPeer listener = closeAfter(new UnixPeer(1, false));
        boolean full = false;
        for (int i = 0; i < 16 && !full; i++) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            listener.track(c);
            c.configureBlocking(false);
            try {
                full = !c.connect(UnixDomainSocketAddress.of(listener.path()));
            } catch (IOException e) {
                full = true; // EAGAIN: the backlog is full
            }
        }
        assertTrue(full, "the unix listener's backlog never filled up");
        return listener;
    }

    private static ConnectionOptions onPlatformThread() {
        return ConnectionOptions.builder().threadFactory(Thread.ofPlatform().daemon().name("test-loop-", 0).factory()).build();
    }

    @Test
    void aUnixConnectToAListenerWithAFullBacklogFailsNoLaterThanTheConnectTimeout() throws Exception {
        UnixPeer listener = fullUnixListener();
        long socketsBefore = Peers.socketDescriptors();
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(
                listener.options().withConnectTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> ref = start(owner);

        // On a virtual-thread loop the JDK connects non-blocking, so a full backlog may fail at
        // once (EAGAIN) instead of waiting; either way it must not outlast the connect timeout.
        ConnectFailure failure = awaitConnectFailure(owner);
        assertTrue(millis(failure.elapsedNanos()) < 5_000, "took " + millis(failure.elapsedNanos()) + " ms");
        assertNull(owner.link);
        assertEquals("pong", ref.call(LinkOwner.Cmd.PING, CALL));
        await("the failed attempt's socket is closed").atMost(WAIT)
                .until(() -> Peers.socketDescriptors() <= socketsBefore);
    }

    @Test
    void aUnixConnectBlockedOnAFullBacklogTimesOutOnAPlatformThreadLoop() throws Exception {
        UnixPeer listener = fullUnixListener();
        long socketsBefore = Peers.socketDescriptors();
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(
                listener.options().withConnectTimeout(Duration.ofMillis(300))));
        ConnectionRef<Object, Object> ref = start(owner, onPlatformThread());

        ConnectFailure failure = awaitConnectFailure(owner);
        assertInstanceOf(SocketTimeoutException.class, failure.error(), "got " + failure.error());
        assertTrue(millis(failure.elapsedNanos()) >= 250, "gave up after only " + millis(failure.elapsedNanos()) + " ms");
        assertTrue(millis(failure.elapsedNanos()) < 5_000, "took " + millis(failure.elapsedNanos()) + " ms");
        assertEquals("pong", ref.call(LinkOwner.Cmd.PING, CALL));
        await("the failed attempt's socket is closed").atMost(WAIT)
                .until(() -> Peers.socketDescriptors() <= socketsBefore);
    }

    @Test
    void stopInterruptsAUnixConnectBlockedOnAFullBacklog() throws Exception {
        UnixPeer listener = fullUnixListener();
        LinkOwner owner = LinkOwner.manual(LinkOwner.activeOnce(
                listener.options().withConnectTimeout(Duration.ofSeconds(30))));
        ConnectionRef<Object, Object> ref = start(owner, onPlatformThread());
        assertTrue(owner.connecting.await(10, TimeUnit.SECONDS));

        long start = System.nanoTime();
        ref.stop(StopReason.normal(), Duration.ofSeconds(20));
        long tookMillis = millis(System.nanoTime() - start);

        assertTrue(tookMillis < 5_000, "stop took " + tookMillis + " ms");
        assertEquals(ConnectionState.STOPPED, ref.state());
        assertEquals(1, owner.connectFailures.size(), "the interrupted connect failed: " + owner.connectFailures);
    }
}
