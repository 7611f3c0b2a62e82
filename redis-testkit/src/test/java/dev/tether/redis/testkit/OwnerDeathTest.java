package dev.tether.redis.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to a server when the JVM that started it exits without closing it. */
class OwnerDeathTest {

    @TempDir
    Path temp;

    @Test
    void the_shutdown_hook_stops_servers_left_running_at_JVM_exit() throws Exception {
        ChildRun child = runChild("System.exit(0);");

        assertEquals(0, child.exitCode(), child.output());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessControl.isDead(child.serverPid()));
        assertFalse(Files.exists(child.serverDir()), "temp dir deleted by the hook");
        assertFalse(Files.exists(Leftovers.markerFile(child.serverPid())), "marker deleted by the hook");
    }

    @Test
    void a_server_orphaned_by_a_crashed_JVM_is_killed_by_the_next_start() throws Exception {
        ChildRun child = runChild("Runtime.getRuntime().halt(3);");
        try {
            assertEquals(3, child.exitCode(), child.output());
            assertTrue(ProcessHandle.of(child.serverPid()).map(ProcessHandle::isAlive).orElse(false),
                    "halt skips shutdown hooks, so the server outlives its JVM");
            assertTrue(Files.exists(Leftovers.markerFile(child.serverPid())));

            try (RedisServer next = RedisServer.builder().start()) {
                assertEquals("PONG", next.execute("PING"));
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessControl.isDead(child.serverPid()));
            assertFalse(Files.exists(child.serverDir()), "the orphan's temp dir is deleted too");
            assertFalse(Files.exists(Leftovers.markerFile(child.serverPid())));
        } finally {
            ProcessHandle.of(child.serverPid()).filter(handle -> ProcessControl.isRedisServer(handle.pid()))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private record ChildRun(int exitCode, long serverPid, Path serverDir, String output) {}

    /** Runs a JVM that starts a server, prints its pid and dir, then runs {@code ending}. */
    private ChildRun runChild(String ending) throws Exception {
        Path source = temp.resolve("Owner.java");
        Files.writeString(source, """
                public class Owner {
                    public static void main(String[] args) {
                        var server = dev.tether.redis.testkit.RedisServer.builder().start();
                        System.out.println("SERVER " + server.pid() + " " + server.dir());
                        System.out.flush();
                        %s
                    }
                }
                """.formatted(ending));
        String classPath = codeSource(RedisServer.class) + File.pathSeparator + codeSource(org.slf4j.Logger.class);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", classPath,
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), source.toString())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM hung: " + output);
        }
        List<String> server = output.lines().filter(line -> line.startsWith("SERVER ")).findFirst()
                .map(line -> List.of(line.split(" ", 3))).orElseThrow(() -> new AssertionError(output));
        return new ChildRun(process.exitValue(), Long.parseLong(server.get(1)), Path.of(server.get(2)), output);
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
