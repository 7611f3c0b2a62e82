package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    @TempDir
    Path temp;

    @Test
    void tls_mode_serves_TLS_on_port_and_plain_RESP_on_the_unix_socket() throws Exception {
        Path cert = temp.resolve("cert.pem");
        Path key = temp.resolve("key.pem");
        assumeTrue(selfSignedCertificate(cert, key), "openssl is needed to make a test certificate");

        try (RedisServer redis = RedisServer.builder()
                .tls()
                .unixSocket()
                .arg("--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                        "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no")
                .start()) {
            assertEquals("rediss://127.0.0.1:" + redis.port(), redis.uri());
            assertEquals("+PONG", pingOverTls(redis.port(), cert));
            assertEquals(java.util.List.of("port", "0"), redis.execute("CONFIG", "GET", "port"));
        }
    }

    @Test
    void execute_refuses_a_TLS_only_server_without_a_unix_socket() throws Exception {
        Path cert = temp.resolve("cert.pem");
        Path key = temp.resolve("key.pem");
        assumeTrue(selfSignedCertificate(cert, key), "openssl is needed to make a test certificate");

        try (RedisServer redis = RedisServer.builder().tls()
                .arg("--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                        "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no")
                .start()) {
            assertThrows(IllegalStateException.class, () -> redis.execute("PING"));
            assertEquals("+PONG", pingOverTls(redis.port(), cert));
        }
    }

    private static String pingOverTls(int port, Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] reply = socket.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).trim();
        }
    }

    private static boolean selfSignedCertificate(Path cert, Path key) throws InterruptedException {
        try {
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!openssl.waitFor(30, TimeUnit.SECONDS)) {
                openssl.destroyForcibly();
                openssl.waitFor(5, TimeUnit.SECONDS);
                return false;
            }
            return openssl.exitValue() == 0 && Files.exists(cert);
        } catch (IOException e) {
            return false;
        }
    }
}
