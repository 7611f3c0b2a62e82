package dev.tether.micrometer;

import dev.tether.connection.ConnectionListener;
import dev.tether.redis.CommandFinished;
import dev.tether.redis.CommandListener;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisClusterClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Publishes a Tether Redis client's metrics to a Micrometer {@link MeterRegistry}: a timer per
 * command and outcome, failures by reason, reconnects, Pub/Sub messages, and gauges of the
 * client's connection.
 *
 * <pre>{@code
 * TetherMetrics metrics = TetherMetrics.builder(registry).clientName("orders").build();
 * RedisOptions options = RedisOptions.builder().commandListener(metrics).listener(metrics.lifecycle()).build();
 * RedisClient client = RedisClient.connect(options);
 * metrics.bindGauges(client);
 * }</pre>
 *
 * <p>Meters (every one tagged {@code client}; names under the {@link Builder#prefix prefix},
 * {@code tether.redis} by default):
 * <ul>
 *   <li>{@code <prefix>.commands}, timer, tags {@code command}, {@code outcome}, {@code node},
 *       {@code role}: every command a client reports (see {@link CommandListener}). {@code outcome}
 *       is {@link CommandFinished#outcomeTag()}: {@code ok}, {@code server_error}, {@code aborted}, or
 *       the failure's reason ({@code timeout}, {@code disconnected}...). Publishes the configured
 *       percentiles.</li>
 *   <li>{@code <prefix>.failures}, counter, tags {@code node}, {@code reason}: commands that failed
 *       between client and server (outcome FAILED; a server's error reply is not a failure here).</li>
 *   <li>{@code <prefix>.reconnects}, counter: a connection came back, i.e. a {@code Connected}
 *       event for a connection that had connected before (see {@link #lifecycle()}).</li>
 *   <li>{@code <prefix>.disconnects}, counter: a connection was lost ({@code Disconnected} events).</li>
 *   <li>{@code <prefix>.pubsub.messages.delivered} and {@code <prefix>.pubsub.messages.dropped},
 *       counters, tag {@code node}: a subscriber's messages.</li>
 *   <li>Gauges from {@link #bindGauges(RedisClient)} and {@link #bindGauges(RedisClusterClient)}.</li>
 * </ul>
 *
 * <p>Tag cardinality is bounded: a command name outside {@link Builder#commands the configured set}
 * is tagged {@code other}; {@code node} takes one value per server of the deployment. Commands
 * never carry their arguments, so no key, value or password reaches a tag.
 *
 * <p>One instance may serve several clients of the same {@code clientName} (their timers add up);
 * give each client a name of its own to tell them apart. Thread-safe; the hot path looks meters up
 * in a cache and builds nothing once a meter exists.
 */
public final class TetherMetrics implements CommandListener {

    /** The commands tagged by name when {@link Builder#commands} is not set; any other is {@code other}. */
    public static final Set<String> DEFAULT_COMMANDS = Set.of(
            "GET", "SET", "MGET", "MSET", "GETDEL", "GETEX", "SETNX", "SETEX", "APPEND", "STRLEN",
            "INCR", "INCRBY", "DECR", "DECRBY", "DEL", "UNLINK", "EXISTS", "EXPIRE", "PEXPIRE", "TTL", "PTTL",
            "TYPE", "SCAN", "HGET", "HSET", "HMGET", "HGETALL", "HDEL", "HINCRBY", "HEXISTS", "HSCAN",
            "LPUSH", "RPUSH", "LPOP", "RPOP", "LRANGE", "LLEN", "LMOVE", "BLPOP", "BRPOP", "BLMOVE",
            "SADD", "SREM", "SMEMBERS", "SISMEMBER", "SCARD", "SSCAN",
            "ZADD", "ZREM", "ZRANGE", "ZSCORE", "ZINCRBY", "ZCARD", "ZRANK", "BZPOPMIN", "BZPOPMAX",
            "XADD", "XREAD", "XREADGROUP", "XACK", "XRANGE", "XLEN",
            "PUBLISH", "SPUBLISH", "SUBSCRIBE", "UNSUBSCRIBE", "PSUBSCRIBE", "PUNSUBSCRIBE", "SSUBSCRIBE",
            "SUNSUBSCRIBE", "PING", "EVAL", "EVALSHA", "FCALL", "WAIT");

    private final MeterRegistry registry;
    private final String prefix;
    private final String clientName;
    private final CommandMeters commands;
    private final LifecycleMeters lifecycle;
    private final ClientGauges gauges;

    private TetherMetrics(Builder b) {
        this.registry = b.registry;
        this.prefix = b.prefix;
        this.clientName = b.clientName;
        this.commands = new CommandMeters(registry, prefix, clientName, b.percentiles, b.commands);
        this.lifecycle = new LifecycleMeters(registry, prefix, clientName);
        this.gauges = new ClientGauges(registry, prefix, clientName);
    }

    /** A builder publishing to {@code registry}. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * The lifecycle listener to register with {@code RedisOptions.Builder.listener(...)}: counts
     * reconnects and disconnects. Dedicated connections and Cluster nodes report through it too,
     * each connection by its own name.
     */
    public ConnectionListener lifecycle() {
        return lifecycle;
    }

    /**
     * Registers the gauges of {@code client}, which they reference weakly (a collected client
     * reads NaN): {@code <prefix>.commands.in.flight} ({@link RedisClient#inFlight()}),
     * {@code <prefix>.hold.queue.size} ({@link RedisClient#held()}) and
     * {@code <prefix>.connection.state}: 1 while the client is CONNECTED, else 0. Micrometer
     * keeps the first gauge of a name and tags, so bind one client per {@code clientName}, or
     * {@link #unbindGauges()} before binding the next.
     */
    public void bindGauges(RedisClient client) {
        gauges.bind(Objects.requireNonNull(client, "client"));
    }

    /**
     * Registers a Cluster client's gauges, weakly referenced: {@code <prefix>.cluster.nodes} (the
     * nodes it knows) and {@code <prefix>.cluster.nodes.connected} (those CONNECTED).
     */
    public void bindGauges(RedisClusterClient client) {
        gauges.bind(Objects.requireNonNull(client, "client"));
    }

    /** Removes the gauges {@code bindGauges} registered through this instance. */
    public void unbindGauges() {
        gauges.unbindAll();
    }

    @Override
    public void finished(CommandFinished event) {
        commands.finished(event);
    }

    @Override
    public void messageDelivered(String node) {
        commands.delivered(node);
    }

    @Override
    public void messagesDropped(String node, long count) {
        commands.dropped(node, count);
    }

    @Override
    public String toString() {
        return "TetherMetrics[" + prefix + ", client=" + clientName + "]";
    }

    /** Configures a {@link TetherMetrics}; every setting has a default. */
    public static final class Builder {
        private final MeterRegistry registry;
        private String prefix = "tether.redis";
        private String clientName = "default";
        private List<Double> percentiles = List.of(0.5, 0.95, 0.99);
        private Set<String> commands = DEFAULT_COMMANDS;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The meters' name prefix, dot-separated lower case; default {@code tether.redis}. */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isBlank() || prefix.startsWith(".") || prefix.endsWith(".")) {
                throw new IllegalArgumentException("a prefix like tether.redis, got '" + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /** The {@code client} tag on every meter; default {@code default}. */
        public Builder clientName(String name) {
            Objects.requireNonNull(name, "clientName");
            if (name.isBlank()) {
                throw new IllegalArgumentException("clientName is blank");
            }
            this.clientName = name;
            return this;
        }

        /** The percentiles the command timer publishes, each in [0, 1]; default 0.5, 0.95, 0.99; none for none. */
        public Builder percentiles(double... percentiles) {
            Objects.requireNonNull(percentiles, "percentiles");
            for (double p : percentiles) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("a percentile is in [0, 1], got " + p);
                }
            }
            this.percentiles = java.util.Arrays.stream(percentiles).boxed().toList();
            return this;
        }

        /**
         * The command names tagged as themselves (case-insensitive); any other command is tagged
         * {@code other}, which keeps the tag's cardinality bounded. Default {@link #DEFAULT_COMMANDS}.
         */
        public Builder commands(Set<String> names) {
            Objects.requireNonNull(names, "commands");
            this.commands = names.stream().map(n -> n.toUpperCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
            return this;
        }

        /** The metrics; meters are registered as they are first needed. */
        public TetherMetrics build() {
            return new TetherMetrics(this);
        }
    }
}
