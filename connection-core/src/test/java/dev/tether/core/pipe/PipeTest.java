package dev.tether.core.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.LineCodec.Line;
import dev.tether.core.pipe.PipeException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipe against a real loopback line server: replies, order, failures, reconnects, stalls. */
class PipeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private LinePeer peer;
    private Pipe<Line> pipe;

    @BeforeEach
    void startPeer() throws IOException {
        peer = new LinePeer();
    }

    @AfterEach
    void stopAll() throws IOException {
        if (pipe != null) {
            pipe.close();
        }
        peer.close();
    }

    private Pipe.Builder<Line> builder() {
        return Pipe.builder(LineCodec::new, SocketOptions.tcp("127.0.0.1", peer.port()))
                .connection(ConnectionOptions.builder()
                        .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20))).build());
    }

    private static Reason reasonOf(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return assertInstanceOf(PipeException.class, e, () -> "not a PipeException: " + e).reason();
    }

    @Test
    void callsAreAnsweredSyncAndAsync() {
        pipe = builder().startConnected();
        assertEquals("hello", pipe.call(new Line("hello")));
        assertEquals("world", pipe.callAsync(new Line("world")).join());
        assertEquals(0, pipe.unfinished());
    }

    @Test
    void manyThreadsGetTheirOwnReplies() throws Exception {
        pipe = builder().startConnected();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    List<CompletableFuture<Object>> async = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        String text = thread + ":" + i;
                        if (i % 2 == 0) {
                            assertEquals(text, pipe.call(new Line(text)));
                        } else {
                            async.add(pipe.callAsync(new Line(text)));
                        }
                    }
                    for (int i = 0; i < async.size(); i++) {
                        assertEquals(thread + ":" + (2 * i + 1), async.get(i).join());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(WAIT).until(() -> pipe.unfinished() == 0);
    }

    @Test
    void aBatchCollectsItsFramesAndPushesDoNotShiftReplies() {
        List<Object> pushes = new CopyOnWriteArrayList<>();
        pipe = builder().pushListener(pushes::add).startConnected();
        assertArrayEquals(new Object[] {"x", "x"}, (Object[]) pipe.call(new Line("TWICE x", 2)));
        assertEquals("y", pipe.call(new Line("PUSHME y")));
        assertEquals(List.of("y"), pushes);
    }

    @Test
    void aDroppedConnectionFailsInFlightAsDisconnectedAndReconnects() {
        pipe = builder().startConnected();
        PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("DROP")));
        assertEquals(Reason.DISCONNECTED, e.reason());
        await().atMost(WAIT).untilAsserted(() -> assertEquals("back", pipe.call(new Line("back"))));
        assertTrue(peer.accepted() >= 2);
    }

    @Test
    void requestsWhileTheServerIsGoneFailAsClosed() throws IOException {
        pipe = builder().startConnected();
        peer.close();
        await().atMost(WAIT).until(() -> pipe.state() != ConnectionState.CONNECTED);
        PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("anyone?")));
        assertEquals(Reason.CLOSED, e.reason());
        assertTrue(e.neverSent());
    }

    @Test
    void aSilentPeerTimesCallersOutAndTheStallCheckTearsItDown() {
        pipe = builder().stallInterval(Duration.ofMillis(100)).startConnected();
        CompletableFuture<Object> muted = pipe.callAsync(new Line("MUTE"), Duration.ofMillis(200));
        PipeException late = assertThrows(PipeException.class, () -> pipe.call(new Line("late"), Duration.ofMillis(200)));
        assertEquals(Reason.TIMEOUT, late.reason());
        assertEquals(Reason.TIMEOUT, reasonOf(assertThrows(CompletionException.class, muted::join)));
        // The stall check gives up on the connection, and the next one answers.
        await().atMost(WAIT).until(() -> peer.accepted() >= 2);
        await().atMost(WAIT).untilAsserted(() -> assertEquals("fresh", pipe.call(new Line("fresh"))));
    }

    @Test
    void theStallChecksDisconnectIsAStallException() {
        List<dev.tether.connection.ConnectionEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        pipe = Pipe.builder(LineCodec::new, SocketOptions.tcp("127.0.0.1", peer.port()))
                .connection(ConnectionOptions.builder().backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20)))
                        .listener(events::add).build())
                .stallInterval(Duration.ofMillis(100)).startConnected();
        CompletableFuture<Object> muted = pipe.callAsync(new Line("MUTE"), Duration.ofMillis(200));
        assertEquals(Reason.TIMEOUT, reasonOf(assertThrows(CompletionException.class, muted::join)));
        await().atMost(WAIT).until(() -> events.stream()
                .anyMatch(e -> e instanceof dev.tether.connection.ConnectionEvent.Disconnected));
        Object info = events.stream().filter(e -> e instanceof dev.tether.connection.ConnectionEvent.Disconnected)
                .map(e -> ((dev.tether.connection.ConnectionEvent.Disconnected) e).info()).findFirst().orElseThrow();
        assertInstanceOf(StallException.class, info);
    }

    @Test
    void withStopOnDisconnectADropStopsThePipe() {
        pipe = builder().stopOnDisconnect(true).startConnected();
        assertEquals("before", pipe.call(new Line("before")));
        CompletableFuture<Object> inFlight = pipe.callAsync(new Line("MUTE"), Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> pipe.unfinished() == 1);
        peer.dropAll();
        assertEquals(Reason.DISCONNECTED, reasonOf(assertThrows(CompletionException.class, inFlight::join)));
        await().atMost(WAIT).until(() -> pipe.state() == ConnectionState.STOPPED);
        assertEquals(Reason.STOPPED, assertThrows(PipeException.class, () -> pipe.call(new Line("after"))).reason());
    }

    @Test
    void pastMaxInFlightCallersAreRefusedAtOnce() {
        pipe = builder().maxInFlight(1).stallInterval(Duration.ofSeconds(5)).startConnected();
        CompletableFuture<Object> first = pipe.callAsync(new Line("MUTE"), Duration.ofSeconds(2));
        PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("second")));
        assertEquals(Reason.OVERLOADED, e.reason());
        assertTrue(e.neverSent());
        pipe.close();
        assertEquals(Reason.STOPPED, reasonOf(assertThrows(CompletionException.class, first::join)));
    }

    @Test
    void aRequestThatCannotBeEncodedFailsAloneAndOthersCarryOn() {
        pipe = builder().startConnected();
        // A lone surrogate is not valid UTF-16: getBytes replaces it, so use a codec-level refusal instead.
        Request<Object> foreign = new Request<>() {
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pipe.call(foreign));
        assertTrue(e.getMessage().contains("request type"), e.getMessage());
        assertEquals("still", pipe.call(new Line("still")));
    }

    @Test
    void closingFailsWaitersAsStoppedAndReleasesEverything() {
        int socketsBefore = Tether.liveResources().sockets().size();
        pipe = builder().stallInterval(Duration.ofSeconds(5)).startConnected();
        CompletableFuture<Object> waiting = pipe.callAsync(new Line("MUTE"), Duration.ofSeconds(5));
        pipe.close();
        assertEquals(Reason.STOPPED, reasonOf(assertThrows(CompletionException.class, waiting::join)));
        assertEquals(Reason.STOPPED, assertThrows(PipeException.class, () -> pipe.call(new Line("after"))).reason());
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(socketsBefore, Tether.liveResources().sockets().size());
            assertTrue(Tether.liveResources().readers().stream().noneMatch(r -> r.contains(pipe.name())),
                    () -> Tether.liveResources().readers().toString());
        });
        assertEquals(0, pipe.unfinished());
    }

    @Test
    void errorsAreTranslatedOnce() {
        pipe = builder().errorTranslator(e -> new IllegalStateException("translated " + e.reason(), e)).startConnected();
        peer.dropAll();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 100; i++) {
                pipe.call(new Line("DROP"));
            }
        });
        assertTrue(e.getMessage().startsWith("translated "), e.getMessage());
    }
}
