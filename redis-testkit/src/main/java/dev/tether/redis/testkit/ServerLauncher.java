package dev.tether.redis.testkit;

import dev.tether.redis.testkit.RedisServerBuilder.Settings;
import java.io.IOException;
import java.io.Serial;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Spawning one {@code redis-server} process and waiting for it to be ready or dead. */
final class ServerLauncher {

    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The config file of a Sentinel, in its dir. */
    static final String SENTINEL_CONFIG = "sentinel.conf";

    /** Ports handed out recently by this JVM, so two servers started together never get the same one. */
    private static final SequencedSet<Integer> RECENT_PORTS = new LinkedHashSet<>();

    private ServerLauncher() {}

    /** The server exited because its port was taken; the caller may retry on another port. */
    static final class BindFailedException extends RedisServerException {
        @Serial
        private static final long serialVersionUID = 1L;

        BindFailedException(String message) {
            super(message);
        }
    }

    /** A currently free port on 127.0.0.1, found by binding port 0. */
    static int freePort() {
        for (int i = 0; i < 20; i++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(LOOPBACK, 0), 1);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new RedisServerException("cannot find a free port on 127.0.0.1", e);
            }
            synchronized (RECENT_PORTS) {
                if (RECENT_PORTS.add(port)) {
                    if (RECENT_PORTS.size() > 256) {
                        RECENT_PORTS.removeFirst();
                    }
                    return port;
                }
            }
        }
        throw new RedisServerException("no fresh free port on 127.0.0.1 after 20 tries");
    }

    /**
     * A free port on 127.0.0.1 whose companion {@code port + offset} (a cluster bus port) is free
     * and at most 65535 as well; both are remembered so no other server of this JVM gets either.
     */
    static int freePortWithCompanion(int offset) {
        for (int i = 0; i < 50; i++) {
            int port = freePort();
            int companion = port + offset;
            if (companion > 65535 || !canBind(companion)) {
                continue;
            }
            synchronized (RECENT_PORTS) {
                if (RECENT_PORTS.add(companion)) {
                    if (RECENT_PORTS.size() > 256) {
                        RECENT_PORTS.removeFirst();
                    }
                    return port;
                }
            }
        }
        throw new RedisServerException("no free port on 127.0.0.1 with port + " + offset + " free after 50 tries");
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Where the unix socket goes: the explicit path, else {@code redis.sock} in the server dir, else
     * (if {@code java.io.tmpdir} is too deep for {@code sockaddr_un}) in a new short dir under /tmp.
     */
    static Path unixSocketPath(Settings settings, Path dir) throws IOException {
        if (settings.unixSocketPath() != null) {
            return settings.unixSocketPath();
        }
        if (!settings.unixSocket()) {
            return null;
        }
        Path socket = dir.resolve("redis.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length <= RedisServerBuilder.MAX_SOCKET_PATH_BYTES) {
            return socket;
        }
        return Files.createTempDirectory(Path.of("/tmp"), Leftovers.TEMP_DIR_PREFIX).resolve("redis.sock");
    }

    /** The full command line: the kit's managed options first, the user's extra arguments last. */
    static List<String> command(Path binary, Settings settings, int port, Path dir, Path logFile, Path unixSocket) {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (settings.sentinelConfig() != null) {
            // Sentinel mode needs its (writable) config file as the first argument.
            command.addAll(List.of(dir.resolve(SENTINEL_CONFIG).toString(), "--sentinel"));
        }
        command.addAll(List.of(
                "--bind", "127.0.0.1",
                "--port", Integer.toString(settings.tls() ? 0 : port)));
        if (settings.tls()) {
            command.addAll(List.of("--tls-port", Integer.toString(port)));
        }
        command.addAll(List.of(
                "--dir", dir.toString(),
                "--logfile", logFile.toString(),
                "--daemonize", "no",
                "--save", "",
                "--appendonly", settings.appendOnly() ? "yes" : "no"));
        if (settings.appendOnly()) {
            command.addAll(List.of("--appendfsync", "always"));
        }
        if (unixSocket != null) {
            command.addAll(List.of("--unixsocket", unixSocket.toString(), "--unixsocketperm", "700"));
        }
        if (settings.password() != null) {
            command.addAll(List.of("--requirepass", settings.password()));
        }
        if (settings.maxClients() != null) {
            command.addAll(List.of("--maxclients", settings.maxClients().toString()));
        }
        command.addAll(settings.args());
        return command;
    }

    static Process spawn(List<String> command, Path dir, Path outputFile) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
                    .start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new RedisServerException("cannot run " + command.get(0), e);
        }
    }

    /**
     * Waits until the process logs "Ready to accept connections" (after {@code logOffset}) and a TCP
     * connect to {@code host:port} succeeds; fails early if it exits, with {@code details}.
     */
    static void awaitReady(Process process, String host, int port, Path logFile, long logOffset,
                           Duration timeout, Supplier<String> details) {
        String prefix = process.pid() + ":";
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean logged = false;
        while (true) {
            if (!logged) {
                logged = RedisLog.linesFrom(logFile, logOffset).stream()
                        .anyMatch(line -> line.startsWith(prefix) && RedisLog.isReadyLine(line));
            }
            if (logged && canConnect(host, port)) {
                return;
            }
            if (!process.isAlive()) {
                awaitExit(process, Duration.ofSeconds(1));
                String message = "redis-server exited with code " + process.exitValue()
                        + " before accepting connections on " + host + ":" + port + details.get();
                boolean portTaken = RedisLog.linesFrom(logFile, logOffset).stream()
                        .anyMatch(line -> line.contains("Address already in use"));
                throw portTaken ? new BindFailedException(message) : new RedisServerException(message);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RedisServerException("redis-server " + process.pid() + " did not accept connections on "
                        + host + ":" + port + " within " + timeout.toMillis() + " ms" + details.get());
            }
            ProcessControl.pause(5);
        }
    }

    private static boolean canConnect(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits (bounded) for our child to exit; true if it did. */
    static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
