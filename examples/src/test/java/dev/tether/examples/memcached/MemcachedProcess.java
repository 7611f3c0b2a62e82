package dev.tether.examples.memcached;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code memcached} for tests: loopback only, UDP off, a free port, a temp dir of its own
 * (its output goes to {@code memcached.log} there). It can be killed, paused (SIGSTOP), resumed
 * and restarted on the same port. {@link #close()} stops it by pid and removes the temp dir.
 */
final class MemcachedProcess implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final String BINARY = System.getProperty("MEMCACHED_BIN", "memcached");

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;
    private boolean paused;

    private MemcachedProcess(int port, List<String> extraArgs) throws IOException {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("tether-memcached-");
        start();
    }

    /** Starts memcached on a free port; {@code extraArgs} go on its command line (e.g. "-I", "2m"). */
    static MemcachedProcess start(String... extraArgs) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return new MemcachedProcess(port, List.of(extraArgs));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    private void start() throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(BINARY, "-l", "127.0.0.1", "-U", "0",
                "-p", Integer.toString(port), "-m", "64", "-t", "2",
                "-u", System.getProperty("user.name"))); // memcached refuses root without -u; ignored otherwise
        command.addAll(extraArgs);
        File log = dir.resolve("memcached.log").toFile();
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + BINARY + " (install it: apt-get install -y memcached)", e);
        }
        paused = false;
        Process started = process;
        await("memcached accepting on port " + port).atMost(START_WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("memcached exited with " + started.exitValue() + ": "
                                + Files.readString(log.toPath(), StandardCharsets.UTF_8));
                    }
                    return accepts();
                });
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL (paused or not: a paused memcached answers nothing more), and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        waitFor();
        paused = false;
    }

    /** Starts memcached again on the same port (after {@link #kill()}). */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("memcached is still running (pid " + pid() + ")");
        }
        start();
    }

    /** SIGSTOP: the kernel still accepts connections and buffers requests; nothing is answered. */
    void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}; a no-op otherwise. */
    void resume() {
        if (paused && process.isAlive()) {
            signal("CONT");
        }
        paused = false;
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("memcached (pid " + pid() + ") did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops it by pid and waits for it, then removes the temp dir. SIGKILL rather than SIGTERM:
     * memcached keeps nothing on disk, and on SIGTERM it takes 0.5 to 1 s to wind its threads down.
     */
    @Override
    public void close() throws IOException {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
