package dev.tether.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.core.net.TlsOptions;
import dev.tether.redis.faults.TestCertificates;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisSentinel;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client over a TLS-only Sentinel setup of its own (a primary, 2 replicas, 3 sentinels, all
 * serving TLS only; not the extension's shared plain setup): with TLS to the sentinels and to the
 * data nodes it reads, writes and follows {@code SENTINEL FAILOVER}; without TLS to the sentinels
 * it fails at once, naming each sentinel and that it closed the connection during the handshake.
 */
@ExtendWith(LeakCheckExtension.class)
class SentinelTlsTest {

    private static TestCertificates certs;
    private static RedisSentinel sentinel;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate();
        sentinel = RedisSentinel.builder().tls(certs.serverCert(), certs.serverKey(), certs.ca()).start();
    }

    @AfterAll
    static void stop() {
        try {
            if (sentinel != null) {
                sentinel.close();
            }
        } finally {
            certs.delete();
        }
    }

    /** The sentinels of the setup, with or without TLS to them. */
    private static SentinelOptions.Builder sentinels(TlsOptions tls) {
        SentinelOptions.Builder b = SentinelOptions.builder(sentinel.serviceName());
        sentinel.sentinelPorts().forEach(port -> b.sentinel("127.0.0.1:" + port));
        return tls == null ? b : b.tls(tls);
    }

    private static RedisOptions.Builder options(SentinelOptions sentinels, TlsOptions dataTls) {
        return RedisOptions.builder().sentinel(sentinels).tls(dataTls).syncConnect(true)
                .connectTimeout(Duration.ofSeconds(2)).commandTimeout(Duration.ofSeconds(2));
    }

    @Test
    void withTlsToBothSidesTheClientReadsWritesAndFollowsAFailover() {
        TlsOptions trust = TlsOptions.trusting(certs.ca());
        assertTrue(trust.verifyHostname(), "the certificates name IP:127.0.0.1, so names are checked");
        try (RedisClient redis = RedisClient.connect(options(sentinels(trust).build(), trust).build())) {
            assertEquals("PONG", redis.ping());
            assertTrue(redis.set("tls-sentinel:k", "v1"));
            assertEquals("v1", redis.get("tls-sentinel:k"));
            RedisServer primary = sentinel.primary();
            assertEquals("v1", primary.execute("GET", "tls-sentinel:k"), "the write went to the primary");
            assertEquals(primary.port(), connectedPort(redis));

            RedisServer previous = sentinel.failover();
            assertEquals(primary, previous);
            RedisServer now = sentinel.awaitPrimaryChange(previous.port(), Duration.ofSeconds(15));
            assertNotEquals(previous.port(), now.port());

            AtomicInteger attempt = new AtomicInteger();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                String value = "after-" + attempt.incrementAndGet();
                // One write: the SET and the node's TLS port come from the same connection.
                List<Object> replies = redis.pipeline(List.of(Command.of("SET", "tls-sentinel:k", value),
                        Command.of("CONFIG", "GET", "tls-port")));
                return "OK".equals(RespShapes.text((RespValue) replies.get(0)))
                        && now.port() == Integer.parseInt(RespShapes.text(
                                RespShapes.field((RespValue) replies.get(1), "tls-port")))
                        && value.equals(now.execute("GET", "tls-sentinel:k"));
            });
            assertEquals(now.port(), connectedPort(redis), "the client stays on the new primary");
            assertTrue(redis.get("tls-sentinel:k").startsWith("after-"));
        }
    }

    @Test
    void withoutTlsToTheSentinelsTheConnectFailsAtOnceNamingEachSentinel() {
        TlsOptions trust = TlsOptions.trusting(certs.ca());
        RedisOptions plainSentinels = options(sentinels(null).build(), trust).build();
        RedisConnectionException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(RedisConnectionException.class, () -> RedisClient.connect(plainSentinels).close()));
        String message = e.getMessage();
        assertTrue(message.contains("asked 3 sentinels for '" + sentinel.serviceName() + "'"), message);
        for (int port : sentinel.sentinelPorts()) {
            // A TLS-only port drops a plain RESP hello: each sentinel is named with what went wrong.
            assertTrue(message.contains("the connection to tcp 127.0.0.1:" + port + " closed during the handshake"),
                    message);
        }
    }

    /** The TLS port of the node the client's connection is on. */
    private static int connectedPort(RedisClient redis) {
        RespValue reply = redis.execute(Command.of("CONFIG", "GET", "tls-port"));
        return Integer.parseInt(RespShapes.text(RespShapes.field(reply, "tls-port")));
    }
}
