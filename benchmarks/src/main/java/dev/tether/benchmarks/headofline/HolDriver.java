package dev.tether.benchmarks.headofline;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;

/**
 * The three commands of the head-of-line load (GET, SET, {@code BLPOP key <seconds>}) through
 * each client, ONE client object shared by every caller thread of the JVM, each with its
 * defaults unless said here:
 *
 * <ul>
 *   <li>tether: {@code RedisClient.connect(RedisOptions.fromUri("redis://..."))}, the typed
 *       {@code blpop(Duration, key)}. Whether BLPOP shares the connection with GET/SET is the
 *       client's own choice: the harness does not tell it (command timeout 5 s by default,
 *       blocking commands get their server-side timeout on top).</li>
 *   <li>lettuce: one {@code StatefulRedisConnection} from {@code RedisClient.connect}, its sync
 *       API shared by every caller, {@code blpop(seconds, key)} on the same connection (command
 *       timeout 60 s by default).</li>
 *   <li>jedis: Jedis 8's {@code RedisClient} (a pooled {@code UnifiedJedis}, what
 *       {@code JedisPooled} was) with a pool of {@link #JEDIS_POOL} = 64 callers + 8 blockers
 *       (maxTotal = maxIdle), so each call has a connection of its own; BLPOP runs with an
 *       infinite socket timeout (Jedis does that for blocking commands), the rest with the 2 s
 *       default.</li>
 * </ul>
 */
interface HolDriver {

    /** The clients, in report order. */
    List<String> CLIENTS = List.of("tether", "lettuce", "jedis");

    /** Jedis's pool: one connection per caller and per blocker. */
    int JEDIS_POOL = 72;

    /** GET {@code key}. */
    String get(String key);

    /** SET {@code key value}. */
    void set(String key, String value);

    /** BLPOP {@code key seconds}: true when it popped something, false when the timeout passed. */
    boolean blpop(String key, int seconds);

    /** How the client is set up, for the report. */
    String describe();

    /** Opens {@code client} against 127.0.0.1:{@code port}. */
    static HolDriver open(String client, int port) {
        return switch (client) {
            case "tether" -> new Tether(port);
            case "lettuce" -> new Lettuce(port);
            case "jedis" -> new Jedis(port);
            default -> throw new IllegalArgumentException("unknown client " + client + " " + CLIENTS);
        };
    }

    /** Tether: one {@link RedisClient}, defaults. */
    final class Tether implements HolDriver {
        private final RedisClient client;

        Tether(int port) {
            this.client = RedisClient.connect(RedisOptions.fromUri("redis://127.0.0.1:" + port));
        }

        @Override public String get(String key) { return client.get(key); }
        @Override public void set(String key, String value) { client.set(key, value); }

        @Override
        public boolean blpop(String key, int seconds) {
            return client.blpop(Duration.ofSeconds(seconds), key) != null;
        }

        @Override
        public String describe() {
            return "one RedisClient";
        }
    }

    /** Lettuce: one {@link StatefulRedisConnection}, sync API, defaults. */
    final class Lettuce implements HolDriver {
        private final io.lettuce.core.RedisClient client;
        private final StatefulRedisConnection<String, String> connection;
        private final RedisCommands<String, String> sync;

        Lettuce(int port) {
            this.client = io.lettuce.core.RedisClient.create(RedisURI.create("127.0.0.1", port));
            this.connection = client.connect();
            this.sync = connection.sync();
        }

        @Override public String get(String key) { return sync.get(key); }
        @Override public void set(String key, String value) { sync.set(key, value); }

        @Override
        public boolean blpop(String key, int seconds) {
            return sync.blpop(seconds, key) != null;
        }

        @Override
        public String describe() {
            return "one StatefulRedisConnection";
        }
    }

    /** Jedis 8: a pooled {@code RedisClient}, {@link #JEDIS_POOL} connections. */
    final class Jedis implements HolDriver {
        private final redis.clients.jedis.RedisClient client;

        Jedis(int port) {
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(JEDIS_POOL);
            pool.setMaxIdle(JEDIS_POOL);
            this.client = redis.clients.jedis.RedisClient.builder().hostAndPort("127.0.0.1", port)
                    .poolConfig(pool).build();
        }

        @Override public String get(String key) { return client.get(key); }
        @Override public void set(String key, String value) { client.set(key, value); }

        @Override
        public boolean blpop(String key, int seconds) {
            List<String> r = client.blpop(seconds, key);
            return r != null && !r.isEmpty();
        }

        @Override
        public String describe() {
            return "pool of " + JEDIS_POOL;
        }
    }
}
