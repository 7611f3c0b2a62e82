package dev.tether.testkit.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Starting, switching under load, and closing without leaks. */
class ChaosProxyLifecycleTest extends ProxyTestSupport {

    @Test
    void startRefusesAnUpstreamThatIsNotOnLoopback() {
        assertThrows(IllegalArgumentException.class,
                () -> ChaosProxy.start(new InetSocketAddress("192.0.2.1", 6379)));
    }

    @Test
    void itListensOnLoopbackAtTheRequestedPort() throws IOException {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        try (ChaosProxy fixed = ChaosProxy.start(echo.address(), free)) {
            assertEquals(free, fixed.port());
            assertEquals(new InetSocketAddress("127.0.0.1", free), fixed.address());
            assertEchoes(connect(fixed), "fixed port");
        }
        assertEquals("127.0.0.1", proxy.address().getAddress().getHostAddress());
        assertEquals(echo.address(), proxy.upstream());
    }

    @Test
    void switchingFaultsWhileTrafficFlowsKeepsTheStreamIntactAndInOrder() throws Exception {
        Socket client = connect();
        byte[] payload = pattern(256 * 1024, 4);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            proxy.slowDrip(1024, Duration.ofMillis(10));
            Future<?> writer = pool.submit(() -> {
                OutputStream out = client.getOutputStream();
                for (int off = 0; off < payload.length; off += 1024) {
                    out.write(payload, off, 1024);
                }
                return null;
            });
            Future<byte[]> reader = pool.submit(() -> readExactly(client, payload.length));

            eventually().until(() -> proxy.bytesForwarded(Direction.DOWNSTREAM) >= 16 * 1024);
            proxy.delay(Duration.ofMillis(50)); // drip and delay at once
            eventually().until(() -> proxy.bytesForwarded(Direction.DOWNSTREAM) >= 32 * 1024);
            proxy.pass().delay(Duration.ofMillis(20), Direction.UPSTREAM)
                    .slowDrip(2048, Duration.ofMillis(5), Direction.DOWNSTREAM);
            eventually().until(() -> proxy.bytesForwarded(Direction.DOWNSTREAM) >= 64 * 1024);
            assertFalse(reader.isDone(), "the switches happened while bytes were still flowing");
            proxy.pass();

            writer.get(20, TimeUnit.SECONDS);
            assertArrayEquals(payload, reader.get(20, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(payload.length, proxy.bytesForwarded(Direction.UPSTREAM));
        assertEquals(payload.length, proxy.bytesForwarded(Direction.DOWNSTREAM));
        assertEquals(0, proxy.bytesDropped(Direction.BOTH));
    }

    @Test
    void closeStopsEveryThreadAndClosesEveryConnectionEvenInTheMiddleOfAFault() throws IOException {
        Socket idle = connect();
        Socket delayed = connect();
        Socket blackholed = connect();
        for (Socket s : List.of(idle, delayed, blackholed)) {
            assertEchoes(s, "hi");
        }
        proxy.delay(Duration.ofSeconds(30), Direction.DOWNSTREAM);
        send(delayed, "in flight");
        eventually().until(() -> echo.bytesReceived() == 3 * 2 + 9);
        proxy.blackhole(Direction.UPSTREAM);
        send(blackholed, "swallowed");
        assertEquals(3, proxy.connections());
        assertEquals(1 + 3 * 4, chaosThreads().size(), "an accept thread and four pumps per connection");

        proxy.close();

        assertTrue(chaosThreads().isEmpty(), "still alive: " + chaosThreads());
        assertEquals(0, proxy.connections());
        for (Socket s : List.of(idle, delayed, blackholed)) {
            Outcome outcome = readOutcome(s);
            assertTrue(outcome == Outcome.EOF || outcome == Outcome.RESET, "closed, got " + outcome);
        }
        try (Socket late = new Socket()) {
            assertThrows(ConnectException.class, () -> late.connect(proxy.address(), 2_000));
        }
    }

    @Test
    void closeReturnsPromptlyWhenEveryPumpIsStuckBehindAClientThatDoesNotRead() throws Exception {
        Socket client = connect();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> flood = pool.submit(() -> {
                byte[] chunk = pattern(64 * 1024, 5);
                OutputStream out = client.getOutputStream();
                for (int i = 0; i < 1024; i++) { // 64 MiB at most: far more than all buffers hold
                    out.write(chunk);
                }
                return null;
            });
            AtomicLong last = new AtomicLong(-1);
            eventually().pollInterval(Duration.ofMillis(250)).until(() -> {
                long now = proxy.bytesForwarded(Direction.BOTH);
                return now > 0 && now == last.getAndSet(now); // no progress: backpressure all the way
            });
            assertFalse(flood.isDone(), "the client's writes are blocked too");

            long start = System.nanoTime();
            proxy.close();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(elapsedMillis < 5_000, "close took " + elapsedMillis + " ms");
            assertTrue(chaosThreads().isEmpty(), "still alive: " + chaosThreads());
            client.close();
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        proxy.close();
        proxy.close();

        assertTrue(chaosThreads().isEmpty());
    }
}
