package dev.tether.redis.testkit;

import dev.tether.redis.testkit.RedisClusterBuilder.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting the nodes of a {@link RedisCluster} and joining them with {@code redis-cli --cluster create}. */
final class ClusterLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);

    /** The cluster bus listens on the client port plus this. */
    static final int BUS_PORT_OFFSET = 10000;
    private static final int BIND_ATTEMPTS = 5;

    private ClusterLauncher() {}

    /**
     * Starts one cluster-mode node on a free port whose bus port is free too, retrying on another
     * port if one of the two got taken meanwhile.
     */
    static RedisServer startNode(Settings settings, long deadline) {
        for (int attempt = 1; ; attempt++) {
            int port = ServerLauncher.freePortWithCompanion(BUS_PORT_OFFSET);
            RedisServerBuilder builder = RedisServer.builder()
                    .port(port)
                    .arg("--cluster-enabled", "yes",
                            "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", Long.toString(settings.nodeTimeout().toMillis()),
                            // Replicas sync at once instead of after the default 5 s wait for more replicas.
                            "--repl-diskless-sync-delay", "0",
                            // CLUSTER SLOTS lists a replica only once its replication offset is not 0, which
                            // on an idle primary takes the first replication PING (default every 10 s).
                            "--repl-ping-replica-period", "1")
                    .startTimeout(remaining(deadline, "starting node " + attempt));
            if (!settings.args().isEmpty()) {
                builder.arg(settings.args().toArray(String[]::new));
            }
            try {
                return builder.start();
            } catch (ServerLauncher.BindFailedException e) {
                if (attempt >= BIND_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("port {} or its bus port was taken, retrying on another one", port);
            }
        }
    }

    /**
     * Runs {@code redis-cli --cluster create ... --cluster-replicas N --cluster-yes}, its output
     * going to {@code redis-cli-create.out} in the first node's dir, and waits (bounded) for it.
     */
    static void create(List<RedisServer> nodes, Settings settings, long deadline) {
        Path cli = resolveCli(settings.cliBinary());
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        nodes.forEach(node -> command.add(node.host() + ":" + node.port()));
        command.addAll(List.of("--cluster-replicas", Integer.toString(settings.replicasPerPrimary()),
                "--cluster-yes"));
        Path output = nodes.get(0).dir().resolve("redis-cli-create.out");
        Duration timeout = remaining(deadline, "creating the cluster");
        Process process = ServerLauncher.spawn(command, nodes.get(0).dir(), output);
        if (!ServerLauncher.awaitExit(process, timeout)) {
            process.destroyForcibly();
            ServerLauncher.awaitExit(process, Duration.ofSeconds(5));
            throw new RedisServerException(String.join(" ", command) + " did not finish within "
                    + timeout.toMillis() + " ms" + outputTail(output));
        }
        if (process.exitValue() != 0) {
            throw new RedisServerException(String.join(" ", command) + " exited with code " + process.exitValue()
                    + outputTail(output));
        }
    }

    /** The time left until {@code deadline} (a {@link System#nanoTime()}); throws if none is left. */
    static Duration remaining(long deadline, String step) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new RedisServerException("the cluster start timeout ran out before " + step);
        }
        return Duration.ofNanos(nanos);
    }

    /** The configured {@code redis-cli}, else the one next to {@code redis-server}, else {@code PATH}'s. */
    static Path resolveCli(String configured) {
        if (configured != null) {
            Path path = Path.of(configured);
            if (configured.contains("/") && Files.isExecutable(path)) {
                return path.toAbsolutePath();
            }
            return ProcessControl.onPath(configured).orElseThrow(() ->
                    new RedisServerException("redis-cli not found: " + configured));
        }
        Path server = ProcessControl.resolveBinary(null);
        Path sibling = server.resolveSibling("redis-cli");
        if (Files.isRegularFile(sibling) && Files.isExecutable(sibling)) {
            return sibling;
        }
        return ProcessControl.onPath("redis-cli").orElseThrow(() -> new RedisServerException(
                "redis-cli not found next to " + server + " nor on PATH; install it: apt-get install -y redis-tools"));
    }

    /** The end of {@code redis-cli}'s output, for failure messages. */
    private static String outputTail(Path output) {
        return "\n--- redis-cli output (tail) ---\n" + RedisLog.tail(output, 30);
    }

    /** The log tails of every node, for failure messages. */
    static String logTails(List<RedisServer> nodes) {
        StringBuilder text = new StringBuilder();
        for (RedisServer node : nodes) {
            text.append("\n--- node ").append(node.port()).append(" (pid ").append(node.pid())
                    .append(", running ").append(node.isRunning()).append(") log tail ---\n")
                    .append(node.logTail(10));
        }
        return text.toString();
    }

    /** The first node of {@code nodes} that is running, to ask about the cluster. */
    static Optional<RedisServer> anyRunning(List<RedisServer> nodes) {
        return nodes.stream().filter(RedisServer::isRunning).findFirst();
    }
}
