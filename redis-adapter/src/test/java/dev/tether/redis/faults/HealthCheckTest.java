package dev.tether.redis.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.KeyValue;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.tether.testkit.EventRecorder;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.tether.testkit.LeakCheckExtension;

/**
 * The health check (docs/redis-client.md, 'The health check'): a hung server or a half-open path is
 * found within the command deadline plus about a second while requests are outstanding; a long
 * blocking command is not mistaken for one; an idle connection is PINGed.
 */
@ExtendWith(LeakCheckExtension.class)
class HealthCheckTest {


    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(400);
    private static final Duration INTERVAL = Duration.ofMillis(150);
    /**
     * The bound of docs/redis-client.md, 'The health check': command deadline + health-check
     * interval, with a margin of 1.5 s.
     */
    private static final long DETECTION_BOUND_NANOS =
            COMMAND_TIMEOUT.plus(INTERVAL).plus(Duration.ofMillis(1500)).toNanos();

    private RedisServer server;

    @BeforeEach
    void startServer() {
        server = RedisServer.builder().start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.resume(); // a paused server is resumed before it is stopped
            server.close();
        }
    }


    private static RedisOptions.Builder options(int port, EventRecorder events) {
        return RedisOptions.builder().port(port).syncConnect(true)
                .commandTimeout(COMMAND_TIMEOUT).healthCheckInterval(INTERVAL)
                .connectTimeout(Duration.ofMillis(500))
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20)))
                .listener(events);
    }

    private static boolean pings(RedisClient redis) {
        try {
            return "PONG".equals(redis.ping());
        } catch (RedisConnectionException e) {
            return false;
        }
    }

    /** Asserts that the first Disconnected after {@code sinceNanos} is the health check's, in time. */
    private static long assertHealthCheckDisconnect(EventRecorder events, long sinceNanos, String what) {
        Awaitility.await().atMost(Duration.ofNanos(DETECTION_BOUND_NANOS).plusSeconds(2))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> events.recorded(ConnectionEvent.Disconnected.class).stream().anyMatch(e -> e.nanos() >= sinceNanos));
        EventRecorder.Recorded first = events.recorded(ConnectionEvent.Disconnected.class).stream().filter(e -> e.nanos() >= sinceNanos).findFirst().orElseThrow();
        Object info = ((ConnectionEvent.Disconnected) first.event()).info();
        assertTrue(info instanceof Throwable t && t.getMessage() != null && t.getMessage().contains("no reply"),
                () -> what + ": the disconnect should be the health check's ('no reply ...'), got " + info);
        long detection = first.nanos() - sinceNanos;
        assertTrue(detection <= DETECTION_BOUND_NANOS, () -> what + ": detected after " + detection / 1_000_000
                + " ms, bound " + DETECTION_BOUND_NANOS / 1_000_000 + " ms");
        // not before the command timeout either: a slow reply is not a dead connection
        assertTrue(detection >= COMMAND_TIMEOUT.toNanos(), () -> what + ": torn down after only " + detection / 1_000_000 + " ms");
        System.out.printf("%s: health check tore the connection down %d ms after the fault%n", what, detection / 1_000_000);
        return detection;
    }

    @Test
    void aHungServerIsDetectedWithinTheDeadlinePlusTheIntervalAndTheClientRecovers() throws Exception {
        EventRecorder events = new EventRecorder();
        try (RedisClient redis = RedisClient.connect(options(server.port(), events).build())) {
            assertEquals("PONG", redis.ping());
            long paused = System.nanoTime();
            server.pause();
            CompletableFuture<String> outstanding = redis.async().get("hc:key");
            try {
                outstanding.get(5, TimeUnit.SECONDS);
                throw new AssertionError("a paused server answered");
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof RedisConnectionException, () -> String.valueOf(e.getCause()));
            }
            assertHealthCheckDisconnect(events, paused, "SIGSTOP");

            server.resume();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> pings(redis));
            assertTrue(redis.set("hc:after", "ok"));
            assertEquals("ok", redis.get("hc:after"));
        }
    }

    @Test
    void callersStillWaitingWhenTheHealthCheckFiresFailWithHealthCheck() throws Exception {
        EventRecorder events = new EventRecorder();
        try (RedisClient redis = RedisClient.connect(options(server.port(), events).build())) {
            assertEquals("PONG", redis.ping());
            server.pause();
            long first = System.nanoTime();
            CompletableFuture<String> outstanding = redis.async().get("hc:first");
            // when the first times out (caller side), the connection is silent for the command timeout
            // but the health check has not run yet: a command sent now is still on the dead link
            try {
                outstanding.get(5, TimeUnit.SECONDS);
                throw new AssertionError("a paused server answered");
            } catch (ExecutionException e) {
                assertEquals(RedisConnectionException.Reason.TIMEOUT, ((RedisConnectionException) e.getCause()).reason());
            }
            long sent = System.nanoTime();
            boolean downAlready = events.recorded(ConnectionEvent.Disconnected.class).stream().anyMatch(d -> d.nanos() >= first);
            CompletableFuture<String> second = redis.async().get("hc:second");
            RedisConnectionException failure;
            try {
                second.get(5, TimeUnit.SECONDS);
                throw new AssertionError("a paused server answered");
            } catch (ExecutionException e) {
                failure = (RedisConnectionException) e.getCause();
            }
            long tornDown = events.recorded(ConnectionEvent.Disconnected.class).stream().filter(d -> d.nanos() >= first).findFirst().orElseThrow().nanos();
            if (!downAlready && tornDown > sent + 5_000_000) {
                RedisConnectionException f = failure;
                assertEquals(RedisConnectionException.Reason.HEALTH_CHECK, f.reason(), f::toString);
                assertTrue(f.getMessage().contains("no reply"), f::getMessage);
                System.out.printf("a caller waiting on the dead link failed with %s %d ms after it was sent%n",
                        f.reason(), (tornDown - sent) / 1_000_000);
            } else {
                System.out.printf("the health check ran before the second command was sent; it failed with %s%n",
                        failure.reason());
            }
            server.resume();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> pings(redis));
        }
    }

    @Test
    void aBlackholedPathIsDetectedWithinTheDeadlinePlusTheIntervalAndTheClientRecovers() throws Exception {
        EventRecorder events = new EventRecorder();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(options(proxy.port(), events).build())) {
            assertEquals("PONG", redis.ping());
            long holed = System.nanoTime();
            proxy.blackhole();
            CompletableFuture<String> outstanding = redis.async().get("hc:key");
            try {
                outstanding.get(5, TimeUnit.SECONDS);
                throw new AssertionError("a reply crossed a blackhole");
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof RedisConnectionException, () -> String.valueOf(e.getCause()));
            }
            assertHealthCheckDisconnect(events, holed, "blackhole");

            proxy.pass();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> pings(redis));
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void aDeadIdleConnectionIsFoundByItsPing() throws Exception {
        EventRecorder events = new EventRecorder();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(options(proxy.port(), events).build())) {
            assertEquals("PONG", redis.ping());
            long holed = System.nanoTime();
            proxy.blackhole();
            // no command from the caller: the idle PING is what finds the dead path
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> events.recorded(ConnectionEvent.Disconnected.class).stream().anyMatch(e -> e.nanos() >= holed));
            EventRecorder.Recorded first = events.recorded(ConnectionEvent.Disconnected.class).stream().filter(e -> e.nanos() >= holed).findFirst().orElseThrow();
            Object info = ((ConnectionEvent.Disconnected) first.event()).info();
            assertTrue(info instanceof Throwable t && String.valueOf(t.getMessage()).contains("no reply"), () -> String.valueOf(info));
            long detection = first.nanos() - holed;
            // one interval until the PING goes out, then the deadline, then up to one more interval
            long bound = INTERVAL.multipliedBy(2).plus(COMMAND_TIMEOUT).plus(Duration.ofMillis(1500)).toNanos();
            assertTrue(detection <= bound, () -> "idle dead path found after " + detection / 1_000_000 + " ms");
            System.out.printf("idle blackhole: the PING found the dead path after %d ms%n", detection / 1_000_000);
            proxy.pass();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> pings(redis));
        }
    }

    @Test
    void aBlockingCommandLongerThanTheDeadlineIsNotMistakenForADeadConnection() {
        EventRecorder events = new EventRecorder();
        try (RedisClient redis = RedisClient.connect(options(server.port(), events).build())) {
            assertEquals("PONG", redis.ping());
            int disconnectsBefore = events.recorded(ConnectionEvent.Disconnected.class).size();
            long start = System.nanoTime();
            KeyValue popped = redis.blpop(Duration.ofMillis(1500), "hc:empty-list");
            long took = System.nanoTime() - start;
            assertNull(popped);
            assertTrue(took >= Duration.ofMillis(1400).toNanos(), () -> "BLPOP returned after " + took / 1_000_000 + " ms");
            assertEquals(disconnectsBefore, events.recorded(ConnectionEvent.Disconnected.class).size(), () -> "torn down during BLPOP: " + events.all());
            assertEquals(ConnectionState.CONNECTED, redis.state());
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void anIdleConnectionIsPinged() {
        EventRecorder events = new EventRecorder();
        try (RedisClient redis = RedisClient.connect(options(server.port(), events).build())) {
            long before = pingCalls();
            // a few intervals of idleness give a few PINGs
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pingCalls() >= before + 3);
            assertTrue(events.recorded(ConnectionEvent.Disconnected.class).isEmpty(), () -> String.valueOf(events.all()));
            assertEquals(ConnectionState.CONNECTED, redis.state());
        }
    }

    private static final Pattern PING_CALLS = Pattern.compile("cmdstat_ping:calls=(\\d+)");

    private long pingCalls() {
        Matcher m = PING_CALLS.matcher(String.valueOf(server.execute("INFO", "commandstats")));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
