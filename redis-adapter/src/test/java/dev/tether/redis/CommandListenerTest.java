package dev.tether.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisSentinel;
import dev.tether.redis.testkit.RedisSentinelExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What each kind of client reports to its {@link CommandListener}, against real servers: a
 * listener that throws breaks nothing and is logged once; Cluster commands carry the node that
 * served them and its role; Sentinel commands the primary's or a replica's address; a blocking
 * command on a dedicated connection is reported once; a subscriber reports messages delivered and,
 * under a dropping policy, dropped.
 */
@ExtendWith({RedisClusterExtension.class, RedisSentinelExtension.class, LeakCheckExtension.class})
class CommandListenerTest {

    /** Records what it is told. */
    static final class Recording implements CommandListener {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<CommandFinished> finished = new CopyOnWriteArrayList<>();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final Set<String> pubSubNodes = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void started(String command, String node) {
            started.add(command + "@" + node);
        }

        @Override
        public void finished(CommandFinished event) {
            finished.add(event);
        }

        @Override
        public void messageDelivered(String node) {
            pubSubNodes.add(node);
            delivered.incrementAndGet();
        }

        @Override
        public void messagesDropped(String node, long count) {
            pubSubNodes.add(node);
            dropped.addAndGet(count);
        }

        List<CommandFinished> of(String command) {
            return finished.stream().filter(e -> e.command().equals(command)).toList();
        }
    }

