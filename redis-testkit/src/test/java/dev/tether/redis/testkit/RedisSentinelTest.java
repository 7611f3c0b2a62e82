package dev.tether.redis.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension's shared Sentinel setup (healed after each test), plus one setup of its own for
 * {@code close()}.
 */
@ExtendWith(RedisSentinelExtension.class)
class RedisSentinelTest {

    private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(15);

    // The ROLE polls below ignore exceptions: a Sentinel reconfiguring a node ends with
    // CLIENT KILL TYPE normal there, which may reset the poll's connection.

    /** Whatever a test did to the shared setup, and however it ended, bring every process back. */
    @AfterEach
    void heal(RedisSentinel sentinel) {
        for (RedisServer server : Stream.concat(sentinel.nodes().stream(), sentinel.sentinels().stream()).toList()) {
            sentinel.resume(server);
            if (!server.isRunning()) {
                sentinel.restart(server);
            }
        }
        sentinel.awaitStable(Duration.ofSeconds(20));
    }

    @Test
    void the_sentinels_agree_on_the_primary_and_know_the_replicas_and_each_other(RedisSentinel sentinel) {
        RedisServer primary = sentinel.primary();
        List<RedisServer> replicas = sentinel.replicas();
        assertEquals("mymaster", sentinel.serviceName());
        assertEquals(2, replicas.size());
        assertEquals(3, sentinel.sentinels().size());
        assertEquals(List.of("master"), ((List<?>) primary.execute("ROLE")).subList(0, 1));
        Set<String> replicaPorts = ports(replicas);
        for (RedisServer replica : replicas) {
            Map<String, String> info = ClusterState.fields(replica.execute("INFO", "replication"));
            assertEquals("up", info.get("master_link_status"), replica + ": " + info);
            assertEquals(Integer.toString(primary.port()), info.get("master_port"));
        }
        for (RedisServer each : sentinel.sentinels()) {
            assertEquals(List.of("127.0.0.1", Integer.toString(primary.port())),
                    each.execute("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"));
            List<Map<String, String>> known = SentinelState.entries(each, "REPLICAS", "mymaster");
            assertEquals(replicaPorts, known.stream().map(r -> r.get("port")).collect(Collectors.toSet()));
            assertTrue(known.stream().allMatch(r -> "127.0.0.1".equals(r.get("ip"))), known.toString());
            List<Map<String, String>> peers = SentinelState.entries(each, "SENTINELS", "mymaster");
            Set<String> otherSentinels = ports(sentinel.sentinels().stream().filter(s -> s != each).toList());
            assertEquals(otherSentinels, peers.stream().map(p -> p.get("port")).collect(Collectors.toSet()));
            assertTrue(peers.stream().allMatch(p -> "127.0.0.1".equals(p.get("ip"))), peers.toString());
            Map<String, String> master = fields(each.execute("SENTINEL", "MASTER", "mymaster"));
            assertEquals("2", master.get("quorum"));
            assertEquals("1000", master.get("down-after-milliseconds"));
            assertEquals("3000", master.get("failover-timeout"));
        }
        List<Integer> ports = sentinel.sentinelPorts();
        assertEquals("redis-sentinel://127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1) + ",127.0.0.1:"
                + ports.get(2) + "/mymaster", sentinel.sentinelUri());
    }

    @Test
    void a_write_on_the_primary_is_read_on_both_replicas_after_WAIT(RedisSentinel sentinel) {
        RedisServer primary = sentinel.primary();
        String value = "v-" + System.nanoTime();
        assertEquals("OK", primary.execute("SET", "sentinel-test:write", value));
        assertEquals(2L, primary.execute("WAIT", "2", "5000"));
        for (RedisServer replica : sentinel.replicas()) {
            assertEquals(value, replica.execute("GET", "sentinel-test:write"));
            RedisReplyException readOnly = assertThrows(RedisReplyException.class,
                    () -> replica.execute("SET", "sentinel-test:write", "no"));
            assertEquals("READONLY", readOnly.prefix());
        }
    }

    @Test
    void SENTINEL_FAILOVER_moves_the_primary_and_the_old_one_becomes_a_replica(RedisSentinel sentinel) {
        Instant asked = Instant.now();
        RedisServer old = sentinel.failover();
        RedisServer now = sentinel.awaitPrimaryChange(old.port(), FAULT_TIMEOUT);

        assertNotEquals(old.port(), now.port());
        assertEquals("OK", now.execute("SET", "sentinel-test:after-failover", "yes"));
        await().atMost(FAULT_TIMEOUT).ignoreExceptions().untilAsserted(() -> assertEquals(
                List.of("slave", "127.0.0.1", (long) now.port()), ((List<?>) old.execute("ROLE")).subList(0, 3)));
        PrimarySwitch change = sentinel.switchTo(now.port()).orElseThrow();
        assertEquals(old.port(), change.fromPort());
        assertFalse(change.time().isBefore(asked.minusSeconds(1)), change + " vs " + asked);
        sentinel.awaitStable(FAULT_TIMEOUT);
        assertEquals(now, sentinel.primary());
    }

