package dev.tether.core.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;

/** Loopback and Unix-socket peers for the socket tests, and a few socket-level helpers. */
final class Peers {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Peers() {
    }

    /**
     * A loopback TCP (or TLS) server: accepts on a daemon thread and hands each accepted socket to
     * the test through {@link #nextAccepted()}. Closing it closes the listener and every accepted
     * socket.
     */
    static final class TcpPeer implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        private final List<Socket> all = new ArrayList<>();
        private final Thread acceptor;
        private final Consumer<Socket> onAccept;

        private TcpPeer(ServerSocket server, Consumer<Socket> onAccept) {
            this.server = server;
            this.onAccept = onAccept;
            this.acceptor = new Thread(this::acceptLoop, "test-peer-acceptor-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** A plain TCP server on 127.0.0.1 with an ephemeral port. */
        static TcpPeer plain() throws IOException {
            return new TcpPeer(new ServerSocket(0, 50, LOOPBACK), s -> { });
        }

        /**
         * A plain TCP server whose sockets have a small receive buffer, so a peer that never reads
         * fills up fast.
         */
        static TcpPeer neverReading() throws IOException {
            ServerSocket server = new ServerSocket();
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(LOOPBACK, 0), 50);
            return new TcpPeer(server, s -> { });
        }

        /**
         * A server that answers every accepted socket on a thread of its own: reads until end of
         * stream, then closes the socket (so client closes leave no server-side descriptor).
         */
        static TcpPeer closingOnEof() throws IOException {
            return new TcpPeer(new ServerSocket(0, 200, LOOPBACK), TcpPeer::drainThenClose);
        }

        /**
         * Wraps an already bound server socket (e.g. an SSLServerSocket). TLS sockets get their
         * handshake started on a thread of their own; a failed handshake closes the socket.
         */
        static TcpPeer over(ServerSocket server) {
            return new TcpPeer(server, s -> {
                if (s instanceof SSLSocket ssl) {
                    Thread t = new Thread(() -> {
                        try {
                            ssl.startHandshake();
                        } catch (IOException e) {
                            closeQuietly(ssl);
                        }
                    }, "test-peer-handshake");
                    t.setDaemon(true);
                    t.start();
                }
            });
        }

        private static void drainThenClose(Socket s) {
            Thread t = new Thread(() -> {
                try (s; InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[4096];
                    while (in.read(buf) >= 0) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // closed either way
                }
            }, "test-peer-drain");
            t.setDaemon(true);
            t.start();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (all) {
                        all.add(s);
                    }
                    onAccept.accept(s);
                    accepted.add(s);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        SocketOptions options() {
            return SocketOptions.tcp("127.0.0.1", port());
        }

        /** The next accepted socket; fails the test if none comes within 10 s. */
        Socket nextAccepted() throws InterruptedException {
            Socket s = accepted.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("the peer accepted no connection within 10 s");
            }
            return s;
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (all) {
                all.forEach(Peers::closeQuietly);
            }
            joinQuietly(acceptor);
        }
    }

    /**
     * A loopback listener with a backlog of 1 that never accepts, filled with plain client sockets
     * until a further connect hangs: its SYNs are dropped, so a connect to it can only time out.
     */
    static final class FullBacklogListener implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        FullBacklogListener() throws IOException {
            server = new ServerSocket(0, 1, LOOPBACK);
            try {
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 300);
                        fillers.add(s);
                    } catch (SocketTimeoutException full) {
                        s.close();
                        return;
                    }
                }
                throw new IllegalStateException("the backlog of the listener never filled up");
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            fillers.forEach(Peers::closeQuietly);
            closeQuietly(server);
        }
    }

    /** A Unix domain socket server in a short temporary directory. */
    static final class UnixPeer implements AutoCloseable {
        private final Path dir;
        private final Path path;
        private final ServerSocketChannel server;
        private final BlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
        private final List<SocketChannel> all = new ArrayList<>();
        private final Thread acceptor;

        UnixPeer() throws IOException {
            this(50, true);
        }

        /** @param accept whether to accept at all (false: a listener that never accepts) */
        UnixPeer(int backlog, boolean accept) throws IOException {
            dir = Files.createTempDirectory(Path.of("/tmp"), "tu");
            path = dir.resolve("s.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), backlog);
            acceptor = new Thread(this::acceptLoop, "test-unix-acceptor");
            acceptor.setDaemon(true);
            if (accept) {
                acceptor.start();
            }
        }

        private void acceptLoop() {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    synchronized (all) {
                        all.add(c);
                    }
                    accepted.add(c);
                } catch (IOException e) {
                    return;
                }
            }
        }

        Path path() {
            return path;
        }

        SocketOptions options() {
            return SocketOptions.unix(path);
        }

        SocketChannel nextAccepted() throws InterruptedException {
            SocketChannel c = accepted.poll(10, TimeUnit.SECONDS);
            if (c == null) {
                throw new AssertionError("the unix peer accepted no connection within 10 s");
            }
            return c;
        }

        /** Keeps {@code c} to be closed with the peer (e.g. a client channel filling the backlog). */
        void track(SocketChannel c) {
            synchronized (all) {
                all.add(c);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (all) {
                for (SocketChannel c : all) {
                    closeQuietly(c);
                }
            }
            joinQuietly(acceptor);
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Reads exactly {@code n} bytes from {@code s}, failing after {@code timeout}. */
    static byte[] readExactly(Socket s, int n, Duration timeout) throws IOException {
        s.setSoTimeout((int) timeout.toMillis());
        byte[] out = s.getInputStream().readNBytes(n);
        if (out.length != n) {
            throw new AssertionError("expected " + n + " bytes, got " + out.length + " before end of stream");
        }
        return out;
    }

    /** Reads exactly {@code n} bytes from a blocking channel. */
    static byte[] readExactly(SocketChannel c, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (c.read(buf) < 0) {
                throw new AssertionError("expected " + n + " bytes, got " + buf.position() + " before end of stream");
            }
        }
        return buf.array();
    }

    /** Writes and flushes. */
    static void send(Socket s, byte[] bytes) throws IOException {
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    /** How many of this process's descriptors are sockets (entries "socket:[...]" of /proc/self/fd). */
    static long socketDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    /**
     * The keepalive timer flag of the loopback TCP connection from {@code localPort} to
     * {@code remotePort}, from /proc/net/tcp or tcp6 ("tr" column: 2 means the keepalive timer is armed
     * on an idle established socket, 0 no timer). Empty if the connection is not listed.
     */
    static java.util.Optional<Integer> tcpTimerFlag(int localPort, int remotePort) throws IOException {
        String local = String.format(":%04X", localPort);
        String remote = String.format(":%04X", remotePort);
        // Java's sockets are usually IPv6 ones (127.0.0.1 as ::ffff:127.0.0.1), listed in tcp6.
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 5 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                    return java.util.Optional.of(Integer.parseInt(f[5].split(":")[0], 16));
                }
            }
        }
        return java.util.Optional.empty();
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
