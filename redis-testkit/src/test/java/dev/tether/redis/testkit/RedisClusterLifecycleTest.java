package dev.tether.redis.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Clusters of their own (not the extension's shared one): close, a failed start, the builder's checks. */
class RedisClusterLifecycleTest {

    @Test
    void close_stops_every_node_by_pid_deletes_the_dirs_and_is_idempotent() throws IOException {
        RedisCluster cluster = RedisCluster.start();
        List<RedisServer> nodes = cluster.nodes();
        List<Long> pids = nodes.stream().map(RedisServer::pid).toList();
        List<Path> dirs = nodes.stream().map(RedisServer::dir).toList();
        try {
            assertEquals(6, pids.size());
            assertTrue(pids.stream().allMatch(pid -> ProcessHandle.of(pid).isPresent()));
            for (RedisServer node : nodes) {
                assertTrue(Files.readString(node.dir().resolve("nodes.conf")).contains("myself"),
                        "nodes.conf in " + node.dir());
            }
        } finally {
            cluster.close();
        }
        cluster.close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertTrue(pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                        .orElse(false)), "still alive: " + pids));
        assertTrue(nodes.stream().noneMatch(RedisServer::isRunning));
        assertTrue(dirs.stream().noneMatch(Files::exists), "dirs left: " + dirs);
    }

    @Test
    void a_start_that_fails_after_the_nodes_are_up_stops_them_all() {
        Set<Long> before = redisChildren();
        RedisServerException failure = assertThrows(RedisServerException.class,
                () -> RedisCluster.builder().replicasPerPrimary(0).cliBinary("false").start());

        assertTrue(failure.getMessage().contains("exited with code 1"), failure.getMessage());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(before, redisChildren()));
    }

    @Test
    void the_builder_checks_its_options_at_once() {
        assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().primaries(2));
        assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().replicasPerPrimary(-1));
        assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().nodeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().arg("--cluster-enabled", "no"));
        assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().arg("--port", "7000"));
        assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().arg("maxmemory"));
        RedisClusterBuilder builder = RedisCluster.builder().startTimeout(Duration.ofSeconds(5));
        assertThrows(IllegalStateException.class, () -> builder.startTimeout(Duration.ofSeconds(6)));
        assertFalse(ClusterLauncher.resolveCli(null).toString().isEmpty());
    }

    /** The live {@code redis-server} children of this JVM. */
    private static Set<Long> redisChildren() {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> ProcessControl.isRedisServer(child.pid()))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