    @Test
    void kill_9_of_the_primary_leads_to_a_new_primary_and_restart_brings_it_back_as_a_replica(
            RedisSentinel sentinel) {
        long started = System.nanoTime();
        RedisServer old = sentinel.killPrimary();
        long oldPid = old.pid();
        assertFalse(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false));

        RedisServer now = sentinel.awaitPrimaryChange(old.port(), FAULT_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        PrimarySwitch change = sentinel.switchTo(now.port()).orElseThrow();
        System.out.println("redis-sentinel test: kill -9 of " + old.port() + " -> all sentinels name " + now.port()
                + " after " + took.toMillis() + " ms; first +switch-master by sentinel " + change.sentinelPort()
                + " at " + change.time());
        assertEquals(old.port(), change.fromPort());
        assertEquals("OK", now.execute("SET", "sentinel-test:after-kill", "yes"));

        sentinel.restart(old);
        assertNotEquals(oldPid, old.pid());
        await().atMost(FAULT_TIMEOUT).ignoreExceptions().untilAsserted(() -> assertEquals(
                List.of("slave", "127.0.0.1", (long) now.port()), ((List<?>) old.execute("ROLE")).subList(0, 3)));
        sentinel.awaitStable(FAULT_TIMEOUT);
        assertEquals(now, sentinel.primary());
        assertEquals("yes", old.execute("GET", "sentinel-test:after-kill"));
    }

    @Test
    void close_stops_every_process_by_pid_even_a_paused_one_and_deletes_the_dirs() {
        RedisSentinel own = RedisSentinel.builder().serviceName("closing").downAfter(Duration.ofMillis(1500)).start();
        List<RedisServer> all = Stream.concat(own.nodes().stream(), own.sentinels().stream()).toList();
        List<Long> pids = all.stream().map(RedisServer::pid).toList();
        List<Path> dirs = all.stream().map(RedisServer::dir).toList();
        try {
            assertEquals(6, Set.copyOf(pids).size());
            assertTrue(pids.stream().allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
            assertEquals("closing", own.serviceName());
            assertTrue(own.sentinelUri().endsWith("/closing"), own.sentinelUri());
            for (RedisServer each : own.sentinels()) {
                Map<String, String> master = fields(each.execute("SENTINEL", "MASTER", "closing"));
                assertEquals("1500", master.get("down-after-milliseconds"), master.toString());
            }
            RedisServer paused = own.sentinels().get(1);
            own.pause(paused);
            assertEquals('T', ProcessControl.state(paused.pid()).orElseThrow());
            RedisServerException unstable = assertThrows(RedisServerException.class,
                    () -> own.awaitStable(Duration.ofMillis(200)));
            assertTrue(unstable.getMessage().contains("sentinel " + paused.port() + ": paused"),
                    unstable.getMessage());
        } finally {
            own.close();
        }
        own.close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(pids.stream().allMatch(
                ProcessControl::isDead), "still alive: " + pids));
        assertTrue(all.stream().noneMatch(RedisServer::isRunning));
        assertTrue(dirs.stream().noneMatch(Files::exists), "dirs left: " + dirs);
    }

    @Test
    void the_builder_checks_its_options_at_once() {
        assertThrows(IllegalArgumentException.class, () -> RedisSentinel.builder().serviceName("two words"));
        assertThrows(IllegalArgumentException.class, () -> RedisSentinel.builder().downAfter(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RedisSentinel.builder().failoverTimeout(Duration.ofNanos(5)));
        assertThrows(IllegalArgumentException.class, () -> RedisSentinel.builder().startTimeout(Duration.ofSeconds(-1)));
        RedisSentinelBuilder builder = RedisSentinel.builder().downAfter(Duration.ofSeconds(2));
        assertThrows(IllegalStateException.class, () -> builder.downAfter(Duration.ofSeconds(3)));
    }

    /** A flat {@code [field, value, ...]} reply as a map. */
    private static Map<String, String> fields(Object reply) {
        List<?> flat = (List<?>) reply;
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return fields;
    }

    private static Set<String> ports(List<RedisServer> servers) {
        return servers.stream().map(server -> Integer.toString(server.port())).collect(Collectors.toSet());
    }
}
