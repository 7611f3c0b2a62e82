package dev.tether.examples.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A short run of each mode of the demo, in-process, as CI's smoke test: the demo's own checks
 * must pass (nothing unaccounted, the server holds exactly what the callers were told) and it
 * must leave no connection, socket or server behind. About 7 s per mode.
 */
@ExtendWith(LeakCheckExtension.class)
class ResilienceDemoSmokeTest {

    private static final String[] SHORT = {"--duration", "5", "--outages", "1", "--workers", "4"};

    @Test
    @Timeout(60)
    void redisModeKillsAndRestartsItsServerAndLosesNoAcknowledgedWrite() {
        DemoRun run = run(concat(SHORT, "--metrics"));
        assertPassed(run, "redis");
        // --metrics: the tether-micrometer tables, with the workers' RPUSH timed and the outage's failures
        assertTrue(run.output().contains("Latency by command"), "the metrics table is printed");
        assertTrue(run.output().lines().anyMatch(l -> l.strip().startsWith("RPUSH ") && l.contains(" ok ")),
                "RPUSH ok has a row");
        assertTrue(run.output().contains("Failures by reason"), "failures by reason are printed");
    }

    @Test
    @Timeout(60)
    void lineModeRestartsTheLineServerAndAccountsForEveryCommand() {
        assertPassed(run(concat(SHORT, "--line")), "line");
    }

    @Test
    @Timeout(60)
    void uriModeBreaksTheConnectionToAnExistingServerWithoutTouchingIt() {
        try (RedisServer existing = RedisServer.builder().start()) {
            // Two outages: one through the chaos proxy, one CLIENT KILL.
            DemoRun run = run("--duration", "5", "--outages", "2", "--workers", "4", "--uri", existing.uri());
            assertPassed(run, "redis-uri");
            assertTrue(existing.isRunning(), "the existing server must be left running");
            assertEquals(0L, existing.execute("DBSIZE"), "the demo's list must be deleted at the end");
        }
    }

    @Test
    void badArgumentsAreRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResilienceDemo.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        "--workers", "0"));
        assertTrue(e.getMessage().contains("--workers"), e.getMessage());
    }

    @Test
    void optionsMayArriveAsOneStringAsMavenPassesThem() {
        DemoOptions options = DemoOptions.parse("--duration 8  --outages 2 --line");
        assertEquals(Duration.ofSeconds(8), options.duration());
        assertEquals(2, options.outages());
        assertEquals("line", options.mode());
        // Outages fit the run: each ends before the next starts, and the last before the end.
        Duration previousEnd = Duration.ZERO;
        for (int k = 1; k <= options.outages(); k++) {
            assertTrue(options.outageStart(k).compareTo(previousEnd) > 0);
            previousEnd = options.outageStart(k).plus(options.effectiveOutageLength());
        }
        assertTrue(previousEnd.compareTo(options.duration()) < 0);
    }

    private record DemoRun(DemoResult result, String output) {
    }

    private static DemoRun run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoResult result = ResilienceDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output); // into the surefire report, for when it fails
        return new DemoRun(result, output);
    }

    private static void assertPassed(DemoRun run, String mode) {
        DemoResult r = run.result();
        assertAll(run.output(),
                () -> assertEquals(mode, r.mode()),
                () -> assertTrue(r.succeeded() > 0, "some commands succeeded"),
                () -> assertTrue(r.failed() > 0, "the outage failed some commands"),
                () -> assertEquals(0, r.unaccounted(), "unaccounted"),
                () -> assertEquals(r.issued(), r.succeeded() + r.failed()),
                () -> assertTrue(r.crossCheckPassed(), "cross-check"),
                () -> assertTrue(r.outages().stream().allMatch(o -> o.recovery() != null), "recovered"),
                () -> assertNotNull(r.elapsed()),
                () -> assertEquals(0, r.exitCode()),
                () -> assertTrue(run.output().contains("\nPASS in "), "the verdict is printed"));
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
