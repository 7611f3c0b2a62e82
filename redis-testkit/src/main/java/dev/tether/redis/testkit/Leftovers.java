package dev.tether.redis.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no server outlives its owner: a JVM shutdown hook stops this JVM's servers, and
 * owner markers ({@code ${java.io.tmpdir}/tether-redis-testkit/<server pid>.owner}, first line
 * the owning JVM's pid, optional second line the server's temp dir) let the next {@code start()}
 * anywhere on the machine SIGKILL servers whose owner JVM died without running its hooks.
 */
final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    static final String TEMP_DIR_PREFIX = "tether-redis-";
    private static final String SUFFIX = ".owner";

    private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private Leftovers() {}

    /** The shared marker directory. */
    static Path markerDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "tether-redis-testkit");
    }

    static Path markerFile(long serverPid) {
        return markerDir().resolve(serverPid + SUFFIX);
    }

    /** Records that this JVM owns the server process {@code serverPid} living in {@code dir}. */
    static void writeMarker(long serverPid, Path dir) {
        try {
            Files.createDirectories(markerDir());
            String content = ProcessHandle.current().pid() + "\n" + dir.toAbsolutePath() + "\n";
            Files.writeString(markerFile(serverPid), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot write owner marker for redis-server {}: {}", serverPid, e.toString());
        }
    }

    static void deleteMarker(long serverPid) {
        try {
            Files.deleteIfExists(markerFile(serverPid));
        } catch (IOException e) {
            LOG.warn("cannot delete owner marker for redis-server {}: {}", serverPid, e.toString());
        }
    }

    /**
     * SIGKILLs every marked server whose owner JVM is gone, after checking that the pid still is a
     * {@code redis-server} (a reused pid is left alone), then deletes its marker and temp dir.
     *
     * @return the pids that were killed
     */
    static List<Long> reap() {
        List<Long> killed = new ArrayList<>();
        Path dir = markerDir();
        if (!Files.isDirectory(dir)) {
            return killed;
        }
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path marker : markers) {
                reapOne(marker).ifPresent(killed::add);
            }
        } catch (IOException e) {
            LOG.warn("cannot scan {} for leftover servers: {}", dir, e.toString());
        }
        return killed;
    }

    private static Optional<Long> reapOne(Path marker) {
        String name = marker.getFileName().toString();
        long serverPid;
        List<String> lines;
        try {
            serverPid = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        } catch (NumberFormatException | IOException e) {
            return Optional.empty();
        }
        if (!lines.isEmpty() && ownerAlive(lines.get(0).trim())) {
            return Optional.empty();
        }
        Optional<Long> killed = Optional.empty();
        Optional<ProcessHandle> server = ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive);
        if (server.isPresent() && ProcessControl.isRedisServer(serverPid)) {
            LOG.warn("killing leftover redis-server {} whose owner JVM {} is gone", serverPid,
                    lines.isEmpty() ? "?" : lines.get(0).trim());
            if (!ProcessControl.killAndAwait(server.get(), Duration.ofSeconds(5))) {
                LOG.warn("leftover redis-server {} did not die", serverPid);
                return Optional.empty();
            }
            killed = Optional.of(serverPid);
        }
        if (lines.size() > 1) {
            deleteOwnTempDir(Path.of(lines.get(1).trim()));
        }
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            LOG.warn("cannot delete stale marker {}: {}", marker, e.toString());
        }
        return killed;
    }

    private static boolean ownerAlive(String ownerPid) {
        try {
            return ProcessHandle.of(Long.parseLong(ownerPid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Deletes a directory only if it looks like one this kit created. */
    private static void deleteOwnTempDir(Path dir) {
        Path name = dir.getFileName();
        if (dir.isAbsolute() && name != null && name.toString().startsWith(TEMP_DIR_PREFIX)) {
            deleteRecursively(dir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    /** Tracks a running server so the shutdown hook can stop it. */
    static void register(RedisServer server) {
        installHook();
        RUNNING.add(server);
    }

    static void unregister(RedisServer server) {
        RUNNING.remove(server);
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::closeAll, "tether-redis-testkit-shutdown"));
            hookInstalled = true;
        }
    }

    private static void closeAll() {
        for (RedisServer server : List.copyOf(RUNNING)) {
            try {
                server.close();
            } catch (RuntimeException e) {
                System.err.println("tether-redis-testkit: cannot stop " + server + ": " + e);
            }
        }
    }
}
