package dev.tether.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionListener;
import dev.tether.redis.testkit.PrimarySwitch;
import dev.tether.redis.testkit.RedisSentinel;
import dev.tether.redis.testkit.RedisSentinelExtension;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failover under load through real sentinels (a primary, 2 replicas, 3 sentinels,
 * {@code down-after-milliseconds} and {@code failover-timeout} as the launcher prints them): 16
 * threads INCR a counter each and RPUSH unique ids while the primary is failed over by
 * {@code SENTINEL FAILOVER}, killed with SIGKILL, or frozen with SIGSTOP. The accounting is
 * {@link FailoverLedger}'s: nothing runs twice, nothing that failed as never sent ran, nothing
 * fails STOPPED, and with {@code WAIT 1 1000} after each write no replicated write is lost. The lag
 * is measured from the first sentinel's {@code +switch-master} (its own log line; negative when
 * the client moved on an earlier announcement), and from the leader's {@code +promoted-slave}, to
 * the first reply from the new primary, which a probe thread asks for its port through the same
 * client.
 */
@ExtendWith({RedisSentinelExtension.class, LeakCheckExtension.class})
class SentinelFailoverTest {

    private static final int THREADS = 16;

    @Test
    void sentinelFailoverUnderLoad(RedisSentinel sentinel) throws Exception {
        try {
            List<Object> moves = new CopyOnWriteArrayList<>();
            System.out.println("sentinel-failover SENTINEL FAILOVER: " + underLoad(sentinel, s -> s.failover(), false,
                    event -> {
                        if (event instanceof ConnectionEvent.Disconnected d) {
                            moves.add(d.info());
                        }
                    }));
            // The leader says +failover-state-wait-promotion (REPLICAOF NO ONE sent), then +promoted-slave,
            // then +switch-master, on the same subscription: the client moves on the first.
            assertTrue(!moves.isEmpty() && String.valueOf(moves.get(0)).contains("+failover-state-wait-promotion"),
                    "the client moved when the leader sent REPLICAOF NO ONE; its disconnects: " + moves);
        } finally {
            sentinel.awaitStable(Duration.ofSeconds(30));
        }
    }

    /**
     * A blocking command runs on a dedicated connection to the current primary: after a failover
     * it goes to the new one, never to the old primary the idle dedicated connection was on.
     */
    @Test
    void blockingCommandsFollowThePrimaryAcrossAFailover(RedisSentinel sentinel) {
        try (RedisClient redis = RedisClient.connect(SentinelClientTest.options(sentinel).syncConnect(true).build())) {
            RedisServer before = sentinel.primary();
            assertTrue(dedicatedOn(redis, before), "the dedicated connection is on the primary");
            sentinel.failover();
            RedisServer after = sentinel.awaitPrimaryChange(before.port(), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> dedicatedOn(redis, after));

            CompletableFuture<KeyValue> pop = redis.async().blpop(Duration.ofSeconds(10), "sentinel:jobs");
            await().atMost(Duration.ofSeconds(5)).until(() -> ((String) after.execute("CLIENT", "LIST")).lines()
                    .anyMatch(l -> l.contains(" cmd=blpop ") && l.contains(" flags=b ")));
            redis.rpush("sentinel:jobs", "job");
            assertEquals("job", RedisTestSupport.join(pop).value());
        } finally {
            sentinel.awaitStable(Duration.ofSeconds(30));
        }
    }

    /** Whether a pipeline holding a blocking command (so: on a dedicated connection) runs on {@code node}. */
    private static boolean dedicatedOn(RedisClient redis, RedisServer node) {
        List<Object> replies = redis.pipeline(List.of(Command.of(reply -> reply.toString(), "CONFIG", "GET", "port"),
                Commands.blpop(List.of("sentinel:empty"), Duration.ofMillis(10))));
        return ((String) replies.get(0)).contains(Integer.toString(node.port()));
    }

    @Test
    void killNineOfThePrimaryUnderLoad(RedisSentinel sentinel) throws Exception {
        RedisServer victim = sentinel.primary();
        try {
            System.out.println("sentinel-failover kill -9: " + underLoad(sentinel, s -> victim.kill(), false, event -> { }));
        } finally {
            sentinel.restart(victim); // back as a replica once the sentinels reconfigure it
            sentinel.awaitStable(Duration.ofSeconds(30));
        }
    }

    @Test
    void sigstopOfThePrimaryUnderLoadWithWaitLosesNoReplicatedWrite(RedisSentinel sentinel) throws Exception {
        RedisServer victim = sentinel.primary();
        try {
            System.out.println("sentinel-failover SIGSTOP with WAIT 1 1000: "
                    + underLoad(sentinel, s -> s.pause(victim), true, event -> { }));
        } finally {
            sentinel.resume(victim); // a stale primary for a moment, then the sentinels demote it
            sentinel.awaitStable(Duration.ofSeconds(30));
        }
    }

    private static String underLoad(RedisSentinel sentinel, Consumer<RedisSentinel> fault, boolean wait,
                                    ConnectionListener listener) throws Exception {
        RedisServer before = sentinel.primary();
        List<FailoverLedger.Worker> workers = new ArrayList<>();
        String tag = "{sf-" + System.nanoTime() + "}";
        for (int t = 0; t < THREADS; t++) {
            workers.add(new FailoverLedger.Worker(tag + "counter:" + t, tag + "ids:" + t, true));
        }
        FailoverLedger ledger = new FailoverLedger(workers, wait);
        AtomicBoolean probing = new AtomicBoolean(true);
        AtomicLong onNewPrimary = new AtomicLong();
        try (RedisClient redis = RedisClient.connect(SentinelClientTest.options(sentinel).syncConnect(true)
                .listener(listener).build())) {
            ledger.start(redis, redis::pipeline);
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger.everyWorkerAcked(20));
            Thread probe = Thread.ofPlatform().name("sentinel-probe").start(() -> {
                while (probing.get()) {
                    try {
                        String info = redis.execute(Command.of(Replies.STRING, "INFO", "server"));
                        if (!info.contains("tcp_port:" + before.port() + "\r")) {
                            onNewPrimary.compareAndSet(0, System.currentTimeMillis());
                        }
                    } catch (RedisConnectionException | RedisErrorException e) {
                        // down or moving: ask again
                    }
                }
            });
            fault.accept(sentinel);
            ledger.faultNow();
            RedisServer after = sentinel.awaitPrimaryChange(before.port(), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).until(() -> onNewPrimary.get() != 0 && ledger.firstSuccessAfter() != 0);
            long settled = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() - settled > 1_000);
            probing.set(false);
            probe.join(10_000);
            String accounts = ledger.account(redis);
            PrimarySwitch change = sentinel.switchTo(after.port()).orElse(null);
            assertTrue(change != null, "a sentinel logged +switch-master to " + after.port());
            PrimarySwitch promotion = sentinel.promotionTo(after.port()).orElse(null);
            return "switchToFirstReplyFromNewPrimaryMs=" + (onNewPrimary.get() - change.time().toEpochMilli())
                    + " promotionToFirstReplyFromNewPrimaryMs=" + (promotion == null ? "n/a"
                            : onNewPrimary.get() - promotion.time().toEpochMilli())
                    + " faultToFirstReplyFromNewPrimaryMs=" + (onNewPrimary.get() - ledger.faultAt()) + " " + accounts
                    + " down-after=" + sentinel.downAfter().toMillis() + "ms failover-timeout="
                    + sentinel.failoverTimeout().toMillis() + "ms";
        } finally {
            probing.set(false);
        }
    }
}
