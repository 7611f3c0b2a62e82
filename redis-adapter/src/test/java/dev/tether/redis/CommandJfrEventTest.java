package dev.tether.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link RedisCommandEvent} JFR event against a real server, recorded with a
 * {@link RecordingStream}: its fields at threshold 0, its default 20 ms threshold, and that it
 * is off (and {@link CommandObserver} allocates nothing) unless a recording enables it.
 */
@ExtendWith(LeakCheckExtension.class)
class CommandJfrEventTest {

    private static final String EVENT = "dev.tether.redis.Command";
    // The core's Stopped event, recorded when the client closes: it marks that all commands are in.
    private static final String STOPPED = "dev.tether.core.Stopped";

    private static RedisServer server;
    private String node;

    @BeforeAll
    static void startServer() {
        server = RedisServer.builder().arg("--enable-debug-command", "yes").start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void emptyServer() {
        server.execute("FLUSHALL");
        node = "127.0.0.1:" + server.port();
    }

    @Test
    void atThresholdZeroEveryCommandIsRecordedWithItsFields() {
        Queue<RecordedEvent> recorded = new ConcurrentLinkedQueue<>();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(EVENT).withThreshold(Duration.ZERO);
            rs.onEvent(EVENT, recorded::add);
            rs.startAsync();
            try (RedisClient redis = RedisTestSupport.connect(server, 3)) {
                redis.set("text", "not a number");
                assertEquals("not a number", redis.get("text"));
                assertThrows(RedisErrorException.class, () -> redis.incr("text"));
                List<Object> replies = redis.pipeline(List.of(Commands.get("text"), Commands.incr("text"),
                        Commands.echo("e")));
                assertInstanceOf(RedisError.class, replies.get(1));
                redis.command("DEBUG", "SLEEP", "0.05");
            }
            await("five command events").atMost(Duration.ofSeconds(5)).until(() -> recorded.size() >= 5);
        }

        List<RecordedEvent> events = List.copyOf(recorded);
        assertEquals(List.of("SET", "GET", "INCR", "PIPELINE(3)", "DEBUG"), commands(events));
        for (RecordedEvent e : events) {
            assertEquals(node, e.getString("node"), e.toString());
            assertEquals("primary", e.getString("role"), e.toString());
            assertEquals(List.of("Tether", "Redis"), e.getEventType().getCategoryNames());
            assertNull(e.getStackTrace());
        }
        assertEquals("OK", events.get(1).getString("outcome"));
        assertEquals("SERVER_ERROR", events.get(2).getString("outcome"));
        assertEquals("SERVER_ERROR", events.get(3).getString("outcome"), "a pipeline with a refused command");
        RecordedEvent sleep = events.get(4);
        assertEquals("OK", sleep.getString("outcome"));
        assertTrue(sleep.getDuration().compareTo(Duration.ofMillis(50)) >= 0, "DEBUG SLEEP 0.05 took "
                + sleep.getDuration());
    }

    @Test
    void atTheDefaultThresholdOnlySlowCommandsAreRecorded() {
        Queue<RecordedEvent> recorded = new ConcurrentLinkedQueue<>();
        List<String> stopped = new ArrayList<>();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(EVENT); // threshold from the event's @Threshold: 20 ms
            rs.enable(STOPPED);
            rs.onEvent(EVENT, recorded::add);
            rs.onEvent(STOPPED, e -> addTo(stopped, e.getString("connection")));
            rs.startAsync();
            try (RedisClient redis = RedisTestSupport.connect(server, 3)) {
                for (int i = 0; i < 20; i++) {
                    redis.set("k" + i, "v");
                    redis.get("k" + i);
                }
                redis.command("DEBUG", "SLEEP", "0.05");
            }
            await("the DEBUG event and the client's stop").atMost(Duration.ofSeconds(5))
                    .until(() -> commands(recorded).contains("DEBUG") && sizeOf(stopped) > 0);
        }

        assertTrue(commands(recorded).contains("DEBUG"), commands(recorded).toString());
        for (RecordedEvent e : recorded) {
            // The threshold is what keeps the 40 fast commands out; one slowed down by the machine may pass it.
            assertTrue(e.getDuration().compareTo(Duration.ofMillis(20)) >= 0, "below the threshold: " + e);
        }
    }

    @Test
    void notEnabledNothingIsRecordedAndNothingAllocated() {
        assertNull(new CommandObserver(null, () -> node, "primary").observe(Commands.get("k")),
                "no listener, event off: no observation");
        Queue<RecordedEvent> recorded = new ConcurrentLinkedQueue<>();
        List<String> stopped = new ArrayList<>();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(STOPPED);
            rs.onEvent(EVENT, recorded::add);
            rs.onEvent(STOPPED, e -> addTo(stopped, e.getString("connection")));
            rs.startAsync();
            assertFalse(RedisCommandEvent.TYPE.isEnabled(), "off unless a recording enables it");
            try (RedisClient redis = RedisTestSupport.connect(server, 3)) {
                redis.set("k", "v");
                redis.command("DEBUG", "SLEEP", "0.05");
            }
            await("the client's stop").atMost(Duration.ofSeconds(5)).until(() -> sizeOf(stopped) > 0);
        }
        assertEquals(List.of(), commands(recorded));

        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(EVENT);
            rs.startAsync();
            assertNotNull(new CommandObserver(null, () -> node, "primary").observe(Commands.get("k")),
                    "event on: observed");
        }
    }

    private static List<String> commands(Iterable<RecordedEvent> events) {
        List<String> names = new ArrayList<>();
        for (RecordedEvent e : events) {
            names.add(e.getString("command"));
        }
        return names;
    }

    private static void addTo(List<String> list, String value) {
        synchronized (list) {
            list.add(value);
        }
    }

    private static int sizeOf(List<String> list) {
        synchronized (list) {
            return list.size();
        }
    }
}
