package dev.tether.core.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation and defaults of {@link SocketOptions} and {@link TlsOptions}. */
class SocketOptionsTest {

    private static final SocketOptions TCP = SocketOptions.tcp("127.0.0.1", 6379);

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void aPortOutsideOneTo65535IsRejectedNamingThePort(int port) {
        String m = message(() -> SocketOptions.tcp("127.0.0.1", port));
        assertEquals("port must be in 1..65535, got " + port, m);
    }

    @Test
    void theEdgePortsAreAccepted() {
        assertDoesNotThrow(() -> SocketOptions.tcp("127.0.0.1", 1));
        assertDoesNotThrow(() -> SocketOptions.tcp("127.0.0.1", 65_535));
    }

    @Test
    void aZeroOrNegativeConnectTimeoutIsRejected() {
        assertEquals("connectTimeout must be positive, got PT0S", message(() -> TCP.withConnectTimeout(Duration.ZERO)));
        assertEquals("connectTimeout must be positive, got PT-1S",
                message(() -> TCP.withConnectTimeout(Duration.ofSeconds(-1))));
        assertTrue(message(() -> TCP.withConnectTimeout(Duration.ofNanos(-1))).startsWith("connectTimeout must be positive"));
    }

    @Test
    void aZeroOrNegativeWriteTimeoutIsRejected() {
        assertEquals("writeTimeout must be positive, got PT0S", message(() -> TCP.withWriteTimeout(Duration.ZERO)));
        assertEquals("writeTimeout must be positive, got PT-0.5S",
                message(() -> TCP.withWriteTimeout(Duration.ofMillis(-500))));
    }

    @Test
    void missingTimeoutsAreRejectedNamingTheOption() {
        NullPointerException connect = assertThrows(NullPointerException.class, () -> TCP.withConnectTimeout(null));
        assertEquals("connectTimeout", connect.getMessage());
        NullPointerException write = assertThrows(NullPointerException.class, () -> TCP.withWriteTimeout(null));
        assertEquals("writeTimeout", write.getMessage());
    }

    @Test
    void tlsOverAUnixSocketIsRejected() throws Exception {
        SocketOptions unix = SocketOptions.unix(Path.of("/tmp/x.sock"));
        TlsOptions tls = TlsOptions.of(SSLContext.getDefault());
        assertEquals("TLS over a Unix domain socket is not supported", message(() -> unix.withTls(tls)));
    }

    @Test
    void aReadBufferBelow512BytesIsRejected() {
        assertEquals("readBufferSize must be at least 512 bytes, got 511", message(() -> TCP.withReadBufferSize(511)));
        assertEquals("readBufferSize must be at least 512 bytes, got 0", message(() -> TCP.withReadBufferSize(0)));
        assertEquals("readBufferSize must be at least 512 bytes, got -4", message(() -> TCP.withReadBufferSize(-4)));
        assertEquals(512, TCP.withReadBufferSize(512).readBufferSize());
    }

    @Test
    void anAddressThatIsNeitherInetNorUnixIsRejected() {
        SocketAddress odd = new SocketAddress() {
            private static final long serialVersionUID = 1L;
        };
        String m = message(() -> new SocketOptions(odd, Duration.ofSeconds(1), Duration.ofSeconds(1), true, true, null, 1024));
        assertTrue(m.startsWith("address must be an InetSocketAddress or a UnixDomainSocketAddress"), m);
        assertThrows(NullPointerException.class,
                () -> new SocketOptions(null, Duration.ofSeconds(1), Duration.ofSeconds(1), true, true, null, 1024));
        assertThrows(NullPointerException.class, () -> SocketOptions.tcp(null, 80));
        assertThrows(NullPointerException.class, () -> SocketOptions.unix(null));
    }

    @Test
    void tcpDefaultsAreFiveSecondsToConnectTenToWriteNoDelayKeepaliveAnd64KiB() {
        assertEquals(Duration.ofSeconds(5), TCP.connectTimeout());
        assertEquals(Duration.ofSeconds(10), TCP.writeTimeout());
        assertTrue(TCP.tcpNoDelay());
        assertTrue(TCP.keepAlive());
        assertNull(TCP.tls());
        assertEquals(64 * 1024, TCP.readBufferSize());
        InetSocketAddress address = assertInstanceOf(InetSocketAddress.class, TCP.address());
        assertTrue(address.isUnresolved(), "resolved at connect time, not when the options are made");
        assertEquals("tcp 127.0.0.1:6379", TCP.describe());
    }

    @Test
    void unixDefaultsAndDescription() {
        SocketOptions unix = SocketOptions.unix(Path.of("/tmp/redis.sock"));
        assertEquals(UnixDomainSocketAddress.of("/tmp/redis.sock"), unix.address());
        assertEquals("unix /tmp/redis.sock", unix.describe());
        assertFalse(unix.tcpNoDelay());
        assertFalse(unix.keepAlive());
        assertEquals(64 * 1024, unix.readBufferSize());
    }

    @Test
    void withMethodsChangeOnlyTheirOwnOption() throws Exception {
        TlsOptions tls = TlsOptions.of(SSLContext.getDefault());
        SocketOptions o = TCP.withConnectTimeout(Duration.ofMillis(250)).withWriteTimeout(Duration.ofMillis(750))
                .withTcpNoDelay(false).withKeepAlive(false).withReadBufferSize(4096).withTls(tls);
        assertEquals(TCP.address(), o.address());
        assertEquals(Duration.ofMillis(250), o.connectTimeout());
        assertEquals(Duration.ofMillis(750), o.writeTimeout());
        assertFalse(o.tcpNoDelay());
        assertFalse(o.keepAlive());
        assertEquals(4096, o.readBufferSize());
        assertSame(tls, o.tls());
        assertEquals("tls 127.0.0.1:6379", o.describe());
        assertThrows(NullPointerException.class, () -> TCP.withTls(null));
    }

    @Test
    void tlsOptionsVerifyHostnamesUnlessToldNot() throws Exception {
        SSLContext context = SSLContext.getDefault();
        TlsOptions tls = TlsOptions.of(context);
        assertTrue(tls.verifyHostname());
        assertNull(tls.serverName());
        assertFalse(tls.withoutHostnameVerification().verifyHostname());
        assertEquals("redis.example", tls.withServerName("redis.example").serverName());
        assertTrue(tls.withServerName("redis.example").verifyHostname());
        assertFalse(tls.withoutHostnameVerification().withServerName("a").verifyHostname(), "order does not matter");
        assertTrue(TlsOptions.systemDefault().verifyHostname());
        assertThrows(NullPointerException.class, () -> TlsOptions.of(null));
        assertThrows(NullPointerException.class, () -> tls.withServerName(null));
        assertEquals("TlsOptions[verifyHostname=true]", tls.toString());
        assertEquals("TlsOptions[verifyHostname=false, serverName=x]",
                tls.withoutHostnameVerification().withServerName("x").toString());
    }
}
