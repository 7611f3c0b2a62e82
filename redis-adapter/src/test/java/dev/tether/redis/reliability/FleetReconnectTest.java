package dev.tether.redis.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.testkit.LeakCheckExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 23, defect 1: a reconnect rate a fleet can live with. With the default options and callers
 * hammering the client, a server that is down (here a listener of the test's own that accepts
 * each connection and closes it at once, so every attempt is counted where it lands) sees at most
 * one connect attempt a second from the client once the outage is 5 s old, however hard the
 * callers push: the early connect obeys the backoff policy's cap instead of pinning the rate.
 */
@ExtendWith(LeakCheckExtension.class)
class FleetReconnectTest {

    private static final Duration SETTLED = Duration.ofSeconds(5);
    private static final Duration MEASURED = Duration.ofSeconds(3);
    private static final int CALLERS = 4;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void attemptsFallToAtMostOneASecondOnceTheOutageIsFiveSecondsOld() throws Exception {
        ConcurrentLinkedQueue<Long> accepts = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (ServerSocket dead = new ServerSocket(0, 128, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().name("dead-server").start(() -> {
                while (!dead.isClosed()) {
                    try (Socket s = dead.accept()) {
                        accepts.add(System.nanoTime());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            long start = System.nanoTime();
            RedisClient redis = RedisClient.connect(RedisOptions.builder()
                    .host("127.0.0.1").port(dead.getLocalPort()).build());
            Thread[] callers = new Thread[CALLERS];
            try {
                for (int i = 0; i < CALLERS; i++) {
                    callers[i] = Thread.ofPlatform().name("hammer-" + i).start(() -> {
                        while (!stop.get()) {
                            try {
                                redis.ping();
                            } catch (RedisConnectionException expected) {
                                // CLOSED or TIMEOUT: the server is down
                            }
                            LockSupport.parkNanos(200_000); // about 5,000 commands a second per caller
                        }
                    });
                }
                long until = start + SETTLED.plus(MEASURED).toNanos();
                Awaitility.await().atMost(SETTLED.plus(MEASURED).plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> System.nanoTime() >= until);
            } finally {
                stop.set(true);
                for (Thread t : callers) {
                    if (t != null) {
                        t.join(10_000);
                    }
                }
                redis.close();
            }
            dead.close();
            acceptor.join(5_000);
            long from = start + SETTLED.toNanos();
            long to = from + MEASURED.toNanos();
            List<Long> all = List.copyOf(accepts);
            long inWindow = all.stream().filter(t -> t >= from && t < to).count();
            long firstSecond = all.stream().filter(t -> t < start + 1_000_000_000L).count();
            System.out.printf("reliability scenario=fleet-reconnect attempts=%d firstSecond=%d"
                    + " secondsFiveToEight=%d%n", all.size(), firstSecond, inWindow);
            // At most one a second over the measured seconds, plus one for an attempt on the window's edge.
            long allowed = MEASURED.toSeconds() + 1;
            assertTrue(all.size() > 0, "the client never tried to connect");
            assertTrue(inWindow <= allowed, "the client made " + inWindow + " connect attempts in seconds "
                    + SETTLED.toSeconds() + "-" + SETTLED.plus(MEASURED).toSeconds()
                    + " of the outage; at most one a second (" + allowed + ") is allowed");
        }
    }
}
