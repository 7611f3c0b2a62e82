package dev.tether.core.net;

import static dev.tether.core.net.Peers.ascii;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.core.net.LinkOwner.Cmd;
import dev.tether.core.net.Peers.TcpPeer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SocketLink opened with a {@link ReadHandler}: bytes go to the handler on the reader thread. */
class ReadHandlerTest extends SocketTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TcpPeer peer;

    @BeforeEach
    void startPeer() throws IOException {
        peer = closeAfter(TcpPeer.plain());
    }

    /** Consumes whole lines, leaves a partial line in the buffer, records what it saw. */
    private static final class LineHandler implements ReadHandler {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> buffersSeen = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onBytes(ByteBuffer data) {
            threads.add(Thread.currentThread());
            buffersSeen.add(StandardCharsets.US_ASCII.decode(data.duplicate()).toString());
            int lastNewline = -1;
            for (int i = data.position(); i < data.limit(); i++) {
                if (data.get(i) == '\n') {
                    lastNewline = i;
                }
            }
            int start = data.position();
            int i = start;
            while (i <= lastNewline) {
                int eol = i;
                while (data.get(eol) != '\n') {
                    eol++;
                }
                byte[] line = new byte[eol - i];
                data.get(i, line);
                lines.add(new String(line, StandardCharsets.US_ASCII));
                i = eol + 1;
            }
            data.position(Math.max(start, lastNewline + 1));
        }
    }

    @Test
    void bytesReachTheHandlerOnAThreadThatIsNotTheLoop() throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ReadHandler handler = data -> {
            threads.add(Thread.currentThread());
            synchronized (got) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                got.writeBytes(b);
            }
        };
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options(), handler));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        byte[] payload = Peers.pattern(200_000);
        Peers.send(server, payload);

        await().atMost(WAIT).until(() -> {
            synchronized (got) {
                return got.size() == payload.length;
            }
        });
        synchronized (got) {
            assertArrayEquals(payload, got.toByteArray());
        }
        Thread loop = (Thread) ref.call(Cmd.THREAD, CALL);
        assertSame(owner.loopThread, loop);
        assertTrue(threads.stream().noneMatch(t -> t == loop), "the handler ran on the loop thread");
        assertTrue(threads.stream().allMatch(t -> t.getName().startsWith("tether-reader-")),
                "handler threads: " + threads.stream().map(Thread::getName).distinct().toList());
        assertTrue(owner.events.isEmpty(), "a handler link sends no Data events: " + owner.events);
    }

    @Test
    void aHandlerThatLeavesBytesGetsThemBackWithTheNextRead() throws Exception {
        LineHandler handler = new LineHandler();
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options(), handler));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("hel"));
        await().atMost(WAIT).until(() -> handler.buffersSeen.size() == 1);
        assertEquals(List.of(), handler.lines);

        Peers.send(server, ascii("lo\nwor"));
        await().atMost(WAIT).until(() -> handler.lines.size() == 1);
        assertEquals("hello\nwor", handler.buffersSeen.get(1), "the unconsumed rest comes first");

        Peers.send(server, ascii("ld\n"));
        await().atMost(WAIT).until(() -> handler.lines.size() == 2);
        assertEquals(List.of("hello", "world"), handler.lines);
        assertEquals("world\n", handler.buffersSeen.get(2));
    }

    @Test
    void aFrameLargerThanTheReadBufferStillReachesTheHandlerWhole() throws Exception {
        LineHandler handler = new LineHandler();
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options().withReadBufferSize(512), handler));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        String longLine = "x".repeat(5_000);
        Peers.send(server, ascii(longLine + "\nshort\n"));

        await().atMost(WAIT).until(() -> handler.lines.size() == 2);
        assertEquals(List.of(longLine, "short"), handler.lines);
        assertTrue(owner.link.isOpen());
    }

    @Test
    void aHandlerThatThrowsFailsTheLinkAndTheOwnerIsTold() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom: bad frame");
        ReadHandler handler = data -> {
            throw boom;
        };
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options(), handler));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("anything"));

        await().atMost(WAIT).until(() -> !owner.events.isEmpty());
        assertEquals(1, owner.events.size(), "exactly one event: " + owner.events);
        SocketEvent.Failed failed = assertInstanceOf(SocketEvent.Failed.class, owner.events.get(0));
        assertSame(owner.link, failed.link());
        assertSame(boom, failed.error().getCause(), "the handler's exception is the cause");
        assertTrue(failed.error().getMessage().contains("boom: bad frame"), failed.error().getMessage());
        assertFalse(owner.link.isOpen());
        assertEquals(false, ref.call(Cmd.IS_OPEN, CALL));
        // The server sees the link closed.
        server.setSoTimeout(10_000);
        assertEquals(-1, server.getInputStream().read());
    }

    @Test
    void aPeerCloseStillArrivesAsAnEventInHandlerMode() throws Exception {
        LineHandler handler = new LineHandler();
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options(), handler));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("last\n"));
        server.close();

        await().atMost(WAIT).until(() -> !owner.events.isEmpty());
        assertEquals(List.of("last"), handler.lines);
        SocketEvent.Closed closed = assertInstanceOf(SocketEvent.Closed.class, owner.events.get(0));
        assertSame(owner.link, closed.link());
        assertFalse(owner.link.isOpen());
    }

    @Test
    void theLoopCanWriteWhileTheHandlerReads() throws Exception {
        LineHandler handler = new LineHandler();
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options(), handler));
        ConnectionRef<Object, Object> ref = startConnected(owner);
        Socket server = peer.nextAccepted();

        ref.call(new LinkOwner.Write(ascii("GET\n")), CALL);
        assertArrayEquals(ascii("GET\n"), Peers.readExactly(server, 4, WAIT));
        Peers.send(server, ascii("VALUE\n"));
        await().atMost(WAIT).until(() -> handler.lines.equals(List.of("VALUE")));
        assertNotSame(owner.loopThread, handler.threads.get(0));
    }

    @Test
    void aHandlerThatThrowsAnErrorAlsoFailsTheLinkAndTheOwnerIsTold() throws Exception {
        AssertionError broken = new AssertionError("handler invariant broken");
        ReadHandler handler = data -> {
            throw broken;
        };
        LinkOwner owner = LinkOwner.manual(LinkOwner.withHandler(peer.options(), handler));
        startConnected(owner);
        Socket server = peer.nextAccepted();

        Peers.send(server, ascii("anything"));

        // The link is gone either way; the owner must hear about it, or it waits forever on a dead link.
        // (Awaitility would fail on the reader's uncaught Error itself: let the events speak.)
        await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> !owner.link.isOpen());
        await("the owner is told its link failed").dontCatchUncaughtExceptions().atMost(WAIT)
                .until(() -> !owner.events.isEmpty());
        SocketEvent.Failed failed = assertInstanceOf(SocketEvent.Failed.class, owner.events.get(0));
        assertSame(owner.link, failed.link());
    }
}
