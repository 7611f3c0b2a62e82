package dev.tether.redis.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.Commands;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long soak, outside CI: {@code -Dtether.soak.minutes=30}. Mixed traffic (SET, GET, INCR,
 * pipelines, async) from 32 callers through one client with its default options, while the
 * server is killed with SIGKILL every 30 s (restarted at once) and paused with SIGSTOP for 2 s
 * every 45 s. Every minute it prints the used heap after GC, the live threads, the open file
 * descriptors and the command accounting, and at the end it fails if any command is
 * unaccounted (issued = succeeded + failed, each future completed once), or if heap, threads or
 * descriptors drifted: the last third of the samples may not exceed the first third's maximum
 * by more than 32 MiB, 8 threads, 16 descriptors.
 *
 * <pre>
 * mvn -B -pl redis-adapter -am verify -Dtest=MixedFaultSoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dtether.soak.minutes=30 -Dtether.forkTimeoutSeconds=2400
 * </pre>
 */
@EnabledIfSystemProperty(named = "tether.soak.minutes", matches = "[1-9][0-9]*")
class MixedFaultSoakTest {

    private static final int CALLERS = 32;
    private static final long KILL_EVERY_MS = 30_000;
    private static final long PAUSE_EVERY_MS = 45_000;
    private static final long PAUSE_MS = 2_000;

    record Sample(int minute, long heap, int threads, long fds, String accounting) {
    }

    @Test
    void mixedTrafficThroughKillsAndPausesLeavesNothingUnaccountedAndNothingGrowing() throws Exception {
        int minutes = Integer.getInteger("tether.soak.minutes");
        long endAt = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        List<Sample> samples = new ArrayList<>();
        try (RedisServer server = RedisServer.builder().start();
             RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).build())) {
            Load load = new Load(CALLERS, Duration.ofSeconds(12), Duration.ofMinutes(minutes + 1), Long.MAX_VALUE,
                    (thread, n) -> switch ((int) (n % 5)) {
                        case 0 -> sync(() -> redis.set("soak:" + thread, Long.toString(n)));
                        case 1 -> sync(() -> redis.get("soak:" + thread));
                        case 2 -> redis.async().incr("soak:counter:" + thread);
                        case 3 -> sync(() -> redis.pipeline(List.of(
                                Commands.set("soak:p:" + thread, "v"), Commands.get("soak:p:" + thread))));
                        default -> redis.async().get("soak:" + thread);
                    }).start("soak");
            long start = System.nanoTime();
            long nextKill = KILL_EVERY_MS;
            long nextPause = PAUSE_EVERY_MS;
            long nextSample = 60_000;
            int minute = 0;
            samples.add(sample(minute, load));
            while (System.nanoTime() < endAt) {
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (elapsed >= nextKill) {
                    server.kill();
                    server.restart();
                    nextKill += KILL_EVERY_MS;
                } else if (elapsed >= nextPause) {
                    server.pause();
                    java.util.concurrent.locks.LockSupport.parkNanos(PAUSE_MS * 1_000_000); // the fault's length, not a wait for a condition
                    server.resume();
                    nextPause += PAUSE_EVERY_MS;
                } else if (elapsed >= nextSample) {
                    samples.add(sample(++minute, load));
                    System.out.println("soak " + samples.get(samples.size() - 1));
                    nextSample += 60_000;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // the schedule's tick
            }
            load.stop();
            assertTrue(load.awaitSettled(Duration.ofSeconds(30)), "commands never completed: " + load.figures());
            samples.add(sample(minute + 1, load));
            System.out.println("soak end " + load.figures());
            assertEquals(0, load.lost(), "unaccounted commands: " + load.figures());
            assertEquals(0, load.doubleCompletions.sum(), "futures completed twice: " + load.figures());
            assertEquals(0, load.stuck.sum(), "commands past their bound: " + load.figures());
            assertEquals(load.issued.sum(), load.ok.sum() + load.failed.total(), "issued = ok + failed: " + load.figures());
            assertTrue(load.unexpected.isEmpty(), "unexpected: " + load.unexpected);
        }
        assertNoDrift(samples);
    }

    /** A sync call as a future: its connection failure is a failed future, counted as such by {@link Load}. */
    private static CompletableFuture<Object> sync(java.util.function.Supplier<?> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Sample sample(int minute, Load load) throws Exception {
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        return new Sample(minute, Reliability.usedHeapAfterGc(), ManagementFactory.getThreadMXBean().getThreadCount(),
                fds, load.figures());
    }

    private static void assertNoDrift(List<Sample> samples) {
        if (samples.size() < 6) {
            return; // too short a run to tell drift from warm-up
        }
        int third = samples.size() / 3;
        List<Sample> first = samples.subList(1, third + 1); // minute 0 is before warm-up
        List<Sample> last = samples.subList(samples.size() - third, samples.size());
        long heap = first.stream().mapToLong(Sample::heap).max().orElseThrow();
        int threads = first.stream().mapToInt(Sample::threads).max().orElseThrow();
        long fds = first.stream().mapToLong(Sample::fds).max().orElseThrow();
        for (Sample s : last) {
            assertTrue(s.heap() <= heap + 32L * 1024 * 1024, "heap drifted: " + s + " vs first third max " + heap);
            assertTrue(s.threads() <= threads + 8, "threads drifted: " + s + " vs first third max " + threads);
            assertTrue(s.fds() <= fds + 16, "descriptors drifted: " + s + " vs first third max " + fds);
        }
    }
}
