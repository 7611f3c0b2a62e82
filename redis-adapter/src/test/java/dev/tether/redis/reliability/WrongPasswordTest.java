package dev.tether.redis.reliability;

import static dev.tether.redis.reliability.Reliability.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.reliability.Reliability.Events;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7: a wrong password does not loop. A client started without syncConnect (so nobody
 * sees the first failure synchronously) and the fast test backoff stops after one attempt with
 * the server's WRONGPASS, under RESP3 (HELLO 3 AUTH) and RESP2 (AUTH); the server counts at most
 * two connections from it over the following second, so there is no reconnect storm.
 */
@ExtendWith(LeakCheckExtension.class)
class WrongPasswordTest extends FreshServerTest {

    private static final Pattern RECEIVED = Pattern.compile("total_connections_received:(\\d+)");
    private static final Duration WATCH = Duration.ofSeconds(1);

    /** Connections this test made itself to read INFO (each execute opens one). */
    private final AtomicLong ownConnections = new AtomicLong();

    @Override
    protected RedisServer newServer() {
        return RedisServer.builder().password("right-password").start();
    }

    /** total_connections_received minus the connections this test opened to ask. */
    private long receivedFromOthers() {
        ownConnections.incrementAndGet(); // this very INFO is counted by the server
        Matcher m = RECEIVED.matcher(String.valueOf(server.execute("INFO", "stats")));
        assertTrue(m.find(), "no total_connections_received in INFO stats");
        return Long.parseLong(m.group(1)) - ownConnections.get();
    }

    /** "WRONGPASS invalid username-password pair..." out of the stop reason, for the summary line. */
    private static String serverMessage(String why) {
        int at = why.indexOf("WRONGPASS");
        String m = at < 0 ? why : why.substring(at);
        return m.substring(0, Math.min(40, m.length())).replace(' ', '_');
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWrongPasswordStopsTheClientInsteadOfLooping() throws Exception {
        List<String> figures = new ArrayList<>();
        for (int protocol : new int[] {3, 2}) {
            Events events = new Events();
            long before = receivedFromOthers();
            long start = System.nanoTime();
            RedisClient redis = RedisClient.connect(Reliability.options(server.port(), events)
                    .password("wrong-password").protocol(protocol).build());
            try {
                Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(5))
                        .until(() -> redis.state() == ConnectionState.STOPPED);
                long stoppedAfter = System.nanoTime() - start;
                // No reconnect storm: the count stays within 2 for a whole second after the stop.
                Awaitility.await().during(WATCH).atMost(WATCH.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> receivedFromOthers() - before <= 2);
                long attempts = receivedFromOthers() - before;
                List<Events.Entry> stopped = events.matching(e -> e instanceof ConnectionEvent.Stopped, 0);
                assertEquals(1, stopped.size(), () -> "events: " + events.entries);
                String why = ((ConnectionEvent.Stopped) stopped.get(0).event()).reason().describe();
                assertTrue(why.contains("WRONGPASS"), () -> "the stop should carry the server's WRONGPASS: " + why);
                assertEquals(0, events.count(ConnectionEvent.BackingOff.class), () -> "retried: " + events.entries);
                assertEquals(0, events.count(ConnectionEvent.Connected.class), () -> "connected?: " + events.entries);
                RedisConnectionException e = assertThrows(RedisConnectionException.class, redis::ping);
                assertEquals(RedisConnectionException.Reason.HANDSHAKE_REFUSED, e.reason(), e::toString);
                assertTrue(attempts >= 1 && attempts <= 2, "server saw " + attempts + " connections from the client");
                figures.add("resp" + protocol + "{stoppedAfterMs=" + ms(stoppedAfter) + ",serverConnections="
                        + attempts + ",backoffs=" + events.count(ConnectionEvent.BackingOff.class) + ",callAfterStop="
                        + e.reason() + ",stopReason=" + serverMessage(why) + "}");
            } finally {
                redis.close();
            }
        }
        System.out.printf("reliability scenario=wrong-password faults=2 %s watchedMs=%d%n", String.join(" ", figures),
                WATCH.toMillis());
    }
}
