package dev.tether.benchmarks.cluster;

import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.redis.RedisClusterClient;
import dev.tether.redis.RedisClusterOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The few commands the cluster workloads need, once per client, each client shared by every
 * worker thread of its JVM, and what each client's exceptions say about a failed command (the
 * rules of {@link FailoverLoad.Target}).
 *
 * <ul>
 *   <li>tether: {@code RedisClusterClient.connect(RedisClusterOptions.builder().seeds(...).build())},
 *       defaults otherwise (5 s command timeout).</li>
 *   <li>lettuce: {@code io.lettuce.core.cluster.RedisClusterClient}, one
 *       {@code StatefulRedisClusterConnection}; topology refresh with every adaptive trigger plus a
 *       periodic refresh every {@link #LETTUCE_PERIODIC_REFRESH}, as Lettuce's documentation
 *       advises for failover; command timeout 5 s like Tether's (Lettuce's default is 60 s).</li>
 *   <li>jedis: {@code JedisCluster} with its defaults (2 s socket timeouts, 5 attempts) and a
 *       pool of 64 per node (maxTotal = maxIdle = 64), so that 64 threads do not queue on the
 *       default pool of 8.</li>
 * </ul>
 */
interface ClusterDriver extends FailoverLoad.Target, AutoCloseable {

    /** The clients, in report order. */
    List<String> CLIENTS = List.of("tether", "lettuce", "jedis");

    /** Lettuce's periodic topology refresh. */
    Duration LETTUCE_PERIODIC_REFRESH = Duration.ofSeconds(5);

    String get(String key);

    void set(String key, String value);

    /** What the client says about its node connections, for the run's log; empty if it says nothing. */
    default String describe() {
        return "";
    }

    @Override
    void close();

    /** Connects {@code client} to the cluster whose nodes listen on {@code ports} of 127.0.0.1. */
    static ClusterDriver open(String client, List<Integer> ports) {
        return switch (client) {
            case "tether" -> new Tether(ports);
            case "lettuce" -> new Lettuce(ports);
            case "jedis" -> new Jedis(ports);
            default -> throw new IllegalArgumentException("unknown client " + client + " " + CLIENTS);
        };
    }

    /** Tether's cluster client with its defaults. */
    final class Tether implements ClusterDriver {
        private final RedisClusterClient client;

        Tether(List<Integer> ports) {
            this.client = RedisClusterClient.connect(RedisClusterOptions.builder()
                    .seeds(ports.stream().map(p -> "redis://127.0.0.1:" + p).toList()).build());
        }

        @Override public String get(String key) { return client.get(key); }
        @Override public void set(String key, String value) { client.set(key, value); }
        @Override public long incr(String key) { return client.incr(key); }
        @Override public long rpush(String key, String value) { return client.rpush(key, value); }

        /** CLOSED and OVERLOADED: "the command was never sent" (RedisConnectionException's javadoc). */
        @Override
        public Outcome outcome(RuntimeException e) {
            return FailoverLoad.Target.tetherOutcome(e);
        }

        @Override public String describe() { return "node connections " + client.nodes(); }
        @Override public void close() { client.close(); }
    }

    /** Lettuce's cluster client, adaptive and periodic topology refresh. */
    final class Lettuce implements ClusterDriver {
        private final io.lettuce.core.cluster.RedisClusterClient client;
        private final StatefulRedisClusterConnection<String, String> connection;
        private final RedisAdvancedClusterCommands<String, String> sync;

        Lettuce(List<Integer> ports) {
            this.client = io.lettuce.core.cluster.RedisClusterClient.create(
                    ports.stream().map(p -> RedisURI.Builder.redis("127.0.0.1", p)
                            .withTimeout(Duration.ofSeconds(5)).build()).toList());
            client.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(LETTUCE_PERIODIC_REFRESH)
                            .build())
                    .build());
            this.connection = client.connect();
            this.sync = connection.sync();
        }

        @Override public String get(String key) { return sync.get(key); }
        @Override public void set(String key, String value) { sync.set(key, value); }
        @Override public long incr(String key) { return sync.incr(key); }
        @Override public long rpush(String key, String value) { return sync.rpush(key, value); }

        @Override
        public void close() {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** JedisCluster, its defaults but a pool of 64 per node. */
    final class Jedis implements ClusterDriver {
        private final JedisCluster cluster;

        Jedis(List<Integer> ports) {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            ports.forEach(p -> nodes.add(new HostAndPort("127.0.0.1", p)));
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(64);
            pool.setMaxIdle(64);
            this.cluster = new JedisCluster(nodes, DefaultJedisClientConfig.builder().build(), pool);
        }

        @Override public String get(String key) { return cluster.get(key); }
        @Override public void set(String key, String value) { cluster.set(key, value); }
        @Override public long incr(String key) { return cluster.incr(key); }
        @Override public long rpush(String key, String value) { return cluster.rpush(key, value); }
        @Override public void close() { cluster.close(); }
    }
}
