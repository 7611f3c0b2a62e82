package dev.tether.examples.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.core.pipe.Codec;
import dev.tether.examples.memcached.MemcachedException.Reason;
import dev.tether.examples.memcached.MemcachedRequest.Delete;
import dev.tether.examples.memcached.MemcachedRequest.Get;
import dev.tether.examples.memcached.MemcachedRequest.Incr;
import dev.tether.examples.memcached.MemcachedRequest.Set;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder alone, fed the way the pipe feeds it: whole, byte by byte, and garbage. */
class MemcachedCodecTest {

    private static final Set SET = new Set("k", new byte[0]);

    private static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds {@code wire} one byte at a time, as the pipe would after tiny reads: one frame, then nothing left. */
    private static Object byteByByte(MemcachedRequest<?> head, String wire) throws IOException {
        MemcachedCodec codec = new MemcachedCodec();
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.allocate(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            in.put(bytes[i]).flip();
            Object frame = codec.decode(in, head);
            in.compact();
            if (frame != Codec.NEED_MORE) {
                assertEquals(bytes.length - 1, i, "a frame before its last byte");
                assertEquals(0, in.position(), "bytes left over");
                return frame;
            }
        }
        throw new AssertionError("no frame from " + wire);
    }

    @Test
    void everyReplyShapeDecodesWholeAndByteByByte() throws IOException {
        record Case(MemcachedRequest<?> head, String wire, Object expected) {
        }
        for (Case c : List.of(
                new Case(new Get("k"), "END\r\n", null),
                new Case(new Get("k"), "VALUE k 0 5\r\nab\r\nc\r\nEND\r\n", "ab\r\nc"),
                new Case(new Get("k"), "VALUE k 4294967295 0 77\r\n\r\nEND\r\n", ""),
                new Case(new Get("ü"), "VALUE ü 1 2\r\nhi\r\nEND\r\n", "hi"),
                new Case(SET, "STORED\r\n", true),
                new Case(SET, "NOT_STORED\r\n", false),
                new Case(new Delete("k"), "DELETED\r\n", true),
                new Case(new Delete("k"), "NOT_FOUND\r\n", false),
                new Case(new Incr("k", 1), "NOT_FOUND\r\n", null),
                new Case(new Incr("k", 1), "42\r\n", 42L),
                new Case(new Incr("k", 1), "18446744073709551615\r\n", -1L))) {
            Object whole = new MemcachedCodec().decode(buffer(c.wire()), c.head());
            Object split = byteByByte(c.head(), c.wire());
            for (Object frame : new Object[] {whole, split}) {
                if (frame instanceof byte[] b) {
                    assertEquals(c.expected(), new String(b, StandardCharsets.UTF_8), c.wire());
                } else {
                    assertEquals(c.expected(), frame, c.wire());
                }
            }
        }
    }

    @Test
    void framesFollowEachOtherInOneBuffer() throws IOException {
        MemcachedCodec codec = new MemcachedCodec();
        ByteBuffer in = buffer("VALUE a 0 1\r\nx\r\nEND\r\nSTORED\r\nEND\r\n");
        assertArrayEquals(new byte[] {'x'}, (byte[]) codec.decode(in, new Get("a")));
        assertEquals(true, codec.decode(in, SET));
        assertNull(codec.decode(in, new Get("b")));
        assertEquals(0, in.remaining());
    }

    @Test
    void errorLinesFailTheirRequestOnly() throws IOException {
        for (String line : List.of("ERROR", "ERROR unknown command", "CLIENT_ERROR bad data chunk",
                "SERVER_ERROR out of memory storing object")) {
            for (MemcachedRequest<?> head : List.of(new Get("k"), SET, new Delete("k"), new Incr("k", 1))) {
                Object frame = new MemcachedCodec().decode(buffer(line + "\r\n"), head);
                MemcachedException e = assertInstanceOf(MemcachedException.class, frame);
                assertTrue(e.getMessage().contains(line), e.getMessage());
                assertSame(e, assertThrows(MemcachedException.class, () -> head.reply(frame)));
                assertEquals(line.startsWith("ERROR") ? Reason.ERROR
                        : Reason.valueOf(line.substring(0, line.indexOf(' '))), e.reason());
            }
        }
    }

    @Test
    void garbageIsAProtocolException() {
        record Case(MemcachedRequest<?> head, String wire) {
        }
        for (Case c : List.of(
                new Case(new Get("k"), "HELLO\r\n"),
                new Case(new Get("k"), "STORED\r\n"),                       // another request's reply
                new Case(new Get("k"), "VALUE other 0 1\r\nx\r\nEND\r\n"),    // another key: out of step
                new Case(new Get("k"), "VALUE k 0 1\r\nxyz\r\nEND\r\n"),       // data longer than announced
                new Case(new Get("k"), "VALUE k 0 nope\r\n"),
                new Case(new Get("k"), "VALUE k 0 99999999999\r\n"),          // over 1 GiB
                new Case(new Get("k"), "\u0000\u0001\u0002"),                 // binary, no line end needed
                new Case(new Get("k"), "END\n"),                             // a bare \n
                new Case(new Get("k"), "X".repeat(3000)),                    // no line end in sight
                new Case(SET, "DELETED\r\n"),
                new Case(new Delete("k"), "STORED\r\n"),
                new Case(new Incr("k", 1), "-1\r\n"),
                new Case(new Incr("k", 1), "99999999999999999999999\r\n"),
                new Case(new Incr("k", 1), "\r\n"),
                new Case(null, "STORED\r\n"))) {                             // nobody asked
            assertThrows(ProtocolException.class, () -> new MemcachedCodec().decode(buffer(c.wire()), c.head()),
                    () -> c.wire() + " for " + c.head());
        }
    }

    @Test
    void aPartialReplyIsLeftInTheBufferUntilItIsWhole() throws IOException {
        MemcachedCodec codec = new MemcachedCodec();
        ByteBuffer in = buffer("VALUE k 0 10\r\nabc");
        assertSame(Codec.NEED_MORE, codec.decode(in, new Get("k")));
        assertEquals(0, in.position(), "nothing consumed: the codec keeps no state");
        in = buffer("VALUE k 0 10\r\n0123456789\r\nEN");
        assertSame(Codec.NEED_MORE, codec.decode(in, new Get("k")));
        assertEquals(0, in.position());
        assertSame(Codec.NEED_MORE, codec.decode(buffer("STOR"), SET));
    }

    @Test
    void aServerSendingGarbageDropsTheConnectionAndItsRequestsAreDisconnected() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread fake = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.read(); // a request arrived
                    out.write("I AM NOT MEMCACHED\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.read(); // until the client drops us
                } catch (IOException ignored) {
                    // the client reset the connection
                }
            });
            try (MemcachedClient client = MemcachedClient.connect("127.0.0.1", server.getLocalPort())) {
                MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("k"));
                assertEquals(Reason.DISCONNECTED, e.reason());
                assertInstanceOf(ProtocolException.class, e.getCause().getCause(), "the decoder's verdict");
            }
            fake.join();
        }
    }
}