    private static RedisOptions.Builder options(RedisServer server, CommandListener listener) {
        return RedisOptions.builder().uri(server.uri()).syncConnect(true).commandListener(listener)
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50)));
    }

    @Test
    void aListenerThatThrowsIsLoggedOnceAndBreaksNeitherCommandsNorTheConnection() {
        AtomicInteger calls = new AtomicInteger();
        CommandListener throwing = new CommandListener() {
            @Override
            public void started(String command, String node) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug (started)");
            }

            @Override
            public void finished(CommandFinished event) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug (finished)");
            }
        };
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (RedisServer server = RedisServer.builder().start();
             RedisClient client = RedisClient.connect(options(server, throwing).build())) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                for (int i = 0; i < 10; i++) {
                    client.set("k" + i, "v" + i);
                    assertEquals("v" + i, client.get("k" + i));
                }
                List<Object> replies = client.pipeline(List.of(Command.of("SET", "a", "1"), Command.of("SET", "b", "2")));
                assertEquals(2, replies.size());
                assertTrue(replies.stream().noneMatch(r -> r instanceof RedisError), replies.toString());
                assertEquals("v3", RedisTestSupport.join(client.async().get("k3")));
            } finally {
                System.setErr(original);
            }
            assertEquals(ConnectionState.CONNECTED, client.state());
            // started and finished for each of 20 commands, 2 in a pipeline and 1 async (finished maybe after join)
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2 * (20 + 2 + 1));
            String log = captured.toString(StandardCharsets.UTF_8);
            assertEquals(1, log.split("the command listener", -1).length - 1, log);
        }
    }

    @Test
    void aBlockingCommandOnADedicatedConnectionIsReportedOnceWithItsNode() {
        Recording seen = new Recording();
        try (RedisServer server = RedisServer.builder().start();
             RedisClient client = RedisClient.connect(options(server, seen).build())) {
            assertNull(client.blpop(Duration.ofMillis(100), "cl:empty"));
            String node = "127.0.0.1:" + server.port();
            assertEquals(List.of("BLPOP@" + node), seen.started.stream().filter(s -> s.startsWith("BLPOP")).toList());
            List<CommandFinished> blpops = seen.of("BLPOP");
            assertEquals(1, blpops.size(), blpops.toString());
            assertEquals(node, blpops.get(0).node());
            assertEquals("primary", blpops.get(0).role());
            assertEquals(CommandFinished.Outcome.OK, blpops.get(0).outcome());
            assertTrue(blpops.get(0).latency().toMillis() >= 100, "it waited for the server's timeout");
        }
    }

    @Test
    void clusterCommandsCarryTheNodeThatServedThemAndItsRole(RedisCluster cluster) {
        Recording seen = new Recording();
        RedisClusterOptions options = RedisClusterOptions.builder().seeds(cluster.seedUris())
                .readFrom(ReadFrom.REPLICA_PREFERRED)
                .nodeOptions(RedisOptions.builder().commandTimeout(Duration.ofSeconds(5)).commandListener(seen)
                        .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50))).build()).build();
        Set<String> primaries = cluster.primaries().stream().map(p -> "127.0.0.1:" + p.port()).collect(Collectors.toSet());
        try (RedisClusterClient redis = RedisClusterClient.connect(options)) {
            List<String> keys = List.of("listener:a", "listener:b", "listener:c", "listener:d", "listener:e");
            for (String key : keys) {
                redis.set(key, "v");
            }
            List<CommandFinished> sets = seen.of("SET");
            assertEquals(keys.size(), sets.size());
            for (int i = 0; i < keys.size(); i++) {
                assertEquals("127.0.0.1:" + cluster.nodeForSlot(cluster.slotOf(keys.get(i))).port(), sets.get(i).node());
                assertEquals("primary", sets.get(i).role());
            }
            // replica connections come up in the background; reads go to a replica once one is there
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                redis.get("listener:a");
                return seen.of("GET").stream().anyMatch(e -> e.role().equals("replica"));
            });
            for (CommandFinished e : seen.finished) {
                assertEquals(primaries.contains(e.node()) ? "primary" : "replica", e.role(), e.toString());
            }
        }
    }

    @Test
    void sentinelCommandsCarryThePrimaryOrAReplica(RedisSentinel sentinel) {
        Recording seen = new Recording();
        SentinelOptions.Builder reads = SentinelOptions.builder(sentinel.serviceName()).readFrom(ReadFrom.REPLICA_PREFERRED);
        sentinel.sentinelPorts().forEach(port -> reads.sentinel("127.0.0.1:" + port));
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().sentinel(reads.build()).syncConnect(true)
                .commandTimeout(Duration.ofSeconds(5)).commandListener(seen).build())) {
            redis.set("listener:sentinel", "v");
            CommandFinished set = seen.of("SET").get(0);
            assertEquals("127.0.0.1:" + sentinel.primary().port(), set.node());
            assertEquals("primary", set.role());
            Set<String> replicas = sentinel.replicas().stream().map(r -> "127.0.0.1:" + r.port()).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                redis.get("listener:sentinel");
                return seen.of("GET").stream().anyMatch(e -> e.role().equals("replica"));
            });
            for (CommandFinished get : seen.of("GET")) {
                assertEquals(replicas.contains(get.node()) ? "replica" : "primary", get.role(), get.toString());
            }
        }
    }

    @Test
    void aSubscriberReportsMessagesDeliveredAndDropped() throws Exception {
        Recording seen = new Recording();
        CountDownLatch release = new CountDownLatch(1);
        try (RedisServer server = RedisServer.builder().start();
             RedisClient client = RedisClient.connect(options(server, new Recording()).build());
             RedisSubscriber subscriber = RedisSubscriber.connect(options(server, seen).build(),
                     DeliveryPolicy.dropAndCount(1))) {
            subscriber.subscribe(List.of("cl:news"), message -> {
                try {
                    release.await(10, TimeUnit.SECONDS); // the first message holds the delivery thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 20; i++) {
                assertEquals(1L, client.publish("cl:news", "m" + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.dropped.get() > 0);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.delivered.get() + seen.dropped.get() == 20);
            assertEquals(subscriber.droppedMessages(), seen.dropped.get());
            assertEquals(Set.of("127.0.0.1:" + server.port()), seen.pubSubNodes);
            assertEquals(1, seen.of("SUBSCRIBE").size());
        }
    }
}
