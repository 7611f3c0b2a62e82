package dev.tether.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.testkit.RedisSentinel;
import dev.tether.redis.testkit.RedisSentinelExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client over real sentinels (a primary, 2 replicas, 3 sentinels): the primary is found and
 * checked, a subscriber finds it too, sentinels added later are learnt, and every bad setup gives
 * a clear error or a bounded retry: an unknown service (final), every sentinel down (retried),
 * sentinel credentials refused (final), a monitored address that refuses connections (retried),
 * and a node named as primary that answers ROLE as a replica (retried, never used).
 */
@ExtendWith({RedisSentinelExtension.class, LeakCheckExtension.class})
class SentinelClientTest {

    static RedisOptions.Builder options(RedisSentinel sentinel) {
        return RedisOptions.builder().uri(sentinel.sentinelUri()).connectTimeout(Duration.ofSeconds(2))
                .commandTimeout(Duration.ofSeconds(5));
    }

    @Test
    void theClientFindsThePrimaryThroughTheSentinels(RedisSentinel sentinel) {
        try (RedisClient redis = RedisClient.connect(options(sentinel).syncConnect(true).build())) {
            redis.set("sentinel:found", "yes");
            RedisServer primary = sentinel.primary();
            assertEquals("yes", primary.execute("GET", "sentinel:found"), "the write went to the primary");
            assertTrue(redis.toString().contains("sentinel mymaster"), redis.toString());
        }
    }

    @Test
    void aSubscriberFindsThePrimaryToo(RedisSentinel sentinel) {
        List<String> got = new CopyOnWriteArrayList<>();
        try (RedisClient redis = RedisClient.connect(options(sentinel).syncConnect(true).build());
             RedisSubscriber subscriber = RedisSubscriber.connect(options(sentinel).build())) {
            subscriber.subscribe(List.of("sentinel-news"), m -> got.add(m.text()));
            assertEquals(1L, redis.publish("sentinel-news", "hello"));
            await().atMost(Duration.ofSeconds(5)).until(() -> got.equals(List.of("hello")));
        }
    }

    /** A client reading from the replicas (REPLICA_PREFERRED), returned once both replica connections are up. */
    static RedisClient replicaReads(RedisSentinel sentinel) {
        SentinelOptions.Builder reads = SentinelOptions.builder(sentinel.serviceName()).readFrom(ReadFrom.REPLICA_PREFERRED);
        sentinel.sentinelPorts().forEach(port -> reads.sentinel("127.0.0.1:" + port));
        RedisClient redis = RedisClient.connect(RedisOptions.builder().sentinel(reads.build()).syncConnect(true).build());
        SentinelReplicaReads routed = (SentinelReplicaReads) redis;
        await().atMost(Duration.ofSeconds(10)).until(() -> routed.replicaStates().size() == 2
                && routed.replicaStates().values().stream().allMatch(s -> s == ConnectionState.CONNECTED));
        return redis;
    }

    @Test
    void replicaReadsGoToTheReplicasTheSentinelsListAndWritesToThePrimary(RedisSentinel sentinel) {
        try (RedisClient redis = replicaReads(sentinel)) {
            redis.set("sentinel:replicated", "v");
            assertEquals(2L, ((dev.tether.redis.resp.RespInteger) dev.tether.redis.Replies.unwrap(
                    redis.execute(Command.of("WAIT", "2", "2000")))).value(), "both replicas have the write");
            long primaryGets = gets(sentinel.primary());
            long replicaGets = sentinel.replicas().stream().mapToLong(SentinelClientTest::gets).sum();
            for (int i = 0; i < 20; i++) {
                assertEquals("v", redis.get("sentinel:replicated"));
            }
            assertEquals(primaryGets, gets(sentinel.primary()), "no read went to the primary");
            assertEquals(replicaGets + 20, sentinel.replicas().stream().mapToLong(SentinelClientTest::gets).sum(),
                    "every read went to a replica");
            assertEquals("v", RedisTestSupport.join(redis.async().get("sentinel:replicated")));
        }
    }

    /** GET calls a node served so far, from its own INFO commandstats. */
    private static long gets(RedisServer node) {
        String stats = String.valueOf(node.execute("INFO", "commandstats"));
        int at = stats.indexOf("cmdstat_get:calls=");
        if (at < 0) {
            return 0;
        }
        int from = at + "cmdstat_get:calls=".length();
        return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
    }

