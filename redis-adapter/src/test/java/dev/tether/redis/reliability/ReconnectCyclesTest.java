package dev.tether.redis.reliability;

import static dev.tether.redis.reliability.Reliability.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionState;
import dev.tether.core.LiveResources;
import dev.tether.core.Tether;
import dev.tether.redis.RedisClient;
import dev.tether.redis.reliability.Reliability.Events;
import dev.tether.redis.reliability.Reliability.Histogram;
import dev.tether.testkit.LeakCheck;
import dev.tether.testkit.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 4: many reconnect cycles (the proxy resets the connection, the client reconnects
 * with a fast backoff, a PING proves the new connection works), after which the runtime's own
 * registry ({@link Tether#liveResources()}: loops, readers, sockets) and the socket descriptors
 * of the process are back where they were: nothing leaks per reconnect.
 */
class ReconnectCyclesTest extends FreshServerTest {

    /** 1,000 cycles must fit in 90 s (they take about 10 s on 2 cores); the soak's 10,000 in 15 min. */
    private static final Duration TIME_BOUND = Reliability.soak() ? Duration.ofMinutes(15) : Duration.ofSeconds(90);

    /**
     * This scenario counts leaks, not latency: the PING that proves each new connection works gets
     * 2 s, so that a loaded CI machine (a 400 ms stall was seen at load average 10 on 2 cores)
     * does not fail it. Reconnect times are reported in the summary line.
     */
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);


    private static int cycles() {
        return Integer.getInteger("tether.reliability.reconnectCycles", Reliability.soak() ? 10_000 : 1_000);
    }

    @Test
    @Timeout(value = 1200, unit = TimeUnit.SECONDS)
    void reconnectCyclesLeaveNoLoopReaderOrSocketBehind() throws Exception {
        int cycles = cycles();
        LeakCheck.Baseline baseline = LeakCheck.baseline();
        Events events = new Events();
        Histogram cycleTimes = new Histogram();
        List<Integer> fdSamples = new ArrayList<>();
        LiveResources connectedLive;
        LiveResources endLive;
        int connectedFds;
        int endFds;
        long elapsed;
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(Reliability.options(proxy.port(), events, PING_TIMEOUT)
                     .syncConnect(true).build())) {
            assertEquals("PONG", redis.ping());
            connectedLive = Tether.liveResources();
            connectedFds = LeakCheck.openSocketDescriptors();
            long start = System.nanoTime();
            long hardDeadline = start + TIME_BOUND.toNanos();
            for (int c = 0; c < cycles; c++) {
                assertTrue(System.nanoTime() - hardDeadline < 0, "only " + c + " of " + cycles + " cycles within " + TIME_BOUND);
                long connected = events.connectedCount();
                long cycleStart = System.nanoTime();
                int cut = proxy.cutWithReset();
                assertTrue(cut >= 1, "cycle " + c + ": nothing to cut");
                boolean back = events.awaitConnected(connected + 1, Duration.ofSeconds(5));
                int cycle = c;
                assertTrue(back, () -> "cycle " + cycle + ": no reconnect within 5 s; state " + redis.state());
                long connectedAt = System.nanoTime();
                try {
                    assertEquals("PONG", redis.ping(), "cycle " + c);
                } catch (RuntimeException e) {
                    StringBuilder trace = new StringBuilder();
                    List<Events.Entry> entries = events.entries;
                    for (Events.Entry en : entries.subList(Math.max(0, entries.size() - 8), entries.size())) {
                        trace.append("\n  ").append(ms(en.nanos() - connectedAt)).append(" ms: ").append(en.event());
                    }
                    throw new AssertionError("cycle " + c + ": PING after the reconnect failed " + ms(System.nanoTime()
                            - connectedAt) + " ms after the Connected event was seen; state " + redis.state()
                            + ", proxy connections " + proxy.connections() + ", bytes down "
                            + proxy.bytesForwarded(dev.tether.testkit.chaos.Direction.DOWNSTREAM) + ", last events:" + trace, e);
                }
                cycleTimes.record(System.nanoTime() - cycleStart);
                if (c % (cycles / 10 == 0 ? 1 : cycles / 10) == 0) {
                    fdSamples.add(LeakCheck.openSocketDescriptors());
                }
            }
            elapsed = System.nanoTime() - start;
            // cut connections close asynchronously in the proxy: wait (bounded) for the steady state
            int expectedFds = connectedFds;
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> LeakCheck.openSocketDescriptors() <= expectedFds
                            && Tether.liveResources().total() <= connectedLive.total());
            endLive = Tether.liveResources();
            endFds = LeakCheck.openSocketDescriptors();
            assertEquals(ConnectionState.CONNECTED, redis.state());
            assertEquals(cycles, events.disconnectedCount(), "one disconnect per cut, no spurious ones");
            assertEquals(cycles + 1, events.connectedCount(), "one reconnect per cut");
        }
        String leaks;
        try {
            baseline.assertNoLeaks(Duration.ofSeconds(10));
            leaks = "none";
        } catch (AssertionError e) {
            leaks = e.getMessage();
        }
        System.out.printf("reliability scenario=reconnect-cycles faults=%d cycles=%d elapsedMs=%d boundMs=%d cycleTime{%s}"
                        + " liveAtBaseline=%d liveConnected=%d liveAfterCycles=%d socketFdsAtBaseline=%d"
                        + " socketFdsConnected=%d socketFdsAfterCycles=%d socketFdsSampled=%s socketFdsAfterClose=%d"
                        + " leaksAfterClose=%s%n",
                cycles, cycles, ms(elapsed), TIME_BOUND.toMillis(), cycleTimes.describe(), baseline.live().total(), connectedLive.total(),
                endLive.total(), baseline.socketDescriptors(), connectedFds, endFds, fdSamples,
                LeakCheck.openSocketDescriptors(), leaks);
        assertEquals("none", leaks);
        assertEquals(connectedLive.total(), endLive.total(), () -> "runtime resources grew: " + endLive);
        assertEquals(connectedFds, endFds, "socket descriptors grew over the cycles");
    }
}
