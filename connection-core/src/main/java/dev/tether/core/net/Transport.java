package dev.tether.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The byte pipe under a {@link SocketLink}: TCP (plain or TLS) or a Unix domain socket. */
sealed interface Transport {

    /** Reads into {@code dst} at its position; -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes all of {@code src}. */
    void write(ByteBuffer src) throws IOException;

    void close();

    /** Connects as {@code options} say, within the connect timeout. */
    static Transport connect(SocketOptions options) throws IOException {
        return switch (options.address()) {
            case InetSocketAddress inet -> Tcp.connect(inet, options);
            case UnixDomainSocketAddress unix -> Unix.connect(unix, options);
            default -> throw new IllegalArgumentException("unsupported address " + options.address());
        };
    }

    /** TCP through java.net.Socket: full duplex, interruptible on virtual threads. */
    final class Tcp implements Transport {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Tcp(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Tcp connect(InetSocketAddress unresolved, SocketOptions options) throws IOException {
            int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            InetSocketAddress target = unresolved.isUnresolved()
                    ? new InetSocketAddress(unresolved.getHostString(), unresolved.getPort())
                    : unresolved;
            if (target.isUnresolved()) {
                throw new java.net.UnknownHostException("cannot resolve " + unresolved.getHostString());
            }
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(options.tcpNoDelay());
                socket.setKeepAlive(options.keepAlive());
                socket.connect(target, timeoutMillis);
                if (options.tls() != null) {
                    socket = handshake(socket, unresolved, options, timeoutMillis);
                }
                return new Tcp(socket);
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                throw e;
            }
        }

        private static Socket handshake(Socket plain, InetSocketAddress address, SocketOptions options, int timeoutMillis)
                throws IOException {
            TlsOptions tls = options.tls();
            String name = tls.serverName() != null ? tls.serverName() : address.getHostString();
            SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory()
                    .createSocket(plain, name, address.getPort(), true);
            try {
                SSLParameters params = ssl.getSSLParameters();
                if (tls.verifyHostname()) {
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(timeoutMillis);
                ssl.startHandshake();
                ssl.setSoTimeout(0);
                return ssl;
            } catch (IOException | RuntimeException e) {
                closeQuietly(ssl);
                throw e;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is best effort; the descriptor is released either way.
            }
        }
    }

    /** A Unix domain socket through a blocking SocketChannel (one reader, one writer at a time). */
    final class Unix implements Transport {
        private final SocketChannel channel;

        private Unix(SocketChannel channel) {
            this.channel = channel;
        }

        static Unix connect(UnixDomainSocketAddress address, SocketOptions options) throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            // A blocking connect has no timeout of its own: close the channel if it takes too long.
            var timer = dev.tether.core.loop.SystemScheduler.shared().schedule(options.connectTimeout(), () -> {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // best effort
                }
            });
            IOException failure;
            try {
                channel.connect(address);
                if (timer.cancel()) {
                    return new Unix(channel);
                }
                failure = null;
            } catch (IOException e) {
                failure = e;
            }
            boolean timedOut = !timer.cancel();
            channel.close();
            if (timedOut) {
                var timeout = new java.net.SocketTimeoutException("connect to " + options.describe() + " timed out after "
                        + TimeUnit.NANOSECONDS.toMillis(options.connectTimeout().toNanos()) + " ms");
                if (failure != null) {
                    timeout.initCause(failure);
                }
                throw timeout;
            }
            throw failure;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
