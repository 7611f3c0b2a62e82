package dev.tether.redis.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.core.net.TlsOptions;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.testkit.RedisServer;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.tether.testkit.LeakCheckExtension;

/**
 * TLS against a real redis-server serving TLS only (docs/redis-client.md, 'Testing against real
 * servers'): certificates made at
 * test time, hostname verification on by default, a mismatching name refused, mutual TLS.
 */
@ExtendWith(LeakCheckExtension.class)
class TlsTest {


    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.generate();
    }

    @AfterAll
    static void deleteCertificates() {
        if (certs != null) {
            certs.delete();
        }
    }

    private static RedisServer tlsServer(java.nio.file.Path cert, java.nio.file.Path key, boolean authClients) {
        return RedisServer.builder().tls()
                .arg("--tls-cert-file", cert.toString())
                .arg("--tls-key-file", key.toString())
                .arg("--tls-ca-cert-file", certs.ca().toString())
                .arg("--tls-auth-clients", authClients ? "yes" : "no")
                .start();
    }

    private static RedisOptions.Builder options(RedisServer server, TlsOptions tls) {
        return RedisOptions.builder().host("127.0.0.1").port(server.port()).tls(tls).syncConnect(true)
                .connectTimeout(Duration.ofSeconds(2)).commandTimeout(Duration.ofSeconds(2))
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20)));
    }

    private static boolean chainHas(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void trustingTheCaWithHostnameVerificationConnectsAndRunsCommands() {
        try (RedisServer server = tlsServer(certs.serverCert(), certs.serverKey(), false)) {
            TlsOptions tls = TlsOptions.trusting(certs.ca());
            assertTrue(tls.verifyHostname(), "hostname verification must be on by default");
            for (int protocol : new int[] {2, 3}) {
                try (RedisClient redis = RedisClient.connect(options(server, tls).protocol(protocol).build())) {
                    assertEquals("PONG", redis.ping());
                    assertTrue(redis.set("tls:" + protocol, "secret"));
                    assertEquals("secret", redis.get("tls:" + protocol));
                    redis.hset("tls:h" + protocol, Map.of("a", "1"));
                    assertEquals(Map.of("a", "1"), redis.hgetall("tls:h" + protocol));
                    // a large value crosses several TLS records both ways
                    String big = "x".repeat(200_000);
                    assertTrue(redis.set("tls:big" + protocol, big));
                    assertEquals(big, redis.get("tls:big" + protocol));
                    assertEquals(List.of(1L, 2L), redis.pipeline(List.of(
                            dev.tether.redis.Commands.incr("tls:n" + protocol),
                            dev.tether.redis.Commands.incr("tls:n" + protocol))));
                }
            }
        }
    }

    @Test
    void aSubscriberOverTlsReceivesUnderBothProtocols() {
        try (RedisServer server = tlsServer(certs.serverCert(), certs.serverKey(), false)) {
            TlsOptions tls = TlsOptions.trusting(certs.ca());
            for (int protocol : new int[] {2, 3}) {
                RedisOptions options = options(server, tls).protocol(protocol).build();
                List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
                try (RedisClient redis = RedisClient.connect(options);
                     RedisSubscriber subscriber = RedisSubscriber.connect(options)) {
                    subscriber.subscribe(List.of("tls-news"), m -> received.add(m.text()));
                    assertEquals(1, redis.publish("tls-news", "over tls " + protocol));
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
                    assertEquals(List.of("over tls " + protocol), received);
                }
            }
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefusedUnlessVerificationIsOff() {
        try (RedisServer server = tlsServer(certs.wrongNameCert(), certs.wrongNameKey(), false)) {
            TlsOptions tls = TlsOptions.trusting(certs.ca());
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                    () -> RedisClient.connect(options(server, tls).build()).close());
            assertTrue(chainHas(e, SSLHandshakeException.class) || chainHas(e, CertificateException.class),
                    () -> "the refusal should come from the TLS handshake (name mismatch), got " + describe(e));
            String chain = describe(e);
            assertTrue(chain.contains("127.0.0.1") || chain.toLowerCase(java.util.Locale.ROOT).contains("subject alternative"),
                    () -> "the error should say the name did not match: " + chain);

            // The trust is still checked; only the name check is off.
            try (RedisClient redis = RedisClient.connect(options(server, tls.withoutHostnameVerification()).build())) {
                assertEquals("PONG", redis.ping());
            }
            // Verifying the name the certificate does carry works too.
            try (RedisClient redis = RedisClient.connect(options(server, tls.withServerName("wrong.example")).build())) {
                assertEquals("PONG", redis.ping());
            }
        }
    }

    @Test
    void aRedissUriSpeaksTlsWithTheJvmTrustStore() {
        try (RedisServer server = tlsServer(certs.serverCert(), certs.serverKey(), false)) {
            RedisOptions options = RedisOptions.builder().uri("rediss://127.0.0.1:" + server.port()).syncConnect(true)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            assertTrue(options.tls() != null && options.tls().verifyHostname(), options::toString);
            // The JVM does not trust the test CA: the TLS handshake itself refuses the server.
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                    () -> RedisClient.connect(options).close());
            assertTrue(chainHas(e, SSLHandshakeException.class), () -> describe(e));
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() {
        try (RedisServer server = tlsServer(certs.serverCert(), certs.serverKey(), true)) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                    () -> RedisClient.connect(options(server, TlsOptions.trusting(certs.ca())).build()).close());
            assertEquals(RedisConnectionException.Reason.CLOSED, e.reason(), () -> describe(e));

            TlsOptions mutual = TlsOptions.mutual(certs.ca(), certs.clientCert(), certs.clientKey());
            try (RedisClient redis = RedisClient.connect(options(server, mutual).build())) {
                assertEquals("PONG", redis.ping());
                assertTrue(redis.set("mtls", "ok"));
                assertEquals("ok", redis.get("mtls"));
            }
        }
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}
