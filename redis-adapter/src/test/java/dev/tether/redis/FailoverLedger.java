package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The load and the accounting of a failover test, for any client (single node over Sentinel, or
 * a cluster): each thread INCRs a counter of its own and RPUSHes unique ids, and every outcome is
 * booked as acknowledged, in doubt (DISCONNECTED, TIMEOUT: may have run) or never sent (CLOSED,
 * OVERLOADED, a refusal: must not have run). {@link #account} then fails on a counter above its
 * acknowledged plus in-doubt increments, an id twice, an id that failed as never sent, a STOPPED
 * failure, or (with WAIT) a write a replica acknowledged that is gone; acknowledged writes that
 * did not survive are reported as replication loss. Only a pair of writes begun after
 * {@link #faultNow()} counts as the first success after the fault.
 */
final class FailoverLedger {

    private static final Command<RespValue> WAIT = Command.of("WAIT", "1", "1000");

    /** One load thread's keys and books. */
    static final class Worker {
        final String counter;
        final String list;
        final boolean watched;
        final AtomicLong acked = new AtomicLong();
        final AtomicLong inDoubt = new AtomicLong();
        final Set<String> ackedIds = ConcurrentHashMap.newKeySet();
        final Set<String> neverSentIds = ConcurrentHashMap.newKeySet();
        final Set<String> inDoubtIds = ConcurrentHashMap.newKeySet();
        final AtomicLong closed = new AtomicLong();
        final AtomicLong stopped = new AtomicLong();
        final AtomicLong durable = new AtomicLong();
        final Set<String> durableIds = ConcurrentHashMap.newKeySet();

        Worker(String counter, String list, boolean watched) {
            this.counter = counter;
            this.list = list;
            this.watched = watched;
        }
    }

    private final List<Worker> workers;
    private final boolean wait;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong faultAt = new AtomicLong();
    private final AtomicLong firstSuccessAfter = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    /** With {@code wait}, every write is followed by WAIT 1 1000 in one pipeline, and durable writes are booked. */
    FailoverLedger(List<Worker> workers, boolean wait) {
        this.workers = List.copyOf(workers);
        this.wait = wait;
    }

    /** Clears the workers' keys and starts one platform thread per worker. */
    void start(RedisCommands redis, Function<List<Command<?>>, List<Object>> pipeline) {
        for (Worker w : workers) {
            redis.del(w.counter, w.list);
        }
        for (Worker w : workers) {
            threads.add(Thread.ofPlatform().name("failover-load-" + threads.size()).start(() -> {
                long seq = 0;
                while (!stop.get()) {
                    String id = w.list + "#" + seq++;
                    long began = System.currentTimeMillis();
                    long faultTime = faultAt.get();
                    boolean ok = wait
                            ? outcome(w, () -> waited(pipeline, Command.of("INCR", w.counter), w, null), null)
                                    & outcome(w, () -> waited(pipeline, Command.of("RPUSH", w.list, id), w, id), id)
                            : outcome(w, () -> redis.incr(w.counter), null) & outcome(w, () -> redis.rpush(w.list, id), id);
                    if (ok && w.watched && faultTime != 0 && began >= faultTime) {
                        firstSuccessAfter.compareAndSet(0, System.currentTimeMillis());
                    }
                }
            }));
        }
    }

    /** Whether every worker has at least {@code n} acknowledged increments. */
    boolean everyWorkerAcked(long n) {
        return workers.stream().allMatch(w -> w.acked.get() >= n);
    }

    /** The fault just happened: from now on, a success counts. */
    void faultNow() {
        faultAt.set(System.currentTimeMillis());
    }

    long faultAt() {
        return faultAt.get();
    }

    /** When the first pair of writes begun after the fault succeeded on a watched worker; 0 if none yet. */
    long firstSuccessAfter() {
        return firstSuccessAfter.get();
    }

    /** Stops the load, reads back what the server holds through {@code redis}, asserts, and reports. */
    String account(RedisCommands redis) throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
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
            durableLoss += Math.max(0, w.durable.get() - counter);
            List<String> ids = redis.lrange(w.list, 0, -1);
            assertEquals(ids.size(), new HashSet<>(ids).size(), "an id pushed twice in " + w.list);
            Set<String> present = new HashSet<>(ids);
            for (String id : ids) {
                assertTrue(!w.neverSentIds.contains(id), id + " failed as never sent (CLOSED) but is in the list");
                assertTrue(w.ackedIds.contains(id) || w.inDoubtIds.contains(id), id + " was never pushed");
            }
            loss += w.ackedIds.stream().filter(id -> !present.contains(id)).count();
            durableLoss += w.durableIds.stream().filter(id -> !present.contains(id)).count();
            acked += w.acked.get();
            inDoubt += w.inDoubt.get();
            closed += w.closed.get();
            stopped += w.stopped.get();
            durable += w.durable.get();
        }
        assertEquals(0, stopped, "no command failed with STOPPED, which cannot say whether it was sent");
        if (wait) {
            assertEquals(0, durableLoss, "a write a replica acknowledged (WAIT) was lost");
        }
        return "acked=" + acked + " inDoubt=" + inDoubt + " neverSent=" + closed + " replicationLoss=" + loss
                + (wait ? " durable=" + durable + " durableLoss=" + durableLoss : "") + " duplicates=0";
    }

    /** {@code write} then WAIT 1 1000 in one pipeline; booked durable if a replica acknowledged. */
    private static Object waited(Function<List<Command<?>>, List<Object>> pipeline, Command<RespValue> write, Worker w,
                                 String id) {
        List<Object> replies = pipeline.apply(List.of(write, WAIT));
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

    /** Runs one write; true if acknowledged. Books the outcome. */
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
            // CLUSTERDOWN, READONLY, a redirect given up on: the server refused it, it did not run
            if (id != null) {
                w.neverSentIds.add(id);
            }
        }
        return false;
    }
}
