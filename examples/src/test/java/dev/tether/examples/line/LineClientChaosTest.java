package dev.tether.examples.line;

import dev.tether.core.pipe.PipeException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.core.ConnectionOptions;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.chaos.ChaosProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The line client through a chaos proxy: the network misbehaves, the client recovers by itself. */
@ExtendWith(LeakCheckExtension.class)
class LineClientChaosTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private LineServer server;
    private ChaosProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = LineServer.start(0);
        proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.stop();
    }

    private LineSession connectThroughProxy(Duration callTimeout) {
        ConnectionOptions options = ConnectionOptions.builder()
                .backoffPolicy(BackoffPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(200)))
                .listener(events::add)
                .callTimeout(callTimeout)
                .build();
        return LineClient.start("127.0.0.1", proxy.port(), options);
    }

    private List<ConnectionEvent.Disconnected> disconnects() {
        return events.stream().filter(ConnectionEvent.Disconnected.class::isInstance)
                .map(ConnectionEvent.Disconnected.class::cast).toList();
    }

    @Test
    void aResetConnectionIsReplacedByANewOne() {
        try (LineSession lines = connectThroughProxy(WAIT)) {
            assertEquals("1", lines.send("INCR k"));
            assertTrue(proxy.cutWithReset() >= 1);
            await().atMost(WAIT).ignoreExceptions().until(() -> lines.send("INCR k").equals("2"));
            assertEquals(1, disconnects().size(), "events: " + events);
        }
    }

    @Test
    void aConnectionClosedWithFinIsReplacedByANewOne() {
        try (LineSession lines = connectThroughProxy(WAIT)) {
            assertEquals("PONG", lines.send("PING"));
            assertTrue(proxy.cutWithFin() >= 1);
            await().atMost(WAIT).ignoreExceptions().until(() -> lines.send("ECHO back").equals("back"));
            assertEquals(1, disconnects().size(), "events: " + events);
        }
    }

    @Test
    void aBlackholeTimesCallsOutAndTheClientRecoversAfterPass() {
        try (LineSession lines = connectThroughProxy(Duration.ofMillis(300))) {
            assertEquals("PONG", lines.send("PING"));
            proxy.blackhole();
            LineClientException lost = assertThrows(LineClientException.class, () -> lines.send("ECHO lost"));
            assertEquals(PipeException.Reason.TIMEOUT, lost.reason());

            // The reply is overdue, so the pipe's stall check presumes the link dead and replaces it.
            // Nothing is sent until the blackhole ends: the bytes it swallows are gone for good.
            await().atMost(WAIT).until(() -> disconnects().stream()
                    .anyMatch(d -> d.info() instanceof SocketTimeoutException));
            proxy.pass();
            await().atMost(WAIT).ignoreExceptions().until(() -> lines.send("ECHO back").equals("back"));
            assertEquals("PONG", lines.send("PING"));
        }
    }
}