    @Test
    void anUnknownServiceIsAClearFinalError(RedisSentinel sentinel) {
        String uri = sentinel.sentinelUri().replace("/" + sentinel.serviceName(), "/no-such-service");
        RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisClient.connect(
                RedisOptions.builder().uri(uri).syncConnect(true).build()));
        assertTrue(e.getMessage().contains("no sentinel monitors a service named 'no-such-service'"), e.getMessage());
        assertEquals(RedisConnectionException.Reason.HANDSHAKE_REFUSED, e.reason(), e::toString);
        RedisClient background = RedisClient.connect(RedisOptions.builder().uri(uri).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> background.state() == ConnectionState.STOPPED);
        RedisConnectionException stopped = assertThrows(RedisConnectionException.class, () -> background.get("k"));
        assertEquals(RedisConnectionException.Reason.HANDSHAKE_REFUSED, stopped.reason());
        background.close();
    }

    @Test
    void everySentinelDownIsRetriedWithBackoffAndSaysWhy() throws IOException {
        int[] dead = {deadPort(), deadPort()};
        String uri = "redis-sentinel://127.0.0.1:" + dead[0] + ",127.0.0.1:" + dead[1] + "/mymaster";
        RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisClient.connect(
                RedisOptions.builder().uri(uri).syncConnect(true).connectTimeout(Duration.ofSeconds(1)).build()));
        assertTrue(e.getMessage().contains("asked 2 sentinels for 'mymaster'") && e.getMessage().contains(":" + dead[1]),
                e.getMessage());
        AtomicInteger backoffs = new AtomicInteger();
        try (RedisClient background = RedisClient.connect(RedisOptions.builder().uri(uri)
                .listener(event -> {
                    if (event instanceof ConnectionEvent.BackingOff) {
                        backoffs.incrementAndGet();
                    }
                }).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> backoffs.get() >= 3);
            assertEquals(ConnectionState.BACKING_OFF, background.state(), "retried, not given up");
        }
    }

    @Test
    void sentinelCredentialsTheSentinelsRefuseAreAFinalError(RedisSentinel sentinel) {
        SentinelOptions.Builder wrong = SentinelOptions.builder(sentinel.serviceName())
                .credentials(new Credentials("nobody", "wrong"));
        sentinel.sentinelPorts().forEach(port -> wrong.sentinel("127.0.0.1:" + port));
        RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisClient.connect(
                RedisOptions.builder().sentinel(wrong.build()).syncConnect(true).build()));
        assertTrue(e.getMessage().contains("every sentinel refused the sentinel credentials"), e.getMessage());
    }

    @Test
    void aMonitoredAddressThatRefusesConnectionsIsRetried(RedisSentinel sentinel) throws IOException {
        int dead = deadPort();
        monitorOnAll(sentinel, "ghost", dead);
        try {
            String uri = sentinel.sentinelUri().replace("/" + sentinel.serviceName(), "/ghost");
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisClient.connect(
                    RedisOptions.builder().uri(uri).syncConnect(true).build()));
            assertTrue(e.getMessage().contains("127.0.0.1:" + dead), e.getMessage());
            AtomicInteger backoffs = new AtomicInteger();
            try (RedisClient background = RedisClient.connect(RedisOptions.builder().uri(uri).listener(event -> {
                if (event instanceof ConnectionEvent.BackingOff) {
                    backoffs.incrementAndGet();
                }
            }).build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> backoffs.get() >= 3);
                assertTrue(background.state() != ConnectionState.CONNECTED && background.state() != ConnectionState.STOPPED);
            }
        } finally {
            removeOnAll(sentinel, "ghost");
        }
    }

    @Test
    void aNodeNamedAsPrimaryThatIsAReplicaIsNeverUsed(RedisSentinel sentinel) {
        RedisServer replica = sentinel.replicas().get(0);
        RedisServer first = sentinel.sentinels().get(0);
        first.execute("SENTINEL", "MONITOR", "trap", "127.0.0.1", Integer.toString(replica.port()), "1");
        try {
            RedisOptions options = RedisOptions.builder().sentinel(SentinelOptions.builder("trap")
                    .sentinel("127.0.0.1:" + first.port()).build()).syncConnect(true).build();
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisClient.connect(options));
            assertTrue(e.getMessage().contains("answers ROLE with slave"), e.getMessage());
        } finally {
            first.execute("SENTINEL", "REMOVE", "trap");
        }
    }

    private static void monitorOnAll(RedisSentinel sentinel, String name, int port) {
        for (RedisServer s : sentinel.sentinels()) {
            s.execute("SENTINEL", "MONITOR", name, "127.0.0.1", Integer.toString(port), "2");
        }
    }

    private static void removeOnAll(RedisSentinel sentinel, String name) {
        for (RedisServer s : sentinel.sentinels()) {
            s.execute("SENTINEL", "REMOVE", name);
        }
    }

    /** A loopback port nothing listens on (bound, then closed). */
    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
