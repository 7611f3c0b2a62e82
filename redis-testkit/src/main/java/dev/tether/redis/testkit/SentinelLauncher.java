package dev.tether.redis.testkit;

import dev.tether.redis.testkit.RedisSentinelBuilder.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starting the processes of a {@link RedisSentinel}: the primary, its replicas (each a
 * {@link RedisServer} with {@code --replicaof}), and the Sentinels (each a {@link RedisServer} in
 * Sentinel mode with its own {@code sentinel.conf}, so the kit's pid markers, shutdown hook and
 * log reading apply to them too).
 */
final class SentinelLauncher {

    /**
     * Sentinel's internal periods, shortened with {@code SENTINEL DEBUG} after each Sentinel start
     * so tests do not wait for the defaults: replicas' {@code INFO} every 1 s instead of 10 s (a
     * Sentinel's view of a replica's link is that fresh), hello messages every 500 ms instead of
     * 2 s (Sentinels find each other and spread a new configuration that fast, and turn a restarted
     * old primary into a replica after 4 such periods), PINGs and reconnects every 250 ms instead
     * of 1 s, and a 5 s instead of 30 s TILT period.
     *
     * <p>The ping period matters for correctness, not only speed: on {@code +switch-master} a
     * Sentinel starts the down-after clock of the new primary at once, but may reconnect to it only
     * one ping period after its last reconnect attempt (to the dead primary). With the default 1 s
     * and a down-after of 1 s, the new primary was sometimes declared down before its first PONG,
     * and, with the other Sentinels' stale "down" votes still counted, failed over a second time.
     */
    static final List<String> DEBUG_PERIODS = List.of(
            "INFO-PERIOD", "1000", "PUBLISH-PERIOD", "500", "PING-PERIOD", "250", "TILT-PERIOD", "5000");

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

    private SentinelLauncher() {}

    /** Starts the primary ({@code replicaOf} empty) or a replica of the given port; TLS-only if the settings say so. */
    static RedisServer startNode(Settings settings, Optional<Integer> replicaOf, long deadline) {
        RedisServerBuilder builder = RedisServer.builder()
                .arg("--replica-announce-ip", ServerProcess.HOST,
                        // Replicas sync at once instead of after the default 5 s wait for more replicas.
                        "--repl-diskless-sync-delay", "0",
                        "--repl-ping-replica-period", "1")
                .startTimeout(remaining(deadline, "starting a data node"));
        replicaOf.ifPresent(port -> builder.arg("--replicaof", ServerProcess.HOST, Integer.toString(port)));
        if (settings.tls() != null) {
            // Every node, the primary too: after a failover the Sentinels make any of them a replica.
            builder.tls().tlsTrust(settings.tls().ca()).arg(settings.tls().args().toArray(String[]::new));
        }
        return builder.start();
    }

    /** Starts one Sentinel monitoring the primary on {@code primaryPort}, and shortens its periods. */
    static RedisServer startSentinel(Settings settings, int primaryPort, long deadline) {
        RedisServerBuilder builder = RedisServer.builder()
                .sentinelConfig(config(settings, primaryPort))
                .startTimeout(remaining(deadline, "starting a sentinel"));
        if (settings.tls() != null) {
            builder.tls().tlsTrust(settings.tls().ca());
        }
        RedisServer sentinel = builder.start();
        try {
            tune(sentinel);
        } catch (RuntimeException e) {
            sentinel.close();
            throw e;
        }
        return sentinel;
    }

    /**
     * The initial {@code sentinel.conf}: every address 127.0.0.1, the service, quorum and timeouts;
     * with TLS the certificate files and {@code tls-replication yes} (TLS to the data nodes and the
     * other Sentinels; {@code port 0} and {@code tls-port} come from the command line, as for
     * every TLS server of the kit).
     */
    static String config(Settings settings, int primaryPort) {
        String service = settings.serviceName();
        List<String> lines = new ArrayList<>();
        if (settings.tls() != null) {
            lines.addAll(settings.tls().configLines());
        }
        return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n") + String.join("\n",
                "sentinel resolve-hostnames no",
                "sentinel announce-hostnames no",
                "sentinel announce-ip " + ServerProcess.HOST,
                "sentinel monitor " + service + " " + ServerProcess.HOST + " " + primaryPort + " " + Settings.QUORUM,
                "sentinel down-after-milliseconds " + service + " " + settings.downAfter().toMillis(),
                "sentinel failover-timeout " + service + " " + settings.failoverTimeout().toMillis(),
                "sentinel parallel-syncs " + service + " 1",
                "");
    }

    /** Applies {@link #DEBUG_PERIODS}; they are not saved, so each (re)start of a Sentinel needs it. */
    static void tune(RedisServer sentinel) {
        List<String> command = new ArrayList<>(List.of("SENTINEL", "DEBUG"));
        command.addAll(DEBUG_PERIODS);
        sentinel.execute(CALL_TIMEOUT, command.toArray(String[]::new));
    }

    /** Waits until every replica says {@code master_link_status:up}. */
    static void awaitLinksUp(List<RedisServer> replicas, long deadline) {
        while (true) {
            List<String> down = new ArrayList<>();
            for (RedisServer replica : replicas) {
                try {
                    String link = ClusterState.fields(replica.execute(CALL_TIMEOUT, "INFO", "replication"))
                            .get("master_link_status");
                    if (!"up".equals(link)) {
                        down.add(replica.port() + ": master_link_status:" + link);
                    }
                } catch (RuntimeException e) {
                    down.add(replica.port() + ": " + e);
                }
            }
            if (down.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RedisServerException("the replicas' links did not come up in time: " + down
                        + ClusterLauncher.logTails(replicas));
            }
            ProcessControl.pause(20);
        }
    }

    /** The time left until {@code deadline} (a {@link System#nanoTime()}); throws if none is left. */
    static Duration remaining(long deadline, String step) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new RedisServerException("the sentinel start timeout ran out before " + step);
        }
        return Duration.ofNanos(nanos);
    }
}
