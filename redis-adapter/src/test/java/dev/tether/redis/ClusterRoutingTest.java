package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routing against a real 6-node loopback cluster: CRC16 with hash tags equals the server's
 * CLUSTER KEYSLOT, every typed family lands each key on the primary serving its slot, multi-key
 * commands are split per slot and put back in order, pipelines span nodes in the caller's order,
 * whole-cluster reads cover every primary, and cross-slot commands are refused before sending.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterRoutingTest {

    @Test
    void crc16WithHashTagsMatchesClusterKeyslotForTenThousandRandomKeys(RedisCluster cluster) {
        Random random = new Random(42);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            StringBuilder key = new StringBuilder();
            int length = 1 + random.nextInt(24);
            for (int j = 0; j < length; j++) {
                key.append("abc{}xyz:0123456789".charAt(random.nextInt(19)));
            }
            keys.add(key.toString());
        }
        try (RedisClient node = RedisClient.connect(RedisOptions.builder().port(cluster.nodes().get(0).port())
                .syncConnect(true).build())) {
            List<Command<?>> asks = keys.stream().<Command<?>>map(k -> Command.of("CLUSTER", "KEYSLOT", k)).toList();
            List<Object> slots = node.pipeline(asks);
            for (int i = 0; i < keys.size(); i++) {
                assertEquals(((RespInteger) slots.get(i)).value(), ClusterSlots.slot(keys.get(i)), keys.get(i));
            }
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void everyFamilyLandsEachKeyOnThePrimaryServingItsSlot(int protocol, RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, protocol)) {
            String p = "r" + protocol + ":";
            assertTrue(redis.set(p + "string", "v"));
            assertEquals("v", redis.get(p + "string"));
            redis.hset(p + "hash", Map.of("f", "1"));
            assertEquals(Map.of("f", "1"), redis.hgetall(p + "hash"));
            redis.rpush(p + "list", "a", "b");
            assertEquals(List.of("a", "b"), redis.lrange(p + "list", 0, -1));
            redis.sadd(p + "set", "m");
            assertTrue(redis.sismember(p + "set", "m"));
            redis.zadd(p + "zset", Map.of("m", 1.0));
            assertEquals(1.0, redis.zscore(p + "zset", "m"));
            redis.pfadd(p + "hll", "x", "y");
            assertEquals(2, redis.pfcount(p + "hll"));
            redis.setbit(p + "bits", 7, true);
            assertTrue(redis.getbit(p + "bits", 7));
            redis.geoadd(p + "geo", GeoAddOptions.none(), new GeoLocation("palermo", 13.361389, 38.115556));
            assertEquals(1, redis.geopos(p + "geo", "palermo").size());
            String id = redis.xadd(p + "stream", "*", Map.of("f", "v"));
            assertEquals(id, redis.xrange(p + "stream", "-", "+").get(0).id());
            // a key that is not the first argument: LMOVE's destination, in the source's slot
            String src = "{" + p + "lm}src";
            String dst = "{" + p + "lm}dst";
            redis.rpush(src, "x");
            assertEquals("x", redis.lmove(src, dst, ListSide.LEFT, ListSide.RIGHT));
            for (String key : List.of(p + "string", p + "hash", p + "list", p + "set", p + "zset", p + "hll",
                    p + "bits", p + "geo", p + "stream", dst)) {
                int slot = cluster.slotOf(key);
                assertEquals(1L, cluster.nodeForSlot(slot).execute("EXISTS", key), key + " is on the primary of slot " + slot);
            }
            assertEquals("PONG", redis.ping(), "keyless: any primary");
            assertEquals("PONG", RedisTestSupport.join(redis.async().ping()));
            assertEquals("v", RedisTestSupport.join(redis.async().get(p + "string")));
        }
    }

    @Test
    void multiKeyCommandsAcrossSlotsAreSplitAndPutBackInTheCallersOrder(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            Map<String, String> entries = new LinkedHashMap<>();
            IntStream.range(0, 30).forEach(i -> entries.put("split:" + i, "v" + i));
            redis.mset(entries);
            List<String> keys = new ArrayList<>(entries.keySet());
            keys.add(1, "split:missing");
            List<String> expected = new ArrayList<>(entries.values());
            expected.add(1, null);
            assertEquals(expected, redis.mget(keys));
            assertEquals(expected, RedisTestSupport.join(redis.async().mget(keys)));
            assertEquals(30, redis.exists(keys.toArray(String[]::new)));
            assertEquals(15, redis.del(keys.subList(0, 16).toArray(String[]::new)));
            assertEquals(15, redis.unlink(keys.subList(16, 31).toArray(String[]::new)));
            assertEquals(0, redis.exists(keys.toArray(String[]::new)));
        }
    }

    @Test
    void pipelinesSpanNodesAndReplyInTheCallersOrder(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            List<Command<?>> commands = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                commands.add(Commands.set("pipe:" + i, "v" + i));
                commands.add(Commands.get("pipe:" + i));
            }
            commands.add(Commands.ping());
            List<Object> replies = redis.pipeline(commands);
            for (int i = 0; i < 60; i++) {
                assertEquals(true, replies.get(2 * i));
                assertEquals("v" + i, replies.get(2 * i + 1));
            }
            assertEquals("PONG", replies.get(120));
        }
    }

    @Test
    void wholeClusterReadsCoverEveryPrimary(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            redis.flushall();
            for (int i = 0; i < 50; i++) {
                redis.set("all:" + i, "x");
            }
            assertEquals(50, redis.dbsize());
            assertEquals(50, redis.keys("all:*").size());
            List<String> scanned = new ArrayList<>();
            redis.scan("all:*", 10).forEachRemaining(scanned::add);
            assertEquals(50, scanned.size());
            IllegalArgumentException raw = assertThrows(IllegalArgumentException.class, () -> redis.command("DBSIZE"));
            assertTrue(raw.getMessage().contains("dbsize()"), raw.getMessage());
            redis.flushall();
            assertEquals(0, redis.dbsize());
        }
    }

    @Test
    void crossSlotCommandsAndTransactionsAreRefusedBeforeSending(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            assertTrue(ClusterSlots.slot("a") != ClusterSlots.slot("b"));
            IllegalArgumentException rename = assertThrows(IllegalArgumentException.class, () -> redis.rename("a", "b"));
            assertTrue(rename.getMessage().contains("more than one slot") && rename.getMessage().contains("hash tag"),
                    rename.getMessage());
            IllegalArgumentException tx = assertThrows(IllegalArgumentException.class, () -> redis.transaction(
                    List.of(Commands.set("a", "1"), Commands.set("b", "2"))));
            assertTrue(tx.getMessage().contains("one slot"), tx.getMessage());
            assertEquals(List.of(true, "1"), redis.transaction(List.of(Commands.set("{t}a", "1"), Commands.get("{t}a"))));
            RespValue none = redis.execute(Command.of("EXISTS", "a", "b"));
            assertEquals(RespInteger.of(0), none, "EXISTS across slots is split, not refused");
        }
    }

    @Test
    void aBlockingCommandWaitsOnADedicatedConnectionToItsKeysPrimary(RedisCluster cluster) {
        try (RedisClusterClient redis = connect(cluster, 3)) {
            String queue = "{hol}:queue";
            dev.tether.redis.testkit.RedisServer owner = cluster.nodeForSlot(cluster.slotOf(queue));
            java.util.concurrent.CompletableFuture<KeyValue> pop = redis.async().blpop(java.time.Duration.ofSeconds(10), queue);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> blockedOn(owner) == 1);
            for (dev.tether.redis.testkit.RedisServer node : cluster.primaries()) {
                if (node != owner) {
                    assertEquals(0, blockedOn(node), "nothing blocks on a node that does not own the key");
                }
            }
            // The shared connection to the same node is not behind the pop.
            for (int i = 0; i < 50; i++) {
                assertTrue(redis.set("{hol}:k" + i, "v"));
            }
            assertTrue(!pop.isDone());
            redis.rpush(queue, "job");
            assertEquals(new KeyValue(queue, "job"), RedisTestSupport.join(pop));
        }
    }

    private static long blockedOn(dev.tether.redis.testkit.RedisServer node) {
        return ((String) node.execute("CLIENT", "LIST")).lines()
                .filter(l -> l.contains(" cmd=blpop ") && l.contains(" flags=b ")).count();
    }
}
