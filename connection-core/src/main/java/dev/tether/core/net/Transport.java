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

    /** Writes all of {@code bytes[offset, offset+length)}. */
    default void write(byte[] bytes, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /**
     * True when {@link #readWithin} honours its timeout and leaves the transport usable after a
     * {@link java.net.SocketTimeoutException}: plain TCP only (TLS records and Unix channels have
     * no safe read timeout here).
     */
    default boolean timedReads() {
        return false;
    }

    /**
     * As {@link #read}, but gives up with a {@link java.net.SocketTimeoutException} after
     * {@code timeoutMillis}, or blocks without limit for 0; only where {@link #timedReads()}.
     */
    default int readWithin(ByteBuffer dst, int timeoutMillis) throws IOException {
        throw new UnsupportedOperationException("no timed reads on " + getClass().getSimpleName());
    }

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
        private int soTimeout = -1; // as last set, by the one reader at a time
        /** The stream socket; an SSLSocket layered over {@link #plain} for TLS. */
        private final Socket socket;
        private final Socket plain;
        private final InputStream in;
        private final OutputStream out;

        private Tcp(Socket socket, Socket plain) throws IOException {
            this.socket = socket;
            this.plain = plain;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Tcp connect(InetSocketAddress unresolved, SocketOptions options) throws IOException {
            // Real time on purpose, not the owner's ticker: this deadline bounds blocking calls
            // (connect, TLS handshake), which no fake clock can unblock.
            long deadline = System.nanoTime() + options.connectTimeout().toNanos();
            InetSocketAddress target = unresolved.isUnresolved()
                    ? new InetSocketAddress(unresolved.getHostString(), unresolved.getPort())
                    : unresolved;
            if (target.isUnresolved()) {
                throw new java.net.UnknownHostException("cannot resolve " + unresolved.getHostString());
            }
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(options.tcpNoDelay());
                plain.setKeepAlive(options.keepAlive());
                plain.connect(target, millisLeft(deadline));
                if (options.tls() == null) {
                    return new Tcp(plain, plain);
                }
                return new Tcp(handshake(plain, unresolved, options, deadline), plain);
            } catch (IOException | RuntimeException e) {
                closeQuietly(plain);
                throw e;
            }
        }

        private static int millisLeft(long deadline) throws java.net.SocketTimeoutException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new java.net.SocketTimeoutException("connect timed out");
            }
            return (int) Math.min(Integer.MAX_VALUE, left);
        }

        /**
         * The whole handshake shares the connect deadline: a timer closes the plain socket when it
         * passes, since a read timeout alone would let a peer that drips one byte at a time hold
         * the handshake open for ever.
         */
        private static Socket handshake(Socket plain, InetSocketAddress address, SocketOptions options, long deadline)
                throws IOException {
            TlsOptions tls = options.tls();
            String name = tls.serverName() != null ? tls.serverName() : address.getHostString();
            var expired = new java.util.concurrent.atomic.AtomicBoolean();
            var timer = dev.tether.core.loop.Engine.scheduler().schedule(
                    java.time.Duration.ofNanos(deadline - System.nanoTime()), () -> {
                        expired.set(true);
                        closeQuietly(plain);
                    });
            SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory()
                    .createSocket(plain, name, address.getPort(), true);
            try {
                SSLParameters params = ssl.getSSLParameters();
                if (tls.verifyHostname()) {
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                timer.cancel();
                if (expired.get()) { // the flag, not cancel()'s answer: a running task can be "cancelled"
                    throw new java.net.SocketTimeoutException("TLS handshake with " + options.describe() + " timed out");
                }
                return ssl;
            } catch (IOException | RuntimeException e) {
                timer.cancel();
                closeQuietly(plain);
                if (expired.get()) {
                    var timeout = new java.net.SocketTimeoutException("TLS handshake with " + options.describe()
                            + " did not finish within " + options.connectTimeout().toMillis() + " ms");
                    timeout.initCause(e);
                    throw timeout;
                }
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
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length); // no wrapper per write on the hot path
        }

        @Override
        public boolean timedReads() {
            return socket == plain;
        }

        /**
         * Only one thread reads at a time (the owner's read token), so setting the timeout just
         * before the read is safe; the JDK's socket stays usable after a read timeout.
         */
        @Override
        public int readWithin(ByteBuffer dst, int timeoutMillis) throws IOException {
            int timeout = Math.max(0, timeoutMillis);
            if (timeout != soTimeout) { // setting it boxes an Integer: only when it changes
                socket.setSoTimeout(timeout);
                soTimeout = timeout;
            }
            return read(dst);
        }

        /**
         * Closes the descriptor without a TLS close_notify: sending one can block behind a full
         * send buffer (the very case a write deadline aborts), and a Redis-like peer gains nothing
         * from it.
         */
        @Override
        public void close() {
            closeQuietly(plain);
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
            // The flag, not cancel()'s answer, says whether the timer fired: a task that is
            // running can still be "cancelled".
            var expired = new java.util.concurrent.atomic.AtomicBoolean();
            var timer = dev.tether.core.loop.Engine.scheduler().schedule(options.connectTimeout(), () -> {
                expired.set(true);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // best effort
                }
            });
            IOException failure = null;
            try {
                channel.connect(address);
            } catch (IOException e) {
                failure = e;
            }
            timer.cancel();
            if (failure == null && !expired.get()) {
                return new Unix(channel);
            }
            channel.close();
            if (expired.get()) {
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
