package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.keyInSlot;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisCluster;
import dev.tether.redis.testkit.RedisClusterExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failover under load, with the accounting: 32 threads INCR their own counter and RPUSH unique ids,
 * half of them on the slots of the primary that fails. After a kill -9 of that primary, and after
 * a CLUSTER FAILOVER on its replica, the client follows the promotion (the map is read every
 * 500 ms while a node is down, from several nodes), and: no counter is above its acknowledged plus
 * in-doubt increments (no command ran twice, and none that was never sent ran), no id is in a
 * list twice, and no never-sent id is there. Acknowledged writes the old primary never passed to
 * its replica are counted as replication loss (Redis replicates asynchronously), not as a
 * client failure; a manual failover loses none. The lag from the promotion (the replica's own log
 * line) to the first success on the moved slots is printed. The variant that sends {@code WAIT 1 1000}
 * after each write (in a pipeline, so it goes to the node that took the write) loses no write the
 * replica acknowledged. A command never fails with STOPPED: the connection of a node that left
 * the map is closed only after its commands' deadlines. A shard-channel subscription on the
 * failed slot follows the promotion: Disconnected, Resubscribed, then messages again.
 */
@ExtendWith({RedisClusterExtension.class, LeakCheckExtension.class})
class ClusterFailoverTest {

    private static final int THREADS = 32;
    private static final int SLOT = 2222;
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

    @Test
    void killNineOfAPrimaryUnderLoadRunsNothingTwice(RedisCluster cluster) throws Exception {
        RedisServer victim = cluster.nodeForSlot(SLOT);
        try {
            String report = underLoad(cluster, victim::kill, null, false);
            System.out.println("cluster-failover kill -9: " + report);
        } finally {
            victim.restart(); // rejoins as a replica of the promoted node, also if the test failed
            cluster.awaitStable(Duration.ofSeconds(60));
        }
    }

    @Test
    void clusterFailoverOnAReplicaUnderLoadLosesNothing(RedisCluster cluster) throws Exception {
        RedisServer replica = ClusterTestSupport.replicaOf(cluster, cluster.nodeForSlot(SLOT));
        String report = underLoad(cluster, () -> replica.execute("CLUSTER", "FAILOVER"), null, false);
        System.out.println("cluster-failover CLUSTER FAILOVER: " + report);
        assertTrue(report.contains(" replicationLoss=0 "), "a manual failover waits for the replica: " + report);
        assertTrue(report.contains(" inDoubt=0 "), "no command was in doubt: the old primary redirects with MOVED: " + report);
        cluster.awaitStable(Duration.ofSeconds(60));
    }

    @Test
    void killNineWithWaitAfterEachWriteLosesNoReplicatedWrite(RedisCluster cluster) throws Exception {
        RedisServer victim = cluster.nodeForSlot(SLOT);
        AtomicBoolean restarted = new AtomicBoolean();
        try {
            // The promoted replica has no replica of its own until the victim is back, and WAIT
            // would time out on it: bring the victim back as soon as the promotion is seen.
            String report = underLoad(cluster, victim::kill, () -> {
                victim.restart();
                restarted.set(true);
            }, true);
            System.out.println("cluster-failover kill -9 with WAIT 1 1000: " + report);
            assertTrue(report.contains(" durableLoss=0 "), "a write the replica acknowledged survives: " + report);
        } finally {
            if (!restarted.get()) {
                victim.restart();
            }
            cluster.awaitStable(Duration.ofSeconds(60));
        }
    }

    /**
     * Runs the load, then {@code fault}; once the slot has a new primary, {@code afterPromotion}
     * (if any); stops a second after the first success begun after the fault. With {@code wait},
     * every write is followed by WAIT 1 1000 and counts as durable when a replica acknowledged it.
     */
    private static String underLoad(RedisCluster cluster, Runnable fault, Runnable afterPromotion, boolean wait)
            throws Exception {
        RedisServer before = cluster.nodeForSlot(SLOT);
        List<FailoverLedger.Worker> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String prefix = t % 2 == 0 ? keyInSlot(SLOT, "") : "{fo-" + t + "}";
            workers.add(new FailoverLedger.Worker(prefix + "counter:" + t, prefix + "ids:" + t, t % 2 == 0));
        }
        FailoverLedger ledger = new FailoverLedger(workers, wait);
        try (RedisClusterClient redis = RedisClusterClient.connect(ClusterTestSupport.options(cluster, 3)
                .maxRedirects(10).build())) {
            ledger.start(redis, redis::pipeline);
            String channel = keyInSlot(SLOT, "failover-news");
            ClusterShardPubSubTest.Recorder recorder = new ClusterShardPubSubTest.Recorder();
            Subscription shard = redis.ssubscribe(List.of(channel), recorder);
            await().atMost(Duration.ofSeconds(20)).until(() -> ledger.everyWorkerAcked(20));
            fault.run(); // kill() returns once the process is gone
            ledger.faultNow();
            if (afterPromotion != null) {
                await().atMost(Duration.ofSeconds(45)).until(() -> cluster.nodeForSlot(SLOT).port() != before.port());
                afterPromotion.run();
            }
            await().atMost(Duration.ofSeconds(45)).until(() -> ledger.firstSuccessAfter() != 0
                    && cluster.nodeForSlot(SLOT).port() != before.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.count(PubSubNotice.Resubscribed.class) >= 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                ClusterShardPubSubTest.spublish(redis, channel, "after the failover");
                return recorder.messages().contains(channel + "=after the failover");
            });
            shard.close();
            long settled = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() - settled > 1_000);
            String accounts = ledger.account(redis);
            RedisServer after = cluster.nodeForSlot(SLOT);
            assertTrue(after.port() != before.port(), "the slot has a new primary");
            long promotedAt = promotion(after);
            return "faultToFirstSuccessMs=" + (ledger.firstSuccessAfter() - ledger.faultAt())
                    + " promotionToFirstSuccessMs=" + (promotedAt > 0 ? ledger.firstSuccessAfter() - promotedAt : -1)
                    + " " + accounts + " cluster-node-timeout=" + cluster.nodeTimeout().toMillis() + "ms";
        }
    }

    /** When {@code node} won its failover election, from its own log; 0 if not found. */
    private static long promotion(RedisServer node) throws Exception {
        long last = 0;
        for (String line : Files.readAllLines(node.logFile())) {
            if (line.contains("Failover election won")) {
                String[] parts = line.split(" ");
                if (parts.length > 5) {
                    try {
                        last = LocalDateTime.parse(String.join(" ", parts[1], parts[2], parts[3], parts[4]), LOG_TIME)
                                .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                    } catch (RuntimeException e) {
                        // a line of another shape: keep looking
                    }
                }
            }
        }
        return last;
    }
}
