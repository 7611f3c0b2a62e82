package dev.tether.core.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.LineCodec.Line;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two engine defects found while writing the test kit's {@code PipeConformance}, kept as the
 * tests that would have caught them: a codec shared by a dead connection's reader and the next
 * connection's, and the runtime's error translator leaking out of the pipe.
 */
class PipeEngineFindingsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * A pipe makes a codec per connection, so a decode still running on a torn-down connection
     * never shares decoding state with the next connection's. Here a decode holds on the first
     * connection until the stall check tears it down and a new connection serves a call; each
     * codec instance must never see two decodes at once.
     */
    @Test
    @Timeout(30)
    void aSlowDecodeOnADeadConnectionNeverSharesItsCodecWithTheNext() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean concurrentDecodes = new AtomicBoolean();
        AtomicInteger codecs = new AtomicInteger();
        Supplier<Codec<Line>> factory = () -> {
            codecs.incrementAndGet();
            LineCodec lines = new LineCodec();
            AtomicInteger decoding = new AtomicInteger();
            return new Codec<>() {
                @Override
                public Class<Line> requestType() {
                    return Line.class;
                }

                @Override
                public void encode(Line request, WriteBuffer out) {
                    lines.encode(request, out);
                }

                @Override
                public Object decode(ByteBuffer in, Line head) {
                    if (decoding.incrementAndGet() > 1) {
                        concurrentDecodes.set(true);
                    }
                    try {
                        Object frame = lines.decode(in, head);
                        if ("HOLD".equals(frame)) { // a slow decode: a large frame, a slow machine
                            holding.countDown();
                            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        }
                        return frame;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Codec.NEED_MORE;
                    } finally {
                        decoding.decrementAndGet();
                    }
                }
            };
        };
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (LinePeer peer = new LinePeer();
             Pipe<Line> pipe = Pipe.builder(factory, SocketOptions.tcp("127.0.0.1", peer.port()))
                     .connection(ConnectionOptions.builder().listener(events::add).build())
                     .stallInterval(Duration.ofMillis(50))
                     .startConnected()) {
            pipe.callAsync(new Line("HOLD"), Duration.ofMillis(100));
            holding.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            // Nothing is read while decode holds: the stall check tears the connection down...
            await().atMost(WAIT).until(() -> events.stream().anyMatch(ConnectionEvent.Disconnected.class::isInstance));
            // ...and the pipe reconnects, and a caller decodes its reply on the new connection.
            await().atMost(WAIT).ignoreExceptions().until(() -> "x".equals(pipe.call(new Line("x"))));
            release.countDown();
            assertFalse(concurrentDecodes.get(), "one codec instance decoded twice at once");
            assertTrue(codecs.get() >= 3, "a codec per connection (and one to learn the request type): " + codecs.get());
        } finally {
            release.countDown();
        }
    }

    /**
     * The runtime's own error translator would turn the errors the pipe relies on (stopped, full
     * mailbox) into something the pipe cannot recognise, leaving requests unfinished: a pipe refuses
     * connection options that carry one, and says where to put it instead.
     */
    @Test
    void aRuntimeErrorTranslatorIsRefusedWithWhereToPutIt() {
        ConnectionOptions translated = ConnectionOptions.builder()
                .errorTranslator(e -> new IllegalStateException("runtime error: " + e.getMessage(), e)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pipe.builder(LineCodec::new, SocketOptions.tcp("127.0.0.1", 1)).connection(translated));
        assertTrue(e.getMessage().contains("Pipe.Builder.errorTranslator"), e.getMessage());
    }

    /** After close, a call fails STOPPED and is not left counted as unfinished. */
    @Test
    @Timeout(30)
    void aCallAfterCloseIsStoppedAndNotLeftUnfinished() throws Exception {
        try (LinePeer peer = new LinePeer()) {
            Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socketOptions()).startConnected();
            pipe.close();
            PipeException e = assertThrows(PipeException.class, () -> pipe.call(new Line("after close")));
            assertAll(
                    () -> assertEquals(PipeException.Reason.STOPPED, e.reason()),
                    () -> assertEquals(0, pipe.unfinished(), "requests counted as unfinished after close"));
        }
    }
}
