package dev.tether.redis.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A one-shot RESP2 exchange over a fresh loopback (plain or TLS) or unix-socket connection: optional
 * {@code AUTH}, one command, one reply. Replies decode to {@link String} (simple and bulk strings),
 * {@link Long} (integers), {@code null} (null bulk or array) and {@link List} (arrays); an error
 * reply throws {@link RedisReplyException}.
 */
final class Resp {

    private Resp() {}

    static Object callTcp(String host, int port, Duration timeout, String password, String... args) {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            return exchange(socket.getInputStream(), socket.getOutputStream(), password, args);
        } catch (IOException e) {
            throw new UncheckedIOException("RESP call " + args[0] + " to " + host + ":" + port + " failed", e);
        }
    }

    /**
     * Like {@link #callTcp} over TLS, with a context from {@link #trusting(Path)}: the handshake
     * (bounded by the same timeout) checks the server's chain, not its name.
     */
    static Object callTls(String host, int port, SSLContext context, Duration timeout, String password,
                          String... args) {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            return exchange(socket.getInputStream(), socket.getOutputStream(), password, args);
        } catch (IOException e) {
            throw new UncheckedIOException("RESP call " + args[0] + " over TLS to " + host + ":" + port + " failed", e);
        }
    }

    /** A TLS client context trusting the certificates of a PEM file (redis-server's {@code tls-ca-cert-file}). */
    static SSLContext trusting(Path caCertificates) {
        try (InputStream in = Files.newInputStream(caCertificates)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new RedisServerException("no certificate in " + caCertificates);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new RedisServerException("cannot read the CA certificates in " + caCertificates, e);
        }
    }

    static Object callUnix(Path socketPath, Duration timeout, String password, String... args) {
        AtomicBoolean finished = new AtomicBoolean();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // Unix channels have no SO_TIMEOUT: a watchdog closes the channel when time is up.
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!finished.get()) {
                    closeQuietly(channel);
                }
            });
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            return exchange(Channels.newInputStream(channel), Channels.newOutputStream(channel), password, args);
        } catch (IOException e) {
            IOException cause = finished.get() || !isTimeout(e) ? e : timeoutOf(e, timeout);
            throw new UncheckedIOException("RESP call " + args[0] + " to " + socketPath + " failed", cause);
        } finally {
            finished.set(true);
        }
    }

    private static boolean isTimeout(IOException e) {
        return e instanceof java.nio.channels.AsynchronousCloseException
                || e instanceof java.nio.channels.ClosedChannelException;
    }

    private static IOException timeoutOf(IOException e, Duration timeout) {
        SocketTimeoutException timedOut = new SocketTimeoutException("no reply within " + timeout.toMillis() + " ms");
        timedOut.initCause(e);
        return timedOut;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static Object exchange(InputStream rawIn, OutputStream out, String password, String... args)
            throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        if (password != null) {
            encode(request, "AUTH", password);
        }
        encode(request, args);
        out.write(request.toByteArray());
        out.flush();
        InputStream in = new BufferedInputStream(rawIn);
        if (password != null) {
            read(in);
        }
        return read(in);
    }

    static void encode(ByteArrayOutputStream out, String... args) {
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
    }

    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        String line = readLine(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RedisReplyException(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated bulk string");
                }
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IOException("not RESP2: reply starts with '" + (char) type + "'");
        };
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("connection closed inside a reply");
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }
}
