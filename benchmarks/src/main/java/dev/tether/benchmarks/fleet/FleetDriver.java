package dev.tether.benchmarks.fleet;

import dev.tether.connection.ConnectionEvent;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One client instance of the fleet: a client object with its defaults, GET and SET through it.
 * A JVM of {@link FleetRunner} opens {@link FleetCompare#TETHER_FLEET} of them for Tether, one
 * for each peer:
 *
 * <ul>
 *   <li>tether: {@code RedisClient.connect(options)} with {@code RedisOptions} built from
 *       {@code redis://127.0.0.1:<port>} and nothing else but a {@code ConnectionListener} that
 *       notes the time of each {@code BackingOff} event (one per failed connect attempt: an
 *       early connect replaces the armed timer and counts once). Defaults: backoff equal jitter
 *       100 ms to 2 s, early-connect window 50 ms, fail fast (CLOSED) while down.</li>
 *   <li>lettuce: {@code RedisClient.create(RedisURI)} and one {@code StatefulRedisConnection},
 *       its sync API; defaults (auto-reconnect, commands queued while disconnected, 60 s
 *       timeout).</li>
 *   <li>jedis: Jedis 8's {@code RedisClient} (the pooled {@code UnifiedJedis} that was
 *       {@code JedisPooled}) from its builder with host and port only: pool of 8, socket and
 *       connect timeouts 2 s; a command borrows a connection and opens one if the pool has none.</li>
 * </ul>
 */
interface FleetDriver extends AutoCloseable {

    /** The clients, in report order. */
    List<String> CLIENTS = List.of("tether", "lettuce", "jedis");

    /** GET {@code key}. */
    String get(String key);

    /** SET {@code key value}. */
    void set(String key, String value);

    /** Epoch ms of each BackingOff event so far (Tether only; empty for the peers). */
    default List<Long> backoffTimes() {
        return List.of();
    }

    @Override
    void close();

    /** Opens one instance of {@code client} against 127.0.0.1:{@code port}. */
    static FleetDriver open(String client, int port) {
        return switch (client) {
            case "tether" -> new Tether(port);
            case "lettuce" -> new Lettuce(port);
            case "jedis" -> new Jedis(port);
            default -> throw new IllegalArgumentException("unknown client " + client + " " + CLIENTS);
        };
    }

    /** How many instances of {@code client} one JVM runs. */
    static int instances(String client) {
        return client.equals("tether") ? FleetCompare.TETHER_FLEET : 1;
    }

    /** How the client is set up, for the report. */
    static String describe(String client) {
        return switch (client) {
            case "tether" -> FleetCompare.TETHER_FLEET + " RedisClient instances, defaults";
            case "lettuce" -> "1 RedisClient + StatefulRedisConnection, defaults";
            case "jedis" -> "1 pooled RedisClient (JedisPooled), defaults";
            default -> client;
        };
    }

    /** Tether: a {@link RedisClient} with default options and a listener noting backoffs. */
    final class Tether implements FleetDriver {
        private final ConcurrentLinkedQueue<Long> backoffs = new ConcurrentLinkedQueue<>();
        private final RedisClient client;

        Tether(int port) {
            this.client = RedisClient.connect(RedisOptions.builder().uri("redis://127.0.0.1:" + port)
                    .listener(this::onEvent).build());
        }

        private void onEvent(ConnectionEvent e) {
            if (e instanceof ConnectionEvent.BackingOff) {
                backoffs.add(System.currentTimeMillis());
            }
        }

        @Override public String get(String key) { return client.get(key); }
        @Override public void set(String key, String value) { client.set(key, value); }
        @Override public List<Long> backoffTimes() { return List.copyOf(backoffs); }
        @Override public void close() { client.close(); }
    }

    /** Lettuce: one {@link StatefulRedisConnection}, sync API, defaults. */
    final class Lettuce implements FleetDriver {
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
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    /** Jedis 8: a pooled {@code RedisClient}, defaults. */
    final class Jedis implements FleetDriver {
        private final redis.clients.jedis.RedisClient client;

        Jedis(int port) {
            this.client = redis.clients.jedis.RedisClient.builder().hostAndPort("127.0.0.1", port).build();
        }

        @Override public String get(String key) { return client.get(key); }
        @Override public void set(String key, String value) { client.set(key, value); }
        @Override public void close() { client.close(); }
    }
}
