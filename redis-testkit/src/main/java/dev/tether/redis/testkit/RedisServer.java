package dev.tether.redis.testkit;

import dev.tether.redis.testkit.RedisServerBuilder.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A real {@code redis-server} child process on {@code 127.0.0.1}, in its own temp dir, with
 * persistence off unless asked. Start one with {@link #builder()}, close it when done:
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().start()) {
 *     assertEquals("PONG", redis.execute("PING"));
 * }
 * }</pre>
 *
 * <p>Fault injection for resilience tests: {@link #pause()} / {@link #resume()} (SIGSTOP /
 * SIGCONT), {@link #kill()} (SIGKILL) and {@link #restart()} on the same port and dir.
 * {@link #readyTimes()} gives the server-side time of each start becoming ready. Servers still
 * running at JVM exit are stopped by a shutdown hook; those of a JVM that died are SIGKILLed by
 * the next {@code start()}. Thread-safe; this class does not depend on JUnit.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration DEFAULT_EXECUTE_TIMEOUT = Duration.ofSeconds(5);

    private final Settings settings;
    private final Path dir;
    private final Path socketDir;
    private final Path unixSocket;
    private final ServerProcess process;
    private final SSLContext tlsContext;
    private boolean closed;

    private RedisServer(Settings settings, Path binary) throws IOException {
        this.settings = settings;
        // Before the temp dir: an unreadable CA file leaves nothing behind.
        this.tlsContext = settings.tlsTrust() == null ? null : Resp.trusting(settings.tlsTrust());
        this.dir = Files.createTempDirectory(Leftovers.TEMP_DIR_PREFIX).toAbsolutePath();
        this.unixSocket = ServerLauncher.unixSocketPath(settings, dir);
        Path socketParent = unixSocket == null ? null : unixSocket.getParent();
        this.socketDir = socketParent == null || socketParent.equals(dir) || settings.unixSocketPath() != null
                ? null : socketParent;
        this.process = new ServerProcess(settings, binary, dir, unixSocket);
        if (settings.sentinelConfig() != null) {
            Files.writeString(dir.resolve(ServerLauncher.SENTINEL_CONFIG), settings.sentinelConfig());
        }
    }

    /**
     * A builder for a server; {@link RedisServerBuilder#start()} starts it.
     *
     * @return a new builder
     */
    public static RedisServerBuilder builder() {
        return new RedisServerBuilder();
    }

    static RedisServer start(Settings settings) {
        Leftovers.reap();
        Path binary = ProcessControl.resolveBinary(settings.binary());
        RedisServer server;
        try {
            server = new RedisServer(settings, binary);
        } catch (IOException e) {
            throw new RedisServerException("cannot create a temp dir for redis-server", e);
        }
        Leftovers.register(server);
        try {
            server.process.launchOnFreePort();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The only address the server listens on.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return ServerProcess.HOST;
    }

    /**
     * The loopback TCP port; the same across {@link #restart()}.
     *
     * @return the TCP port clients connect to (the TLS port in {@link RedisServerBuilder#tls()} mode)
     */
    public int port() {
        return process.port();
    }

    /**
     * The URI for clients.
     *
     * @return {@code redis://127.0.0.1:PORT}, or {@code rediss://...} in TLS mode
     */
    public String uri() {
        return (settings.tls() ? "rediss://" : "redis://") + ServerProcess.HOST + ":" + port();
    }

    /**
     * Whether the server was started with {@link RedisServerBuilder#tls()}.
     *
     * @return whether {@link #port()} speaks TLS
     */
    public boolean isTls() {
        return settings.tls();
    }

    /**
     * The password clients must send with {@code AUTH}.
     *
     * @return the password set with {@link RedisServerBuilder#password(String)}, if any
     */
    public Optional<String> password() {
        return Optional.ofNullable(settings.password());
    }

    /**
     * The unix socket, for {@code UnixDomainSocketAddress}.
     *
     * @return the unix socket path, if the server listens on one
     */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(unixSocket);
    }

    /**
     * The operating-system process id; it changes on {@link #restart()}.
     *
     * @return the pid of the current (or last) server process
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The server's temp dir ({@code --dir}), where append-only files go; deleted by {@link #close()}.
     *
     * @return the server's working dir
     */
    public Path dir() {
        return dir;
    }

    /**
     * The server's log file ({@code --logfile}); restarts append to it.
     *
     * @return the log file path
     */
    public Path logFile() {
        return process.logFile();
    }

    /**
     * The end of the log file.
     *
     * @param lines how many lines at most
     * @return the last lines, joined with {@code \n}
     */
    public String logTail(int lines) {
        return RedisLog.tail(logFile(), lines);
    }

    /**
     * Whether the server process is alive, also while paused.
     *
     * @return whether the process is alive
     */
    public boolean isRunning() {
        return process.isRunning();
    }

    /**
     * Whether the server is frozen by {@link #pause()}.
     *
     * @return whether the server is paused
     */
    public boolean isPaused() {
        return process.isPaused();
    }

    /**
     * Freezes the server with SIGSTOP and waits until it is stopped: connections stay open and
     * nothing is answered, like a hung server.
     *
     * @throws IllegalStateException if the server is not running
     */
    public void pause() {
        process.pause();
    }

    /** Unfreezes a paused server with SIGCONT; does nothing if it is not paused. */
    public void resume() {
        process.resume();
    }

    /**
     * SIGKILLs the server, like a crash, and waits (bounded) until it is dead; does nothing if it
     * is not running. {@link #restart()} brings it back.
     */
    public void kill() {
        process.kill();
    }

    /**
     * Stops the server: resumes it if paused, sends SIGTERM, waits up to the stop timeout, then
     * SIGKILLs. Idempotent.
     */
    public void stop() {
        process.stop();
    }

    /**
     * Starts the server again on the same port, dir and arguments (stopping it first if it runs),
     * and waits until it accepts connections. Data survives only with
     * {@link RedisServerBuilder#appendOnly()}.
     *
     * @throws IllegalStateException if the server was closed
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("closed: " + this);
        }
        process.stop();
        process.launch();
    }

    /** Stops the server and deletes its temp dir. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            Leftovers.deleteRecursively(dir);
            if (socketDir != null) {
                Leftovers.deleteRecursively(socketDir);
            }
            Leftovers.unregister(this);
        }
    }

    /**
     * When each start of this server became ready, by the server's own clock: the time stamp of
     * the first "Ready to accept connections" log line of each start, read in the machine's time
     * zone, in order.
     *
     * @return one instant per start that became ready (empty after {@link #close()})
     */
    public List<Instant> readyTimes() {
        return RedisLog.readyTimes(RedisLog.lines(logFile()), ZoneId.systemDefault());
    }

    /**
     * Waits until at least {@code count} starts became ready.
     *
     * @param count how many ready log lines to wait for
     * @param timeout how long to wait at most
     * @return {@link #readyTimes()} once it has at least {@code count} entries
     * @throws RedisServerException on timeout
     */
    public List<Instant> awaitReadyCount(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Instant> times = readyTimes();
            if (times.size() >= count) {
                return times;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RedisServerException("saw " + times.size() + " of " + count + " ready lines within "
                        + timeout + process.details());
            }
            ProcessControl.pause(10);
        }
    }

    /**
     * Sends one command over a fresh RESP2 connection, authenticating first if a password is set,
     * with a 5 s timeout: plain TCP; in TLS mode, the unix socket, or TLS to {@link #port()} for
     * the processes of a {@link RedisSentinel} started with TLS (they have no unix socket).
     *
     * @param args the command and its arguments, e.g. {@code "LRANGE", "jobs", "0", "-1"}
     * @return a {@link String} (simple or bulk string), {@link Long}, {@code null}, or a
     *     {@link List} of those for arrays
     * @throws RedisReplyException if the server answers with an error
     * @throws java.io.UncheckedIOException on I/O errors or timeout (cause
     *     {@link java.net.SocketTimeoutException})
     */
    public Object execute(String... args) {
        return execute(DEFAULT_EXECUTE_TIMEOUT, args);
    }

    /**
     * Like {@link #execute(String...)} with a custom connect and read timeout.
     *
     * @param timeout how long to wait for the connection and for the reply
     * @param args the command and its arguments
     * @return the decoded reply
     */
    public Object execute(Duration timeout, String... args) {
        Objects.requireNonNull(timeout, "timeout");
        if (Objects.requireNonNull(args, "args").length == 0) {
            throw new IllegalArgumentException("no command");
        }
        if (!settings.tls()) {
            return Resp.callTcp(ServerProcess.HOST, port(), timeout, settings.password(), args);
        }
        if (tlsContext != null) {
            return Resp.callTls(ServerProcess.HOST, port(), tlsContext, timeout, settings.password(), args);
        }
        if (unixSocket != null) {
            return Resp.callUnix(unixSocket, timeout, settings.password(), args);
        }
        throw new IllegalStateException("execute(...) speaks plain RESP but this server only serves TLS;"
                + " add unixSocket() to the builder");
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + ", pid " + pid() + ", dir " + dir + "]";
    }
}
