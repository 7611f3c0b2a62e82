package dev.tether.redis;

import static dev.tether.redis.ClusterTestSupport.keyInSlot;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespValue;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final Command<RespValue> WAIT = Command.of("WAIT", "1", "1000");
    private static final int SLOT = 2222;
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

    /** One load thread's bookkeeping. */
    private static final class Worker {
        final String counter;
        final String list;
        final AtomicLong acked = new AtomicLong();
        final AtomicLong inDoubt = new AtomicLong();
        final Set<String> ackedIds = ConcurrentHashMap.newKeySet();
        final Set<String> neverSentIds = ConcurrentHashMap.newKeySet();
        final Set<String> inDoubtIds = ConcurrentHashMap.newKeySet();
        final AtomicLong closed = new AtomicLong();
        final AtomicLong stopped = new AtomicLong();
        /** Under WAIT: the increments and ids a replica acknowledged too. */
        final AtomicLong durable = new AtomicLong();
        final Set<String> durableIds = ConcurrentHashMap.newKeySet();

        Worker(String counter, String list) {
            this.counter = counter;
            this.list = list;
        }
    }

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
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String prefix = t % 2 == 0 ? keyInSlot(SLOT, "") : "{fo-" + t + "}";
            workers.add(new Worker(prefix + "counter:" + t, prefix + "ids:" + t));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong faultAt = new AtomicLong();
        AtomicLong firstSuccessAfter = new AtomicLong();
        try (RedisClusterClient redis = RedisClusterClient.connect(ClusterTestSupport.options(cluster, 3)
                .maxRedirects(10).build())) {
            for (Worker w : workers) {
                redis.del(w.counter, w.list);
            }
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Worker w = workers.get(t);
                boolean onVictim = t % 2 == 0;
                threads.add(Thread.ofPlatform().name("failover-load-" + t).start(() -> {
                    long seq = 0;
                    while (!stop.get()) {
                        String id = w.list + "#" + seq++;
                        long began = System.currentTimeMillis();
                        long faultTime = faultAt.get();
                        // Only a pair begun after the fault counts: one answered just before the kill
                        // took effect says nothing about the failover.
                        boolean ok = wait
                                ? outcome(w, () -> waited(redis, Command.of("INCR", w.counter), w, null), null)
                                        & outcome(w, () -> waited(redis, Command.of("RPUSH", w.list, id), w, id), id)
                                : outcome(w, () -> redis.incr(w.counter), null) & outcome(w, () -> redis.rpush(w.list, id), id);
                        if (ok && onVictim && faultTime != 0 && began >= faultTime) {
                            firstSuccessAfter.compareAndSet(0, System.currentTimeMillis());
                        }
                    }
                }));
            }
            String channel = keyInSlot(SLOT, "failover-news");
            ClusterShardPubSubTest.Recorder recorder = new ClusterShardPubSubTest.Recorder();
            Subscription shard = redis.ssubscribe(List.of(channel), recorder);
            await().atMost(Duration.ofSeconds(20)).until(() -> workers.stream().allMatch(w -> w.acked.get() > 20));
            fault.run(); // kill() returns once the process is gone
            faultAt.set(System.currentTimeMillis());
            if (afterPromotion != null) {
                await().atMost(Duration.ofSeconds(45)).until(() -> cluster.nodeForSlot(SLOT).port() != before.port());
                afterPromotion.run();
            }
            await().atMost(Duration.ofSeconds(45)).until(() -> firstSuccessAfter.get() != 0
                    && cluster.nodeForSlot(SLOT).port() != before.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.count(PubSubNotice.Resubscribed.class) >= 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                ClusterShardPubSubTest.spublish(redis, channel, "after the failover");
                return recorder.messages().contains(channel + "=after the failover");
            });
            shard.close();
            long settled = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() - settled > 1_000);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            RedisServer after = cluster.nodeForSlot(SLOT);
            assertTrue(after.port() != before.port(), "the slot has a new primary");
            long promotedAt = promotion(after);
            long loss = 0;
            long acked = 0;
            long inDoubt = 0;
            long closed = 0;
            long stopped = 0;
            long durable = 0;
            long durableLoss = 0;
            for (Worker w : workers) {
                String value = redis.get(w.counter);
                long counter = value == null ? 0 : Long.parseLong(value);
                assertTrue(counter <= w.acked.get() + w.inDoubt.get(), w.counter + " = " + counter + " but only "
                        + w.acked.get() + " acknowledged and " + w.inDoubt.get() + " in doubt: a command ran twice");
                loss += Math.max(0, w.acked.get() - counter);
                List<String> ids = redis.lrange(w.list, 0, -1);
                assertEquals(ids.size(), new HashSet<>(ids).size(), "an id pushed twice in " + w.list);
                for (String id : ids) {
                    assertTrue(!w.neverSentIds.contains(id), id + " failed as never sent (CLOSED) but is in the list");
                    assertTrue(w.ackedIds.contains(id) || w.inDoubtIds.contains(id), id + " was never pushed");
                }
                for (String id : w.ackedIds) {
                    if (!ids.contains(id)) {
                        loss++;
                    }
                }
                durableLoss += Math.max(0, w.durable.get() - counter);
                for (String id : w.durableIds) {
                    if (!ids.contains(id)) {
                        durableLoss++;
                    }
                }
                acked += w.acked.get();
                inDoubt += w.inDoubt.get();
                closed += w.closed.get();
                stopped += w.stopped.get();
                durable += w.durable.get();
            }
            assertEquals(0, stopped, "no command failed with STOPPED: a node's connection is retired, not cut");
            return "faultToFirstSuccessMs=" + (firstSuccessAfter.get() - faultAt.get())
                    + " promotionToFirstSuccessMs=" + (promotedAt > 0 ? firstSuccessAfter.get() - promotedAt : -1)
                    + " acked=" + acked + " inDoubt=" + inDoubt + " neverSent=" + closed + " replicationLoss=" + loss
                    + (wait ? " durable=" + durable + " durableLoss=" + durableLoss : "")
                    + " duplicates=0 cluster-node-timeout=" + cluster.nodeTimeout().toMillis() + "ms";
        }
    }

    /**
     * {@code write} then WAIT 1 1000 in one pipeline (the WAIT goes to the node that took the
     * write); counted durable if a replica acknowledged. Throws as the plain write would.
     */
    private static Object waited(RedisClusterClient redis, Command<RespValue> write, Worker w, String id) {
        List<Object> replies = redis.pipeline(List.of(write, WAIT));
        if (replies.get(0) instanceof RedisError e) {
            throw new RedisErrorException(e);
        }
        if (replies.get(1) instanceof RespInteger replicas && replicas.value() >= 1) {
            if (id == null) {
                w.durable.incrementAndGet();
            } else {
                w.durableIds.add(id);
            }
        }
        return replies.get(0);
    }

    /** Runs one write; true if acknowledged. Counts the outcome: acknowledged, in doubt, or never sent. */
    private static boolean outcome(Worker w, Runnable write, String id) {
        try {
            write.run();
            if (id == null) {
                w.acked.incrementAndGet();
            } else {
                w.ackedIds.add(id);
            }
            return true;
        } catch (RedisConnectionException e) {
            if (e.reason() == RedisConnectionException.Reason.STOPPED) {
                w.stopped.incrementAndGet();
            }
            if (e.reason() == RedisConnectionException.Reason.CLOSED || e.reason() == RedisConnectionException.Reason.OVERLOADED) {
                if (id != null) {
                    w.neverSentIds.add(id);
                }
                w.closed.incrementAndGet();
            } else if (id == null) {
                w.inDoubt.incrementAndGet();
            } else {
                w.inDoubtIds.add(id);
            }
        } catch (RedisErrorException e) {
            // CLUSTERDOWN, a redirect given up on: the server refused it, it did not run
            if (id != null) {
                w.neverSentIds.add(id);
            }
        }
        return false;
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
