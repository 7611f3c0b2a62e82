package dev.tether.redis.reliability;

import static dev.tether.redis.reliability.Reliability.COMPLETION_BOUND;
import static dev.tether.redis.reliability.Reliability.mib;
import static dev.tether.redis.reliability.Reliability.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.reliability.Reliability.Events;
import dev.tether.redis.reliability.Reliability.Histogram;
import dev.tether.redis.reliability.Reliability.Tally;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: the server is down for a long time (8 s by default, 60 s with
 * {@code -Dtether.soak=true}) while 64 callers keep issuing commands as fast as they can, half
 * through the blocking API and half through futures. Callers fail fast with CLOSED instead of
 * piling up, and the heap stays flat (used heap after GC sampled before, in the middle and at the
 * end of the outage). After the restart commands succeed again.
 */
@ExtendWith(LeakCheckExtension.class)
class LongOutageTest extends FreshServerTest {

    private static final int CALLERS = 64;
    private static final long MAX_HEAP_GROWTH = 32L * 1024 * 1024;
    private static final long MAX_MEDIAN_FAILURE_MICROS = 50_000;
    /** How long a count may take to reach its target: ample under load, still bounded. */
    private static final Duration COUNT_DEADLINE = Duration.ofSeconds(60);


    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aLongOutageAtFullOfferedLoadFailsFastWithFlatHeap() throws Exception {
        Duration outage = Reliability.soak() ? Duration.ofSeconds(60) : Duration.ofSeconds(8);
        Duration half = outage.dividedBy(2);
        Events events = new Events(false); // counts only: retained events would be heap growth of our own
        // phase 0: up, 1: outage, 2: after the restart
        AtomicLong phase = new AtomicLong();
        Tally outageFailures = new Tally();
        Histogram outageLatency = new Histogram();
        LongAdder okAfterRestart = new LongAdder();
        AtomicLong firstOkAfterRestart = new AtomicLong();
        AtomicLong firstOkAfterRestartWallMillis = new AtomicLong();
        long[] issuedInPhase = new long[CALLERS];
        try (RedisClient redis = RedisClient.connect(Reliability.options(server.port(), events).syncConnect(true).build())) {
            Load load = new Load(CALLERS, COMPLETION_BOUND, outage.plusSeconds(60), 500_000_000L, new Load.Op() {
                @Override
                public CompletableFuture<?> issue(int thread, long n) {
                    issuedInPhase[thread] = phase.get();
                    String key = "rel:outage:" + (thread % 16);
                    if (thread % 2 == 1) {
                        return redis.async().incr(key);
                    }
                    try {
                        return CompletableFuture.completedFuture(redis.incr(key)); // the blocking face
                    } catch (RuntimeException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }

                @Override
                public void succeeded(int thread, long n, Object value) {
                    if (issuedInPhase[thread] == 2) {
                        okAfterRestart.increment();
                        if (firstOkAfterRestart.compareAndSet(0, System.nanoTime())) {
                            firstOkAfterRestartWallMillis.set(System.currentTimeMillis());
                        }
                    }
                }

                @Override
                public void failed(int thread, long n, RedisConnectionException e, long tookNanos) {
                    if (issuedInPhase[thread] == 1 && phase.get() == 1) {
                        outageFailures.add(e.reason());
                        outageLatency.record(tookNanos);
                    }
                }
            }).start("outage");
            long heapBefore;
            long heapMid;
            long heapEnd;
            long outageStart;
            long outageEnd;
            long restartedAt;
            long okBeforeOutage;
            long issuedBeforeOutage;
            long issuedAtOutageEnd;
            try {
                reach("successes before the outage", load.ok, 20_000, load);
                heapBefore = Reliability.usedHeapAfterGc();
                okBeforeOutage = load.ok.sum();
                issuedBeforeOutage = load.issued.sum();
                server.kill();
                outageStart = System.nanoTime();
                phase.set(1);
                // The outage lasts a fixed time; what is awaited meanwhile is that no caller ever hangs.
                nothingStuckDuring(half, load);
                heapMid = Reliability.usedHeapAfterGc();
                nothingStuckDuring(half, load);
                heapEnd = Reliability.usedHeapAfterGc();
                issuedAtOutageEnd = load.issued.sum();
                phase.set(2);
                outageEnd = System.nanoTime();
                server.restart();
                restartedAt = System.nanoTime();
                reach("successes after the restart", okAfterRestart, 10_000, load);
            } finally {
                load.stop();
            }
            assertTrue(load.stillRunning().isEmpty(), () -> "callers did not finish: " + load.stillRunning());
            assertTrue(load.awaitSettled(Duration.ofSeconds(5)), () -> "futures never completed: " + load.figures());
            long outageNanos = outageEnd - outageStart;
            long issuedDuringOutage = issuedAtOutageEnd - issuedBeforeOutage;
            long medianMicros = outageLatency.quantileMicros(0.5);
            long growth = Math.max(heapMid, heapEnd) - heapBefore;
            // from the server's own "Ready to accept connections" (ms resolution) to the first reply
            long readyToFirstOk = firstOkAfterRestartWallMillis.get()
                    - server.awaitReadyCount(2, Duration.ofSeconds(5)).get(1).toEpochMilli();
            System.out.printf("reliability scenario=long-outage faults=1 outageMs=%d callers=%d %s"
                            + " okBeforeOutage=%d issuedDuringOutage=%d (%.0f/s) outageFailed=%s outageFailureLatency{%s}"
                            + " heapUsedAfterGcMiB{before=%d,mid=%d,end=%d} heapGrowthMiB=%d maxAllowedMiB=%d"
                            + " restartCallMs=%d readyToFirstOkMs=%d backoffEvents=%d%n",
                    ms(outageNanos), CALLERS, load.figures(), okBeforeOutage, issuedDuringOutage,
                    issuedDuringOutage / (outageNanos / 1e9), outageFailures, outageLatency.describe(), mib(heapBefore),
                    mib(heapMid), mib(heapEnd), mib(growth), mib(MAX_HEAP_GROWTH), ms(restartedAt - outageEnd), readyToFirstOk,
                    events.count(dev.tether.connection.ConnectionEvent.BackingOff.class));

            assertTrue(load.unexpected.isEmpty(), () -> "unexpected outcomes: " + load.unexpected);
            assertEquals(0, load.lost(), load::figures);
            assertEquals(0, load.doubleCompletions.sum());
            assertEquals(0, load.stuck.sum(), () -> "callers piled up past deadline + 1 s: " + load.figures());
            assertTrue(outageFailures.get(Reason.CLOSED) > 0, () -> "no CLOSED during the outage: " + outageFailures);
            assertTrue(outageFailures.get(Reason.CLOSED) >= 0.99 * outageFailures.total(),
                    () -> "during the outage callers should fail with CLOSED: " + outageFailures);
            assertTrue(medianMicros < MAX_MEDIAN_FAILURE_MICROS, () -> "median failure latency " + medianMicros
                    + " µs during the outage; callers should fail fast: " + outageLatency.describe());
            assertTrue(heapMid - heapBefore < MAX_HEAP_GROWTH && heapEnd - heapBefore < MAX_HEAP_GROWTH,
                    () -> "heap grew during the outage: before " + mib(heapBefore) + " MiB, mid " + mib(heapMid)
                            + " MiB, end " + mib(heapEnd) + " MiB");
            assertTrue(okAfterRestart.sum() >= 10_000);
            assertEquals(ConnectionState.CONNECTED, redis.state());
            assertEquals("PONG", redis.ping());
        }
    }

    /**
     * Waits for {@code counter} to reach {@code target}. The deadline is generous (a loaded 2-core
     * machine runs the 64 callers far slower than a quiet one; the count, not the time, is the
     * property); a failure says how far it got and the load's figures.
     */
    private static void reach(String what, LongAdder counter, long target, Load load) {
        try {
            Awaitility.await().atMost(COUNT_DEADLINE).pollInterval(Duration.ofMillis(10))
                    .until(() -> counter.sum() >= target);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": " + counter.sum() + " of " + target + " within " + COUNT_DEADLINE
                    + "; " + load.figures(), e);
        }
    }

    /** No command stuck past its bound and nothing unexpected for all of {@code half}; a failure says the figures. */
    private static void nothingStuckDuring(Duration half, Load load) {
        try {
            Awaitility.await().during(half).atMost(half.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> load.stuck.sum() == 0 && load.unexpected.isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("during the outage a command was stuck past its bound or failed unexpectedly: "
                    + load.figures() + (load.unexpected.isEmpty() ? "" : "; first unexpected: " + load.unexpected.peek()), e);
        }
    }
}
