package dev.tether.benchmarks.sentinel;

import dev.tether.benchmarks.compare.FailoverLoad;
import dev.tether.redis.Command;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespInteger;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisSentinelClient;

/**
 * The load's commands and the probe through each client's Sentinel support, one client shared by
 * every thread of its JVM, all with the same timeouts: {@link #CONNECT_TIMEOUT} to connect and
 * {@link #COMMAND_TIMEOUT} for a reply (Tether's defaults).
 *
 * <ul>
 *   <li>tether: {@code RedisClient.connect(RedisOptions.fromUri("redis-sentinel://..."))}: Tether
 *       asks the sentinels for the primary on every connect and follows {@code +switch-master}
 *       itself.</li>
 *   <li>lettuce: {@code RedisClient.connect(RedisURI)} with a Sentinel {@code RedisURI}
 *       ({@code RedisURI.Builder.sentinel(...).withSentinel(...)}), the way Lettuce's documentation
 *       gives for a connection to the primary: it asks the sentinels on every (re)connect; the
 *       sentinels' reconfiguration of the old primary ({@code CLIENT KILL TYPE normal}) or its
 *       death drops the connection. Socket connect timeout and command timeout set as above
 *       (Lettuce's defaults are 10 s and 60 s).</li>
 *   <li>jedis: {@code RedisSentinelClient} (Jedis 8's Sentinel-backed {@code UnifiedJedis}: a pool
 *       to the primary, re-pointed by a listener on the sentinels' {@code +switch-master}), connect
 *       and socket timeouts as above (defaults 2 s), a pool of {@link #JEDIS_POOL}
 *       (maxTotal = maxIdle) so that the load's threads and the probe do not queue on the default
 *       8.</li>
 * </ul>
 */
interface SentinelDriver extends FailoverLoad.Target, AutoCloseable {

    /** The clients, in report order. */
    List<String> CLIENTS = List.of("tether", "lettuce", "jedis");

    /** The connect timeout of every client. */
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** The command (socket read) timeout of every client. */
    Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** Jedis's pool size. */
    int JEDIS_POOL = 32;

    /** The probe's key. */
    String PROBE_KEY = "sf:probe";

    /**
     * The probe: a write (INCR of {@link #PROBE_KEY}) and the port of the node that ran it, in
     * one script, so that a reply proves which node took the write; a replica refuses it
     * (READONLY).
     */
    String PROBE_SCRIPT = "redis.call('INCR', KEYS[1]) "
            + "return tonumber(string.match(redis.call('INFO', 'server'), 'tcp_port:(%d+)'))";

    /** Runs {@link #PROBE_SCRIPT}: the port of the node that took the write. */
    long probe();

    @Override
    void close();

    /** Connects {@code client} through the sentinels on {@code ports} of 127.0.0.1, monitoring {@code service}. */
    static SentinelDriver open(String client, List<Integer> ports, String service) {
        return switch (client) {
            case "tether" -> new Tether(ports, service);
            case "lettuce" -> new Lettuce(ports, service);
            case "jedis" -> new Jedis(ports, service);
            default -> throw new IllegalArgumentException("unknown client " + client + " " + CLIENTS);
        };
    }

    /** Tether's RedisClient over a {@code redis-sentinel://} URI, defaults otherwise. */
    final class Tether implements SentinelDriver {
        private final RedisClient client;

        Tether(List<Integer> ports, String service) {
            RedisOptions options = RedisOptions.fromUri("redis-sentinel://" + String.join(",",
                    ports.stream().map(p -> "127.0.0.1:" + p).toList()) + "/" + service);
            if (!options.connectTimeout().equals(CONNECT_TIMEOUT) || !options.commandTimeout().equals(COMMAND_TIMEOUT)) {
                throw new IllegalStateException("Tether's default timeouts changed: " + options.connectTimeout()
                        + ", " + options.commandTimeout() + "; the harness gives every client " + CONNECT_TIMEOUT
                        + " and " + COMMAND_TIMEOUT);
            }
            this.client = RedisClient.connect(options);
        }

        @Override public long incr(String key) { return client.incr(key); }
        @Override public long rpush(String key, String value) { return client.rpush(key, value); }

        @Override
        public long probe() {
            return ((RespInteger) client.execute(Command.of("EVAL", PROBE_SCRIPT, "1", PROBE_KEY))).value();
        }

        @Override
        public Outcome outcome(RuntimeException e) {
            return FailoverLoad.Target.tetherOutcome(e);
        }

        @Override public void close() { client.close(); }
    }

    /** Lettuce's RedisClient with a Sentinel RedisURI: one StatefulRedisConnection to the primary. */
    final class Lettuce implements SentinelDriver {
        private final io.lettuce.core.RedisClient client;
        private final StatefulRedisConnection<String, String> connection;
        private final RedisCommands<String, String> sync;

        Lettuce(List<Integer> ports, String service) {
            RedisURI.Builder uri = RedisURI.Builder.sentinel("127.0.0.1", ports.get(0), service);
            ports.subList(1, ports.size()).forEach(p -> uri.withSentinel("127.0.0.1", p));
            this.client = io.lettuce.core.RedisClient.create(uri.withTimeout(COMMAND_TIMEOUT).build());
            client.setOptions(ClientOptions.builder()
                    .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                    .build());
            this.connection = client.connect();
            this.sync = connection.sync();
        }

        @Override public long incr(String key) { return sync.incr(key); }
        @Override public long rpush(String key, String value) { return sync.rpush(key, value); }

        @Override
        public long probe() {
            Long port = sync.eval(PROBE_SCRIPT, ScriptOutputType.INTEGER, PROBE_KEY);
            return port;
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Jedis 8's RedisSentinelClient, a pool of {@link #JEDIS_POOL}. */
    final class Jedis implements SentinelDriver {
        private final RedisSentinelClient client;

        Jedis(List<Integer> ports, String service) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            ports.forEach(p -> sentinels.add(new HostAndPort("127.0.0.1", p)));
            JedisClientConfig config = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                    .socketTimeoutMillis((int) COMMAND_TIMEOUT.toMillis()).build();
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(JEDIS_POOL);
            pool.setMaxIdle(JEDIS_POOL);
            this.client = RedisSentinelClient.builder().masterName(service).sentinels(sentinels)
                    .clientConfig(config).sentinelClientConfig(config).poolConfig(pool).build();
        }

        @Override public long incr(String key) { return client.incr(key); }
        @Override public long rpush(String key, String value) { return client.rpush(key, value); }

        @Override
        public long probe() {
            return (Long) client.eval(PROBE_SCRIPT, 1, PROBE_KEY);
        }

        @Override public void close() { client.close(); }
    }
}
