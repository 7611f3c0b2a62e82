package dev.tether.core.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.LineCodec.Line;
import dev.tether.core.pipe.PipeException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A synchronous caller's exception carries its own stack frames, with the pipe's original as the
 * cause; and {@link Pipe#close(Duration)} lets unfinished requests finish within the drain time
 * and refuses new ones.
 */
class PipeCloseAndFramesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean hasFrame(Throwable t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method));
    }

    private static PipeException failure(CompletableFuture<?> f) {
        return assertInstanceOf(PipeException.class, assertThrows(CompletionException.class, f::join).getCause());
    }

    @Test
    void aTimedOutCallThrowsFromTheCallersLineWithTheOriginalAsItsCause() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions()).startConnected()) {
            pipe.callAsync(new Line("MUTE"));
            PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("late"), Duration.ofMillis(50)));
            assertEquals(Reason.TIMEOUT, e.reason());
            assertTrue(hasFrame(e, "aTimedOutCallThrowsFromTheCallersLineWithTheOriginalAsItsCause"),
                    "the caller's own line is in the stack trace");
            PipeException original = assertInstanceOf(PipeException.class, e.getCause());
            assertNotSame(e, original);
            assertEquals(Reason.TIMEOUT, original.reason());
            assertEquals(original.getMessage(), e.getMessage(), "the same message");
        }
    }

    @Test
    void aCallFailedByTheLoopKeepsTheLoopsFramesInItsCause() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions()).startConnected()) {
            CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
                await().atMost(WAIT).until(() -> pipe.unfinished() == 1 && peer.linesRead() == 1);
                pipe.close();
            });
            PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("MUTE"), WAIT));
            closer.join();
            assertEquals(Reason.STOPPED, e.reason());
            assertTrue(hasFrame(e, "aCallFailedByTheLoopKeepsTheLoopsFramesInItsCause"), "the caller's line");
            PipeException original = assertInstanceOf(PipeException.class, e.getCause());
            assertEquals(Reason.STOPPED, original.reason());
            assertFalse(hasFrame(original, "aCallFailedByTheLoopKeepsTheLoopsFramesInItsCause"),
                    "the cause was made by the loop, not by the caller");
            assertTrue(Arrays.stream(original.getStackTrace()).anyMatch(f -> f.getMethodName().equals("terminate")),
                    "the cause shows where the loop failed the request: " + Arrays.toString(original.getStackTrace()));
        }
    }

    @Test
    void heldRequestsFinishWithinTheDrainWhileNewOnesAreRefused() throws Exception {
        int port = freePort();
        ConnectionOptions fast = ConnectionOptions.builder().backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(30))).build();
        Pipe<Line> pipe = Pipe.builder(LineCodec::new, SocketOptions.tcp("127.0.0.1", port))
                .connection(fast).holdQueue(10).start();
        List<CompletableFuture<Object>> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(pipe.callAsync(new Line("held " + i), WAIT));
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> pipe.close(WAIT));
        await().atMost(WAIT).until(() -> pipe.callAsync(new Line("new"), WAIT).isCompletedExceptionally());
        PipeException refused = failure(pipe.callAsync(new Line("new"), WAIT));
        assertEquals(Reason.STOPPED, refused.reason());
        assertTrue(refused.getMessage().contains("closing"), refused.getMessage());
        assertEquals(Reason.STOPPED, assertThrows(PipeException.class, () -> pipe.call(new Line("sync"))).reason());
        try (LinePeer peer = LinePeer.onPort(port)) {
            for (int i = 0; i < 5; i++) {
                assertEquals("held " + i, held.get(i).get(), "queued before the close: answered within the drain");
            }
            closing.get();
        }
        assertEquals(ConnectionState.STOPPED, pipe.state());
    }

    @Test
    void whatIsUnfinishedWhenTheDrainEndsFailsWithStopped() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions()).startConnected()) {
            List<CompletableFuture<Object>> muted = new ArrayList<>();
            muted.add(pipe.callAsync(new Line("MUTE"), WAIT));
            for (int i = 0; i < 3; i++) {
                muted.add(pipe.callAsync(new Line("after " + i), WAIT));
            }
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> pipe.close(Duration.ofMillis(100)));
            await().atLeast(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5))
                    .until(() -> muted.stream().allMatch(CompletableFuture::isDone));
            for (CompletableFuture<Object> f : muted) {
                assertEquals(Reason.STOPPED, failure(f).reason());
            }
            closing.get();
            assertEquals(ConnectionState.STOPPED, pipe.state());
        }
    }

    @Test
    void aDrainIsCheckedAndZeroIsAPlainClose() throws Exception {
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions()).startConnected()) {
            NullPointerException none = assertThrows(NullPointerException.class, () -> pipe.close(null));
            assertTrue(none.getMessage().contains("drain"), none.getMessage());
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> pipe.close(Duration.ofMillis(-1)));
            assertTrue(negative.getMessage().contains("drain must not be negative"), negative.getMessage());
            assertEquals("still open", pipe.call(new Line("still open")), "a refused drain leaves the pipe as it was");
            CompletableFuture<Object> muted = pipe.callAsync(new Line("MUTE"), WAIT);
            pipe.close(Duration.ZERO);
            assertEquals(Reason.STOPPED, failure(muted).reason());
        }
    }
}
