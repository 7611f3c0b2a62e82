package dev.tether.core.pipe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import dev.tether.core.net.SocketOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback line server for the pipe's tests. Each line is echoed back, except: {@code DROP}
 * closes the connection without answering, {@code MUTE} makes the connection stop answering
 * (and reading) for good, {@code TWICE x} answers {@code x} twice, {@code PUSHME x} sends
 * {@code PUSH x} and then {@code x}.
 */
final class LinePeer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path unixPath;
    private final List<SocketChannel> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong linesRead = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread acceptor;

    LinePeer() throws IOException {
        this(null, 0);
    }

    /** A peer on 127.0.0.1:{@code port}. */
    static LinePeer onPort(int port) throws IOException {
        return new LinePeer(null, port);
    }

    private LinePeer(Path unixPath, int port) throws IOException {
        this.unixPath = unixPath;
        if (unixPath == null) {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } else {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(unixPath));
        }
        acceptor = Thread.ofPlatform().daemon().name("line-peer-accept").start(this::accept);
    }

    /** A peer on a Unix domain socket in a fresh temporary directory. */
    static LinePeer unix() throws IOException {
        return new LinePeer(Files.createTempDirectory("pipe").resolve("s"), 0);
    }

    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The client's socket options for this peer. */
    SocketOptions socketOptions() {
        return unixPath != null ? SocketOptions.unix(unixPath) : SocketOptions.tcp("127.0.0.1", port());
    }

    /** Lines read from all connections so far. */
    long linesRead() {
        return linesRead.get();
    }

    int accepted() {
        return accepted.get();
    }

    /** Closes every connection accepted so far (the listener stays); waits for a first one. */
    void dropAll() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> accepted.get() > 0);
        closeAccepted();
    }

    /** Sends {@code PUSH text} unasked on every connection accepted so far. */
    void pushAll(String text) throws IOException {
        for (SocketChannel s : sockets) {
            s.write(java.nio.ByteBuffer.wrap(("PUSH " + text + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void closeAccepted() {
        for (SocketChannel s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void accept() {
        while (!closed.get()) {
            try {
                SocketChannel s = server.accept();
                sockets.add(s); // before counting: a test that saw the count can drop it
                accepted.incrementAndGet();
                Thread.ofPlatform().daemon().name("line-peer-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel s) {
        try (s; var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(s), StandardCharsets.UTF_8))) {
            OutputStream out = Channels.newOutputStream(s);
            for (String line; (line = in.readLine()) != null; ) {
                linesRead.incrementAndGet();
                if (line.equals("DROP")) {
                    return;
                }
                if (line.equals("MUTE")) {
                    in.transferTo(java.io.Writer.nullWriter());
                    return;
                }
                String reply = line.startsWith("TWICE ") ? line.substring(6) + "\n" + line.substring(6)
                        : line.startsWith("PUSHME ") ? "PUSH " + line.substring(7) + "\n" + line.substring(7)
                        : line;
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client went away or we dropped it
        }
    }

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        server.close();
        try {
            acceptor.join(10_000); // a connection it accepts as the listener closes is closed too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAccepted();
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
            Files.deleteIfExists(unixPath.getParent());
        }
    }
}
