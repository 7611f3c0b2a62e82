package dev.tether.core.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.LineCodec.Line;
import dev.tether.core.pipe.PipeException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connecting, holding, handshakes and the Unix-socket path of the pipe. */
class PipeLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ConnectionOptions backoff(Duration delay, List<ConnectionEvent> events) {
        return ConnectionOptions.builder().backoffPolicy(BackoffPolicy.constant(delay)).listener(events::add).build();
    }

    @Test
    void heldRequestsAreWrittenInOrderOnceTheServerComes() throws Exception {
        int port = freePort();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (Pipe<Line> pipe = Pipe.builder(LineCodec::new, SocketOptions.tcp("127.0.0.1", port))
                .connection(backoff(Duration.ofMillis(30), events)).holdQueue(10).start()) {
            List<CompletableFuture<Object>> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                held.add(pipe.callAsync(new Line("held " + i), Duration.ofSeconds(10)));
            }
            try (LinePeer peer = LinePeer.onPort(port)) {
                for (int i = 0; i < 5; i++) {
                    assertEquals("held " + i, held.get(i).get());
                }
                assertEquals("after", pipe.call(new Line("after")));
            }
        }
    }

    @Test
    void aFullHoldQueueRefusesAtOnce() throws Exception {
        int port = freePort();
        try (Pipe<Line> pipe = Pipe.builder(LineCodec::new, SocketOptions.tcp("127.0.0.1", port))
                .holdQueue(1).earlyConnect(false).start()) {
            CompletableFuture<Object> first = pipe.callAsync(new Line("one"), Duration.ofSeconds(5));
            PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("two")));
            assertEquals(Reason.OVERLOADED, e.reason());
            pipe.close();
            Throwable stopped = assertThrows(CompletionException.class, first::join).getCause();
            assertEquals(Reason.STOPPED, assertInstanceOf(PipeException.class, stopped).reason());
        }
    }

    @Test
    void aRequestWhileBackingOffBringsTheNextAttemptForward() throws Exception {
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions())
                     .connection(backoff(Duration.ofSeconds(30), events)).startConnected()) {
            peer.dropAll();
            await().atMost(WAIT).until(() -> events.stream().anyMatch(ConnectionEvent.BackingOff.class::isInstance));
            // The scheduled attempt is 30 s away; this request brings it forward and waits for it.
            assertEquals("early", pipe.call(new Line("early"), Duration.ofSeconds(5)));
            assertEquals(2, peer.accepted());
        }
    }

    /**
     * Callers hammering a pipe whose server is gone: the first second of the outage is tried at
     * the first window's pace (so a blip ends quickly), after that attempts thin out.
     */
    @Test
    void earlyAttemptsThinOutAsFailuresRepeat() throws Exception {
        int port = freePort();
        List<Long> failedAt = new CopyOnWriteArrayList<>();
        ConnectionOptions options = ConnectionOptions.builder().backoffPolicy(BackoffPolicy.constant(Duration.ofSeconds(30)))
                .listener(ev -> {
                    if (ev instanceof ConnectionEvent.BackingOff) {
                        failedAt.add(System.nanoTime());
                    }
                }).build();
        try (Pipe<Line> pipe = Pipe.builder(LineCodec::new, SocketOptions.tcp("127.0.0.1", port)).connection(options).start()) {
            long end = System.nanoTime() + Duration.ofMillis(3500).toNanos();
            while (System.nanoTime() < end) {
                assertEquals(Reason.CLOSED, assertThrows(PipeException.class, () -> pipe.call(new Line("x"))).reason());
            }
            long first = failedAt.get(0);
            long inFirstSecond = failedAt.stream().filter(t -> t - first < 900_000_000L).count();
            long late = failedAt.stream().filter(t -> t - first >= 2_000_000_000L).count();
            // 50 ms windows through the first second (about 18 attempts), then 100, 200, 400,
            // 800 ms (jittered down to half): a fixed window would make about 30 attempts after 2 s.
            assertTrue(inFirstSecond >= 8, "attempts in the first second: " + inFirstSecond);
            assertTrue(late <= 4, "attempts after 2 s: " + late + " (all: " + failedAt.size() + ")");
        }
    }

    @Test
    void theHandshakeRunsOnEveryConnectionBeforeCallers() throws Exception {
        AtomicInteger greetings = new AtomicInteger();
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions())
                     .connection(backoff(Duration.ofMillis(20), new CopyOnWriteArrayList<>()))
                     .handshake(session -> {
                         assertEquals("hello " + greetings.incrementAndGet(),
                                 session.call(new Line("hello " + greetings.get())));
                     }).startConnected()) {
            assertEquals(1, greetings.get());
            assertEquals("a", pipe.call(new Line("a")));
            peer.dropAll();
            // A close of an idle connection is noticed by the next read: the idle probe, or a
            // request that then fails as DISCONNECTED (conservatively: it was written).
            await().atMost(WAIT).ignoreException(PipeException.class)
                    .untilAsserted(() -> assertEquals("b", pipe.call(new Line("b"))));
            assertEquals(2, greetings.get());
        }
    }

    @Test
    void aConnectionThatDropsDuringTheHandshakeFailsItAtOnceNotAtTheConnectTimeout() throws Exception {
        try (LinePeer peer = new LinePeer()) {
            long start = System.nanoTime();
            StartFailedException e = assertThrows(StartFailedException.class, () ->
                    Pipe.builder(LineCodec::new, peer.socketOptions().withConnectTimeout(Duration.ofSeconds(10)))
                            .handshake(session -> session.call(new Line("DROP"))).startConnected());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 5_000, "the handshake waited " + tookMs + " ms for a connection that was gone");
            assertEquals(Reason.DISCONNECTED, assertInstanceOf(PipeException.class, e.reason().cause()).reason());
        }
    }

    @Test
    void anIdleConnectionGetsTheIdlePingAndAnUnansweredOneIsFoundByTheStallCheck() throws Exception {
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions())
                     .connection(ConnectionOptions.builder().callTimeout(Duration.ofMillis(200))
                             .backoffPolicy(BackoffPolicy.constant(Duration.ofSeconds(30))).listener(events::add).build())
                     .stallInterval(Duration.ofMillis(50))
                     .idlePing(new Line("MUTE")) // the peer stops answering: only the ping can be overdue
                     .startConnected()) {
            await().atMost(WAIT).until(() -> events.stream().anyMatch(ev -> ev instanceof ConnectionEvent.Disconnected));
            Object info = events.stream().filter(ev -> ev instanceof ConnectionEvent.Disconnected)
                    .map(ev -> ((ConnectionEvent.Disconnected) ev).info()).findFirst().orElseThrow();
            assertInstanceOf(StallException.class, info);
            assertEquals(0, pipe.unfinished(), "the idle ping is no caller's request");
        }
    }

    /**
     * A quiet connection has a reader: a peer closing it is noticed without any request, long
     * before the stall check (10 s here) could notice it.
     */
    @Test
    void aPeerClosingAnIdleConnectionIsNoticedWithoutARequest() throws Exception {
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions())
                     .connection(backoff(Duration.ofMillis(20), events)).stallInterval(Duration.ofSeconds(10))
                     .startConnected()) {
            assertEquals("warm", pipe.call(new Line("warm")));
            peer.dropAll();
            await().atMost(Duration.ofSeconds(3)).until(() -> events.stream()
                    .filter(ev -> ev instanceof ConnectionEvent.Connected).count() == 2);
            assertEquals("after", pipe.call(new Line("after")), "the first request after the drop runs on the new connection");
        }
    }

    /** Lanes come and go from the idle watch, and none stays once its pipe is closed. */
    @Test
    void closedPipesLeaveNothingInTheIdleWatch() throws Exception {
        try (LinePeer peer = new LinePeer()) {
            for (int round = 0; round < 20; round++) {
                try (Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions()).startConnected()) {
                    assertEquals("r" + round, pipe.call(new Line("r" + round)));
                    if (round % 2 == 0) {
                        peer.dropAll(); // a failing lane leaves the watch too
                    }
                }
            }
        }
        await().atMost(WAIT).until(() -> IdleWatch.size() == 0);
    }

    /** A push to a quiet connection reaches the listener at once, not with the next request. */
    @Test
    void aPushToAnIdleConnectionIsDeliveredWithoutARequest() throws Exception {
        List<Object> pushes = new CopyOnWriteArrayList<>();
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions())
                     .stallInterval(Duration.ofSeconds(10)).pushListener(pushes::add).startConnected()) {
            assertEquals("warm", pipe.call(new Line("warm")));
            peer.pushAll("news");
            await().atMost(Duration.ofSeconds(3)).until(() -> pushes.contains("news"));
            assertEquals("then", pipe.call(new Line("then")), "replies keep their order after the push");
            peer.pushAll("more");
            await().atMost(Duration.ofSeconds(3)).until(() -> pushes.contains("more"));
        }
    }

    @Test
    void aRefusingHandshakeStopsThePipe() throws Exception {
        try (LinePeer peer = new LinePeer()) {
            StartFailedException e = assertThrows(StartFailedException.class, () ->
                    Pipe.builder(LineCodec::new, peer.socketOptions()).handshake(session -> {
                        throw new Handshake.Refused("wrong password", null);
                    }).startConnected());
            assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
        }
    }

    /** After a refusal that stops the pipe, every request fails with HANDSHAKE_REFUSED, not STOPPED. */
    @Test
    void requestsAfterARefusalThatStoppedThePipeAreHandshakeRefused() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions()).handshake(session -> {
                 throw new Handshake.Refused("wrong password", null);
             }).start()) {
            StopReason reason = pipe.stopped().get();
            assertTrue(reason.cause() instanceof Handshake.Refused, reason::describe);
            PipeException sync = assertThrows(PipeException.class, () -> pipe.call(new Line("x")));
            PipeException async = assertInstanceOf(PipeException.class,
                    assertThrows(CompletionException.class, () -> pipe.callAsync(new Line("y")).join()).getCause());
            for (PipeException e : List.of(sync, async)) {
                assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), e::toString);
                assertTrue(e.neverSent(), e::toString);
                assertEquals(1, e.getMessage().split("wrong password", -1).length - 1, e.getMessage());
            }
        }
    }

    /** A refusal allowing a retry backs off; meanwhile requests fail with HANDSHAKE_REFUSED; then it connects. */
    @Test
    void aRefusalThatAllowsARetryBacksOffAndRequestsMeanwhileAreHandshakeRefused() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean refusing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions())
                     .connection(backoff(Duration.ofMillis(50), events)).earlyConnect(false).handshake(session -> {
                         if (refusing.get()) {
                             throw new Handshake.Refused("token expired", null, true);
                         }
                     }).start()) {
            await().atMost(WAIT).until(() -> events.stream().filter(ConnectionEvent.BackingOff.class::isInstance).count() >= 2);
            PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("x")));
            assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), e::toString);
            assertTrue(e.neverSent() && e.getMessage().contains("token expired"), e.getMessage());
            refusing.set(false);
            await().atMost(WAIT).until(() -> pipe.state() == dev.tether.connection.ConnectionState.CONNECTED);
            assertEquals("ok", pipe.call(new Line("ok")));
        }
    }

    @Test
    void aUnixSocketPipeIsReadByItsDrainer() throws Exception {
        try (LinePeer peer = LinePeer.unix();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions())
                     .connection(backoff(Duration.ofMillis(20), new CopyOnWriteArrayList<>())).startConnected()) {
            assertEquals("u", pipe.call(new Line("u")));
            List<CompletableFuture<Object>> many = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                many.add(pipe.callAsync(new Line("n" + i)));
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals("n" + i, many.get(i).join());
            }
            assertEquals(Reason.DISCONNECTED,
                    assertThrows(PipeException.class, () -> pipe.call(new Line("DROP"))).reason());
            await().atMost(WAIT).untilAsserted(() -> assertEquals("again", pipe.call(new Line("again"))));
            StopReason reason = null;
            pipe.close();
            reason = pipe.stopped().get();
            assertEquals(StopReason.normal().getClass(), reason.getClass());
        }
    }
}
