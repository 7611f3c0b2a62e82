package dev.tether.redis.testkit;

import java.util.List;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Operating-system plumbing: finding the binary, sending signals, reading {@code /proc}. */
final class ProcessControl {

    /** System property and environment variable naming the {@code redis-server} binary. */
    static final String BINARY_PROPERTY = "REDIS_SERVER_BIN";

    static final String MISSING_BINARY =
            "redis-server not found on PATH; install it: apt-get install -y redis-server (Debian/Ubuntu)";

    private ProcessControl() {}

    /**
     * Resolves the binary: the builder's choice, else the {@code REDIS_SERVER_BIN} system property,
     * else the environment variable, else {@code redis-server} on {@code PATH}.
     */
    static Path resolveBinary(String configured) {
        String source = "builder.binary(...)";
        String candidate = configured;
        if (candidate == null) {
            candidate = System.getProperty(BINARY_PROPERTY);
            source = "system property " + BINARY_PROPERTY;
        }
        if (candidate == null || candidate.isBlank()) {
            candidate = System.getenv(BINARY_PROPERTY);
            source = "environment variable " + BINARY_PROPERTY;
        }
        if (candidate == null || candidate.isBlank()) {
            candidate = "redis-server";
            source = "PATH";
        }
        if (candidate.contains(File.separator)) {
            Path path = Path.of(candidate);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return path.toAbsolutePath();
            }
            throw new RedisServerException(MISSING_BINARY + " (tried " + candidate + ", from " + source
                    + "; set " + BINARY_PROPERTY + " to the binary's path)");
        }
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        String name = candidate;
        return onPath(name).orElseThrow(() -> new RedisServerException(MISSING_BINARY + " (looked for "
                + name + " in PATH=" + pathVariable
                + "; or set " + BINARY_PROPERTY + " to the binary's path)"));
    }

    /** The first executable file called {@code name} in a {@code PATH} directory. */
    static Optional<Path> onPath(String name) {
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path path = Path.of(dir, name);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) with {@code kill(1)}. */
    static void signal(long pid, String signal) {
        ProcessBuilder builder = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true);
        try {
            Process kill = builder.start();
            kill.getOutputStream().close();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new RedisServerException("kill -" + signal + " " + pid + " did not finish in 5 s");
            }
            if (kill.exitValue() != 0) {
                throw new RedisServerException("kill -" + signal + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new RedisServerException("cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisServerException("interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }

    /**
     * The state letter from {@code /proc/<pid>/stat} ({@code R}, {@code S}, {@code T}, ...), empty
     * if the process is gone or there is no {@code /proc} (not Linux).
     */
    static Optional<Character> state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": comm may contain spaces and parentheses, so cut at the last ')'.
            String rest = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return rest.isEmpty() ? Optional.empty() : Optional.of(rest.charAt(0));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Waits (bounded) until {@code /proc} shows the process stopped, or running again. */
    static void awaitStopped(long pid, boolean stopped, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Character> state = state(pid);
            if (state.isEmpty() || (state.get() == 'T') == stopped) {
                return;
            }
            pause(2);
        }
        throw new RedisServerException("process " + pid + (stopped ? " did not stop" : " did not continue")
                + " within " + timeout.toMillis() + " ms");
    }

    /**
     * Whether the live process {@code pid} is a {@code redis-server}: its {@code /proc/<pid>/cmdline}
     * (or, without {@code /proc}, its command line as the JDK sees it) mentions {@code redis-server}.
     */
    static boolean isRedisServer(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
                return text.contains("redis-server");
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().commandLine().or(() -> handle.info().command()))
                .map(command -> command.contains("redis-server"))
                .orElse(false);
    }

    /**
     * SIGKILLs a process that is not our child and waits (bounded) until it is gone or a zombie
     * (an orphan's zombie lingers until init reaps it; it no longer holds ports or memory).
     */
    static boolean killAndAwait(ProcessHandle handle, Duration timeout) {
        handle.destroyForcibly();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (isDead(handle.pid())) {
                return true;
            }
            pause(5);
        }
        return isDead(handle.pid());
    }

    /** Whether a process is gone or only a zombie. */
    static boolean isDead(long pid) {
        return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                || state(pid).map(state -> state == 'Z' || state == 'X').orElse(false);
    }

    /** Sleeps while polling; library code only (tests wait with Awaitility). */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisServerException("interrupted while waiting", e);
        }
    }

    /**
     * Closes every server, even if some fail; returns the first failure (or adds it as suppressed
     * to {@code primary} and returns null if that is given).
     */
    static RuntimeException closeAll(List<RedisServer> servers, RuntimeException primary) {
        RuntimeException failure = primary;
        for (RedisServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return primary == null ? failure : null;
    }
}
