package dev.tether.redis.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {

    @TempDir
    Path temp;

    @Test
    void a_server_whose_owner_JVM_is_dead_is_killed_by_the_next_start() throws Exception {
        int port = ServerLauncher.freePort();
        Process stale = new ProcessBuilder(ProcessControl.resolveBinary(null).toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir", temp.toString(),
                "--save", "", "--appendonly", "no", "--logfile", temp.resolve("stale.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("stale.out").toFile())
                .start();
        Path marker = Leftovers.markerFile(stale.pid());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, deadPid() + "\n");

            try (RedisServer fresh = RedisServer.builder().start()) {
                assertEquals("PONG", fresh.execute("PING"));
                await().atMost(Duration.ofSeconds(5)).until(() -> !stale.isAlive());
                assertFalse(Files.exists(marker), "stale marker removed");
                assertTrue(Files.exists(Leftovers.markerFile(fresh.pid())), "the new server has its own marker");
            }
        } finally {
            stale.destroyForcibly();
            stale.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(marker);
        }
    }

    @Test
    void a_reused_pid_that_is_not_a_redis_server_is_never_killed() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "60").start();
        Path marker = Leftovers.markerFile(bystander.pid());
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, deadPid() + "\n");

            List<Long> killed = Leftovers.reap();

            assertFalse(killed.contains(bystander.pid()), killed.toString());
            assertTrue(bystander.isAlive(), "a non-redis process with a stale marker survives");
            assertFalse(Files.exists(marker), "the stale marker is cleaned up anyway");
        } finally {
            bystander.destroyForcibly();
            bystander.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(marker);
        }
    }

    @Test
    void servers_of_a_living_owner_are_left_alone() {
        try (RedisServer mine = RedisServer.builder().start()) {
            List<Long> killed = Leftovers.reap();
            assertFalse(killed.contains(mine.pid()));
            assertTrue(mine.isRunning());
            assertEquals("PONG", mine.execute("PING"));
        }
    }

    @Test
    void the_owner_marker_names_this_JVM_and_the_server_dir() throws IOException {
        try (RedisServer redis = RedisServer.builder().start()) {
            List<String> lines = Files.readAllLines(Leftovers.markerFile(redis.pid()));
            assertEquals(List.of(Long.toString(ProcessHandle.current().pid()), redis.dir().toString()), lines);
        }
    }

    /** A pid that belonged to a process which has exited (and been reaped). */
    private static long deadPid() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor(5, TimeUnit.SECONDS);
        long pid = done.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty(), "pid " + pid + " is free");
        return pid;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
