package dev.tether.redis.reliability;

import static dev.tether.redis.reliability.Reliability.COMMAND_TIMEOUT;
import static dev.tether.redis.reliability.Reliability.COMPLETION_BOUND;
import static dev.tether.redis.reliability.Reliability.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.reliability.Reliability.Events;
import dev.tether.redis.reliability.Reliability.Tally;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: a half-open connection (a SIGSTOPped server; a proxy that swallows every byte
 * while keeping both TCP connections open) is detected by the health check within the command
 * deadline plus one second while commands are outstanding, measured on the client's own clock
 * (the time stamp of the Disconnected lifecycle event, whose info is the health check's), and
 * the client recovers once the path heals.
 */
@ExtendWith(LeakCheckExtension.class)
class HalfOpenDetectionTest extends FreshServerTest {

    private static final int OUTSTANDING = 16;
    private static final long DETECTION_BOUND_NANOS = COMMAND_TIMEOUT.plusSeconds(1).toNanos();


    private static int rounds() {
        return Reliability.soak() ? 20 : 3;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigstopIsDetectedWithinTheDeadlinePlusOneSecond() throws Exception {
        Events events = new Events();
        try (RedisClient redis = RedisClient.connect(Reliability.options(server.port(), events).syncConnect(true).build())) {
            run("halfopen-sigstop", redis, events, server::pause, server::resume);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void blackholeIsDetectedWithinTheDeadlinePlusOneSecond() throws Exception {
        Events events = new Events();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(Reliability.options(proxy.port(), events).syncConnect(true).build())) {
            run("halfopen-blackhole", redis, events, proxy::blackhole, proxy::pass);
        }
    }

    /**
     * A server whose replies trickle in a byte at a time, faster than the health-check interval:
     * bytes keep arriving, yet no reply completes within its deadline. That is a stall too.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aTrickleOfBytesIsDetectedWithinTheDeadlinePlusOneSecond() throws Exception {
        Events events = new Events();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(Reliability.options(proxy.port(), events).syncConnect(true).build())) {
            for (int i = 0; i < OUTSTANDING; i++) {
                redis.set("rel:halfopen:" + i, "x".repeat(4096)); // replies long enough never to finish in time
            }
            run("halfopen-trickle", redis, events,
                    () -> proxy.slowDrip(1, Reliability.HEALTH_CHECK.dividedBy(4), dev.tether.testkit.chaos.Direction.DOWNSTREAM),
                    proxy::pass);
        }
    }

    private void run(String scenario, RedisClient redis, Events events, Runnable inject, Runnable heal)
            throws InterruptedException {
        int rounds = rounds();
        List<Long> detectionMs = new ArrayList<>();
        List<Long> recoveryMs = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        Tally failed = new Tally();
        long issued = 0;
        long maxCompletionMs = 0;
        for (int r = 0; r < rounds; r++) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> Reliability.pings(redis));
            long faultAt = System.nanoTime();
            inject.run();
            List<CompletableFuture<String>> outstanding = new ArrayList<>();
            List<Long> issuedAt = new ArrayList<>();
            for (int i = 0; i < OUTSTANDING; i++) {
                issuedAt.add(System.nanoTime());
                outstanding.add(redis.async().get("rel:halfopen:" + i));
                issued++;
            }
            Awaitility.await().atMost(Duration.ofNanos(DETECTION_BOUND_NANOS).plusSeconds(2))
                    .pollInterval(Duration.ofMillis(5)).until(() -> !events.disconnectsSince(faultAt).isEmpty());
            Events.Entry first = events.disconnectsSince(faultAt).get(0);
            Object info = ((ConnectionEvent.Disconnected) first.event()).info();
            causes.add(info instanceof Throwable t ? t.getClass().getSimpleName() : String.valueOf(info));
            // The health check is the pipe's stall check: its disconnect carries a StallException.
            assertTrue(info instanceof dev.tether.core.pipe.StallException t
                            && String.valueOf(t.getMessage()).contains("no reply"),
                    () -> scenario + ": the disconnect should be the health check's, got " + info);
            long detection = first.nanos() - faultAt;
            detectionMs.add(ms(detection));
            assertTrue(detection <= DETECTION_BOUND_NANOS, () -> scenario + ": detected after " + ms(detection)
                    + " ms, bound " + ms(DETECTION_BOUND_NANOS) + " ms (deadline + 1 s)");

            // every outstanding command failed in time with a reason that says "may or may not have run"
            for (int i = 0; i < OUTSTANDING; i++) {
                long left = issuedAt.get(i) + COMPLETION_BOUND.toNanos() - System.nanoTime();
                try {
                    Object v = outstanding.get(i).get(Math.max(1, left), TimeUnit.NANOSECONDS);
                    throw new AssertionError(scenario + ": a reply crossed the fault: " + v);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RedisConnectionException rce)) {
                        throw new AssertionError(scenario + ": unexpected failure " + e.getCause(), e.getCause());
                    }
                    failed.add(rce.reason());
                    assertTrue(rce.reason() == Reason.TIMEOUT || rce.reason() == Reason.HEALTH_CHECK,
                            () -> scenario + ": expected TIMEOUT or HEALTH_CHECK, got " + rce);
                } catch (TimeoutException e) {
                    throw new AssertionError(scenario + ": a command was still pending " + COMPLETION_BOUND.toMillis()
                            + " ms after it was issued");
                }
                maxCompletionMs = Math.max(maxCompletionMs, ms(System.nanoTime() - issuedAt.get(i)));
            }

            long healAt = System.nanoTime();
            heal.run();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> Reliability.pings(redis));
            recoveryMs.add(ms(System.nanoTime() - healAt));
        }
        assertEquals(ConnectionState.CONNECTED, redis.state());
        assertEquals("PONG", redis.ping());
        long maxDetection = detectionMs.stream().mapToLong(Long::longValue).max().orElse(-1);
        System.out.printf("reliability scenario=%s faults=%d outstandingPerFault=%d issued=%d ok=0 failed=%s lost=0"
                        + " detectionMs=%s maxDetectionMs=%d boundMs=%d commandTimeoutMs=%d healthCheckMs=%d"
                        + " disconnectInfo=%s lastFailureAfterIssueMaxMs=%d recoveryAfterHealMs=%s%n",
                scenario, rounds, OUTSTANDING, issued, failed, detectionMs, maxDetection, ms(DETECTION_BOUND_NANOS),
                COMMAND_TIMEOUT.toMillis(), Reliability.HEALTH_CHECK.toMillis(), causes.get(0), maxCompletionMs,
                recoveryMs);
    }
}
