package dev.tether.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 22, defect 4a: once every client is closed, the shared {@code tether-write-watchdog}
 * daemon parks without a timeout (thread state WAITING, not TIMED_WAITING: no periodic
 * wake-up), and it scans again for the next client.
 *
 * <p>Uses only public API that existed before the fix (2f3a706), where the daemon kept waking
 * every 50 ms forever (TIMED_WAITING in {@code parkNanos}) after the last client was closed.
 * It assumes no other client is open in the JVM at the time, as tests run one class at a time
 * and the leak check fails a test that leaves a connection behind.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class WatchdogParksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Thread watchdog() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tether-write-watchdog")).findFirst().orElse(null);
    }

    private static RedisClient connect(RedisServer server) {
        return RedisClient.connect(RedisOptions.builder().port(server.port()).syncConnect(true).build());
    }

    @Test
    void afterEveryClientIsClosedTheWatchdogParksWithoutATimeoutAndScansForTheNextClient(RedisServer server) {
        Thread scanner;
        try (RedisClient first = connect(server); RedisClient second = connect(server)) {
            assertEquals("PONG", first.ping());
            assertEquals("PONG", second.ping());
            scanner = watchdog();
            assertNotNull(scanner, "a client is open: the watchdog runs");
            // scanning: it sleeps between scans with a timeout
            await().atMost(WAIT).until(() -> scanner.getState() == Thread.State.TIMED_WAITING);
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(Thread.State.WAITING, scanner.getState(),
                "no client is open, so the watchdog should park without a timeout"));

        try (RedisClient again = connect(server)) {
            assertEquals("PONG", again.ping());
            await().atMost(WAIT).until(() -> scanner.getState() == Thread.State.TIMED_WAITING);
            assertEquals(scanner, watchdog(), "one shared daemon, not a new one per client");
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(Thread.State.WAITING, scanner.getState(),
                "closed again: parked again"));
    }
}
