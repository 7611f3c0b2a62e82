package dev.tether.core.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a {@link SocketLink} connects. Immutable; start from {@link #tcp(String, int)}
 * or {@link #unix(Path)} and adjust with the {@code with...} methods.
 *
 * @param address an {@link InetSocketAddress} (TCP) or a {@link UnixDomainSocketAddress}
 * @param connectTimeout bound on connecting, including the TLS handshake; default 5 s
 * @param writeTimeout bound on one write: a peer that stops reading (paused, zero window) fails
 *     the write after this instead of freezing the writer; default 10 s
 * @param tcpNoDelay disable Nagle's algorithm (TCP only); default true
 * @param keepAlive enable TCP keepalive probes (TCP only); default true
 * @param tls TLS settings, or null for plain bytes (TCP only)
 * @param readBufferSize bytes read at once; default 64 KiB
 */
public record SocketOptions(SocketAddress address, Duration connectTimeout, Duration writeTimeout,
                            boolean tcpNoDelay, boolean keepAlive, TlsOptions tls, int readBufferSize) {

    /**
     * Checks the options: a TCP or Unix address, positive timeouts, no TLS over a Unix socket, a
     * read buffer of at least 512 bytes.
     */
    public SocketOptions {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof InetSocketAddress) && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("address must be an InetSocketAddress or a UnixDomainSocketAddress, got "
                    + address.getClass().getName());
        }
        positive("connectTimeout", connectTimeout);
        positive("writeTimeout", writeTimeout);
        if (tls != null && address instanceof UnixDomainSocketAddress) {
            throw new IllegalArgumentException("TLS over a Unix domain socket is not supported");
        }
        if (readBufferSize < 512) {
            throw new IllegalArgumentException("readBufferSize must be at least 512 bytes, got " + readBufferSize);
        }
    }

    private static void positive(String option, Duration value) {
        Objects.requireNonNull(value, option);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    /** TCP to {@code host:port}, resolved at connect time, with the defaults. */
    public static SocketOptions tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        return new SocketOptions(InetSocketAddress.createUnresolved(host, port), Duration.ofSeconds(5),
                Duration.ofSeconds(10), true, true, null, 64 * 1024);
    }

    /** A Unix domain socket at {@code path}, with the defaults. */
    public static SocketOptions unix(Path path) {
        Objects.requireNonNull(path, "path");
        return new SocketOptions(UnixDomainSocketAddress.of(path), Duration.ofSeconds(5),
                Duration.ofSeconds(10), false, false, null, 64 * 1024);
    }

    /** The same options for another address (a resolved one: see the pipe's address resolver). */
    public SocketOptions withAddress(SocketAddress other) {
        return new SocketOptions(other, connectTimeout, writeTimeout, tcpNoDelay, keepAlive, tls, readBufferSize);
    }

    /** The same options with another connect timeout (positive). */
    public SocketOptions withConnectTimeout(Duration timeout) {
        return new SocketOptions(address, timeout, writeTimeout, tcpNoDelay, keepAlive, tls, readBufferSize);
    }

    /** The same options with another write timeout (positive). */
    public SocketOptions withWriteTimeout(Duration timeout) {
        return new SocketOptions(address, connectTimeout, timeout, tcpNoDelay, keepAlive, tls, readBufferSize);
    }

    /** The same options with Nagle's algorithm disabled ({@code true}) or enabled. */
    public SocketOptions withTcpNoDelay(boolean on) {
        return new SocketOptions(address, connectTimeout, writeTimeout, on, keepAlive, tls, readBufferSize);
    }

    /** The same options with TCP keepalive probes on or off. */
    public SocketOptions withKeepAlive(boolean on) {
        return new SocketOptions(address, connectTimeout, writeTimeout, tcpNoDelay, on, tls, readBufferSize);
    }

    /** The same options over TLS with {@code tlsOptions} (TCP only). */
    public SocketOptions withTls(TlsOptions tlsOptions) {
        return new SocketOptions(address, connectTimeout, writeTimeout, tcpNoDelay, keepAlive,
                Objects.requireNonNull(tlsOptions, "tls"), readBufferSize);
    }

    /** The same options reading up to {@code bytes} at once (at least 512). */
    public SocketOptions withReadBufferSize(int bytes) {
        return new SocketOptions(address, connectTimeout, writeTimeout, tcpNoDelay, keepAlive, tls, bytes);
    }

    /** "tcp 127.0.0.1:6379", "tls 127.0.0.1:6380" or "unix /tmp/redis.sock", for logs. */
    public String describe() {
        if (address instanceof InetSocketAddress inet) {
            return (tls != null ? "tls " : "tcp ") + inet.getHostString() + ":" + inet.getPort();
        }
        return "unix " + ((UnixDomainSocketAddress) address).getPath();
    }
}
