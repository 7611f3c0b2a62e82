package dev.tether.redis.testkit;

import dev.tether.redis.testkit.RedisServerBuilder.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@code redis-server} process of a {@link RedisServer} and its signals: launch (on a
 * free port with retries, or again on the same port), pause, resume, kill, stop.
 */
final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    static final String HOST = "127.0.0.1";
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(5);

    private final Settings settings;
    private final Path binary;
    private final Path dir;
    private final Path logFile;
    private final Path outputFile;
    private final Path unixSocket;
    private volatile int port;
    private Process process;
    private long pid = -1;
    private boolean paused;

    ServerProcess(Settings settings, Path binary, Path dir, Path unixSocket) {
        this.settings = settings;
        this.binary = binary;
        this.dir = dir;
        this.logFile = dir.resolve("redis.log");
        this.outputFile = dir.resolve("redis.out");
        this.unixSocket = unixSocket;
    }

    Path logFile() {
        return logFile;
    }

    int port() {
        return port;
    }

    synchronized long pid() {
        return pid;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** First start: the fixed port, or free ports with a few retries if one gets taken meanwhile. */
    synchronized void launchOnFreePort() {
        int attempts = settings.port() == null ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            port = settings.port() != null ? settings.port() : ServerLauncher.freePort();
            try {
                launch();
                return;
            } catch (ServerLauncher.BindFailedException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                LOG.debug("port {} was taken, retrying on another one", port);
            }
        }
    }

    /** Starts a process on the current port and waits until it is ready; kills it if it is not. */
    synchronized void launch() {
        List<String> command = ServerLauncher.command(binary, settings, port, dir, logFile, unixSocket);
        long logOffset = RedisLog.size(logFile);
        process = ServerLauncher.spawn(command, dir, outputFile);
        pid = process.pid();
        paused = false;
        Leftovers.writeMarker(pid, dir);
        try {
            ServerLauncher.awaitReady(process, HOST, port, logFile, logOffset, settings.startTimeout(), this::details);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
        LOG.debug("redis-server {} ready on {}:{} in {}", pid, HOST, port, dir);
    }

    synchronized void pause() {
        if (!isRunning()) {
            throw new IllegalStateException("cannot pause: redis-server is not running");
        }
        if (!paused) {
            ProcessControl.signal(pid, "STOP");
            ProcessControl.awaitStopped(pid, true, SIGNAL_TIMEOUT);
            paused = true;
        }
    }

    synchronized void resume() {
        if (paused && isRunning()) {
            ProcessControl.signal(pid, "CONT");
            ProcessControl.awaitStopped(pid, false, SIGNAL_TIMEOUT);
        }
        paused = false;
    }

    synchronized void kill() {
        if (isRunning()) {
            process.destroyForcibly();
            if (!ServerLauncher.awaitExit(process, SIGNAL_TIMEOUT)) {
                throw new RedisServerException("redis-server " + pid + " survived SIGKILL for " + SIGNAL_TIMEOUT);
            }
        }
        afterExit();
    }

    synchronized void stop() {
        if (isRunning()) {
            if (paused) {
                resume();
            }
            process.destroy();
            if (!ServerLauncher.awaitExit(process, settings.stopTimeout())) {
                LOG.warn("redis-server {} ignored SIGTERM for {}; sending SIGKILL", pid, settings.stopTimeout());
            }
        }
        kill();
    }

    private void afterExit() {
        paused = false;
        if (pid > 0) {
            Leftovers.deleteMarker(pid);
        }
    }

    /** The log tails that go into failure messages. */
    String details() {
        return "\n--- " + logFile + " (tail) ---\n" + RedisLog.tail(logFile, 20)
                + "\n--- stdout/stderr (tail) ---\n" + RedisLog.tail(outputFile, 20);
    }
}
