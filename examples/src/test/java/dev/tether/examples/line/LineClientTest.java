package dev.tether.examples.line;

import dev.tether.core.pipe.PipeException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.testkit.LeakCheckExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The line client against a real {@link LineServer} on loopback. */
@ExtendWith(LeakCheckExtension.class)
class LineClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private LineServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LineServer.start(0);
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private ConnectionOptions.Builder options(BackoffPolicy policy) {
        return ConnectionOptions.builder().backoffPolicy(policy).listener(events::add).callTimeout(WAIT);
    }

    private LineSession start(BackoffPolicy policy) {
        return LineClient.start("127.0.0.1", server.port(), options(policy).build());
    }

    private long count(Class<? extends ConnectionEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Test
    void manyRequestsInFlightEachCallerGetsItsOwnAnswerInOrder() {
        try (LineSession lines = start(BackoffPolicy.defaultPolicy())) {
            assertEquals("PONG", lines.send("PING"));
            int n = 200;
            List<CompletableFuture<String>> replies = new ArrayList<>();
            AtomicInteger outOfOrder = new AtomicInteger();
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                CompletableFuture<String> reply = lines.sendAsync("SLOW 100 reply-" + i);
                List<CompletableFuture<String>> earlier = List.copyOf(replies);
                // Replies complete in request order: when one completes, every earlier one has.
                reply.whenComplete((r, e) -> {
                    if (!earlier.stream().allMatch(CompletableFuture::isDone)) {
                        outOfOrder.incrementAndGet();
                    }
                });
                replies.add(reply);
            }
            for (int i = 0; i < n; i++) {
                assertEquals("reply-" + i, replies.get(i).join());
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 5_000, n + " pipelined SLOW 100 took " + tookMillis + " ms: not in flight together");
            await().atMost(WAIT).untilAsserted(() -> assertEquals(0, outOfOrder.get(), "replies completed out of order"));
            assertEquals(1, server.connectionCount(), "all of it over one connection");
        }
    }

    @Test
    void serverStopFailsCallersInFlightAsDisconnectedAndNewCallsFastAsClosed() throws Exception {
        try (LineSession lines = start(BackoffPolicy.constant(Duration.ofMillis(500)))) {
            assertEquals("PONG", lines.send("PING"));
            List<CompletableFuture<String>> inFlight = new ArrayList<>();
            long before = server.requestsReceived();
            for (int i = 0; i < 3; i++) {
                inFlight.add(lines.sendAsync("SLOW 5000 never-" + i));
            }
            // In flight means sent: a request still queued when the link drops is never sent (CLOSED).
            await().atMost(WAIT).until(() -> server.requestsReceived() == before + 3);
            server.stop();
            for (CompletableFuture<String> call : inFlight) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                LineClientException failure = assertInstanceOf(LineClientException.class, e.getCause());
                assertEquals(PipeException.Reason.DISCONNECTED, failure.reason());
            }

            long started = System.nanoTime();
            LineClientException closed = assertThrows(LineClientException.class, () -> lines.send("PING"));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(PipeException.Reason.CLOSED, closed.reason());
            assertTrue(tookMillis < 1_000, "a call while disconnected took " + tookMillis + " ms to fail");
        }
    }

    @Test
    void serverRestartClientReconnectsByItself() throws IOException {
        try (LineSession lines = start(BackoffPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(200)))) {
            assertEquals("1", lines.send("INCR k"));
            server.restart();
            await().atMost(WAIT).ignoreExceptions().until(() -> lines.send("ECHO back").equals("back"));
            assertEquals("2", lines.send("INCR k"));
            assertTrue(count(ConnectionEvent.Disconnected.class) >= 1, "events: " + events);
            assertTrue(count(ConnectionEvent.Connected.class) >= 2, "events: " + events);
        }
    }

    @Test
    void aRequestWithALineBreakIsRejectedAndTheClientCarriesOn() {
        try (LineSession lines = start(BackoffPolicy.defaultPolicy())) {
            assertThrows(IllegalArgumentException.class, () -> lines.send("ECHO a\nINCR b"));
            assertEquals("a", lines.send("ECHO a"));
        }
    }

    @Test
    void closeFailsCallersStillWaitingAsStopped() throws Exception {
        LineSession lines = start(BackoffPolicy.defaultPolicy());
        assertEquals("PONG", lines.send("PING"));
        CompletableFuture<String> waiting = lines.sendAsync("SLOW 5000 too-late");
        lines.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        LineClientException stopped = assertInstanceOf(LineClientException.class, e.getCause());
        assertEquals(PipeException.Reason.STOPPED, stopped.reason());
        assertEquals(StopReason.normal(), lines.pipe().stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void aShortTimeoutFailsAsTimeoutAndTheLateReplyIsDropped() {
        try (LineSession lines = start(BackoffPolicy.defaultPolicy())) {
            LineClientException late = assertThrows(LineClientException.class,
                    () -> lines.send("SLOW 300 late", Duration.ofMillis(50)));
            assertEquals(PipeException.Reason.TIMEOUT, late.reason());
            assertEquals("mine", lines.send("ECHO mine"), "the late reply went to the next caller");
        }
    }

    @Test
    void theSessionShowsTheServerAndTheRequestsInFlight() {
        try (LineSession lines = start(BackoffPolicy.defaultPolicy())) {
            assertEquals("PONG", lines.send("PING"));
            for (int i = 0; i < 3; i++) {
                lines.sendAsync("SLOW 5000 pending-" + i);
            }
            assertEquals(3, lines.pipe().unfinished());
            assertEquals(ConnectionState.CONNECTED, lines.pipe().state());
            assertTrue(lines.toString().contains("tcp 127.0.0.1:" + server.port()), lines.toString());
        }
    }

    @Test
    void aReplyLongerThanTheReadBufferArrivesWholeAndInUtf8() {
        try (LineSession lines = start(BackoffPolicy.defaultPolicy())) {
            String text = "h\u00e9llo w\u00f6rld \u2603 ".repeat(10_000); // 180 KB: characters split across reads
            assertEquals(text, lines.send("ECHO " + text));
            assertEquals("after", lines.send("ECHO after"));
        }
    }

    @Test
    void aPipeFromTheBuilderTakesTypedRequests() {
        Pipe<LineClient.Line> pipe = LineClient.builder(SocketOptions.tcp("127.0.0.1", server.port()))
                .connection(options(BackoffPolicy.defaultPolicy()).build())
                .startConnected();
        try (LineSession lines = new LineSession(pipe)) {
            String pong = pipe.call(new LineClient.Line("PING"));
            assertEquals("PONG", pong);
            assertEquals("1", lines.send("INCR typed"));
        }
    }

    @Test
    void theReadmesPipeExampleRuns() {
        int port = server.port();
        // snippet:line-pipe
        Pipe<LineClient.Line> pipe = LineClient.builder(SocketOptions.tcp("127.0.0.1", port)).start();
        String pong = pipe.call(new LineClient.Line("PING"));             // no casts
        // end-snippet
        pipe.close();
        assertEquals("PONG", pong);
    }
}
