package dev.tether.redis;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionListener;
import dev.tether.core.net.TlsOptions;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.resp.RespPush;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a {@link RedisClient} connects and behaves. Immutable; built by {@link #builder()} or
 * parsed from a URI by {@link #fromUri(String)}. The builder rejects an option set twice or a
 * value out of range with a message saying why. Each default is stated once, on its builder
 * method; the README's options table repeats them. Secrets never appear in {@link #toString()}.
 *
 * <p>Past 400 lines on purpose: each option is a field, an accessor and a builder method that
 * documents its default, and they read best side by side. URI parsing lives in {@code RedisUri}.
 */
public final class RedisOptions {

    private final String host;
    private final int port;
    private final Path unixSocket;
    private final TlsOptions tls;
    private final Supplier<Credentials> credentials;
    private final boolean rotatingCredentials;
    private final int database;
    private final String clientName;
    private final int protocol;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final BackoffPolicy backoffPolicy;
    private final boolean syncConnect;
    private final boolean exitOnDisconnection;
    private final int holdQueueSize;
    private final Duration earlyConnectWindow;
    private final Duration healthCheckInterval;
    private final RespLimits respLimits;
    private final Consumer<RespPush> pushListener;
    private final List<ConnectionListener> listeners;
    private final boolean readOnlyReplica;
    private final SentinelOptions sentinel;
    private final int maxDedicatedConnections;
    private final Duration dedicatedIdleTimeout;
    private final boolean allowInfiniteBlocking;
    private final CommandListener commandListener;

    private RedisOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.unixSocket = b.unixSocket;
        this.tls = b.tls;
        this.credentials = b.credentials;
        this.rotatingCredentials = b.rotatingCredentials;
        this.database = b.database;
        this.clientName = b.clientName;
        this.protocol = b.protocol;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.backoffPolicy = b.backoffPolicy;
        this.syncConnect = b.syncConnect;
        this.exitOnDisconnection = b.exitOnDisconnection;
        this.holdQueueSize = b.holdQueueSize;
        this.earlyConnectWindow = b.earlyConnectWindow;
        this.healthCheckInterval = b.healthCheckInterval;
        this.respLimits = b.respLimits;
        this.pushListener = b.pushListener;
        this.listeners = List.copyOf(b.listeners);
        this.readOnlyReplica = false;
        this.sentinel = b.sentinel;
        this.maxDedicatedConnections = b.maxDedicatedConnections;
        this.dedicatedIdleTimeout = b.dedicatedIdleTimeout;
        this.allowInfiniteBlocking = b.allowInfiniteBlocking;
        this.commandListener = b.commandListener;
    }

    /**
     * These options for another server (a cluster node): the same credentials, TLS, timeouts,
     * protocol and backoff, at {@code host:port}; {@code syncConnect} as given.
     */
    RedisOptions atAddress(String host, int port, boolean syncConnect) {
        return new RedisOptions(this, host, port, syncConnect, false, null);
    }

    /**
     * As {@link #atAddress(String, int, boolean)} for a cluster node: {@code readOnly} makes the
     * handshake send READONLY (a replica serving reads), and {@code listener} is added to the
     * options' own lifecycle listeners (null for none).
     */
    RedisOptions atClusterNode(String host, int port, boolean readOnly, ConnectionListener listener) {
        return new RedisOptions(this, host, port, false, readOnly, listener);
    }

    /** Whether the handshake sends READONLY: a cluster replica's connection that serves reads. */
    boolean readOnlyReplica() {
        return readOnlyReplica;
    }

    private RedisOptions(RedisOptions o, String host, int port, boolean syncConnect, boolean readOnly,
                         ConnectionListener extra) {
        this.host = host;
        this.port = port;
        this.unixSocket = null;
        this.tls = o.tls;
        this.credentials = o.credentials;
        this.rotatingCredentials = o.rotatingCredentials;
        this.database = o.database;
        this.clientName = o.clientName;
        this.protocol = o.protocol;
        this.connectTimeout = o.connectTimeout;
        this.commandTimeout = o.commandTimeout;
        this.backoffPolicy = o.backoffPolicy;
        this.syncConnect = syncConnect;
        this.exitOnDisconnection = o.exitOnDisconnection;
        this.holdQueueSize = o.holdQueueSize;
        this.earlyConnectWindow = o.earlyConnectWindow;
        this.healthCheckInterval = o.healthCheckInterval;
        this.respLimits = o.respLimits;
        this.pushListener = o.pushListener;
        List<ConnectionListener> all = new ArrayList<>(o.listeners);
        if (extra != null) {
            all.add(extra);
        }
        this.listeners = List.copyOf(all);
        this.readOnlyReplica = readOnly;
        this.sentinel = null; // a node at a known address
        this.maxDedicatedConnections = o.maxDedicatedConnections;
        this.dedicatedIdleTimeout = o.dedicatedIdleTimeout;
        this.allowInfiniteBlocking = o.allowInfiniteBlocking;
        this.commandListener = o.commandListener;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code redis://[[user]:password@]host[:port][/database]},
     * {@code rediss://...} (TLS with the JVM's trust store, hostname verification on),
     * {@code unix:///path/to/socket[?database=N]}, or
     * {@code redis-sentinel://[[user]:password@]host1[:port1][,host2[:port2]...]/service-name}
     * (the sentinels, default port 26379, and the service they monitor; the user info is the data
     * nodes' credentials; {@code rediss-sentinel://} uses TLS to the sentinels and the data nodes).
     * Query parameters: {@code database}, {@code clientName}, {@code protocol}. Everything else
     * keeps its default.
     */
    public static RedisOptions fromUri(String uri) {
        return builder().uri(uri).build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The Unix socket path, or null for TCP. */
    public Path unixSocket() {
        return unixSocket;
    }

    /** TLS settings, or null for plain TCP. */
    public TlsOptions tls() {
        return tls;
    }

    /** Where credentials come from, or null for none. */
    public Supplier<Credentials> credentials() {
        return credentials;
    }

    /** True when credentials come from a supplier that may rotate them (refusals are retried). */
    public boolean rotatingCredentials() {
        return rotatingCredentials;
    }

    public int database() {
        return database;
    }

    public String clientName() {
        return clientName;
    }

    public int protocol() {
        return protocol;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public BackoffPolicy backoffPolicy() {
        return backoffPolicy;
    }

    public boolean syncConnect() {
        return syncConnect;
    }

    public boolean exitOnDisconnection() {
        return exitOnDisconnection;
    }

    public int holdQueueSize() {
        return holdQueueSize;
    }

    public Duration earlyConnectWindow() {
        return earlyConnectWindow;
    }

    /** Null when the health check is off. */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    public RespLimits respLimits() {
        return respLimits;
    }

    /** Null when no listener was set. */
    public Consumer<RespPush> pushListener() {
        return pushListener;
    }

    /** Lifecycle listeners of the connection (connected, disconnected with why, backing off, stopped). */
    public List<ConnectionListener> listeners() {
        return listeners;
    }

    /** How many dedicated connections (blocking commands, watch transactions) the client may keep. */
    public int maxDedicatedConnections() {
        return maxDedicatedConnections;
    }

    /** How long an unused dedicated connection stays open. */
    public Duration dedicatedIdleTimeout() {
        return dedicatedIdleTimeout;
    }

    /** Whether a blocking command may carry timeout 0 (block forever). */
    public boolean allowInfiniteBlocking() {
        return allowInfiniteBlocking;
    }

    /** What sees every command start and finish, or null. */
    public CommandListener commandListener() {
        return commandListener;
    }

    /** The Sentinel deployment the primary is found through, or null for a server at {@link #host()}:{@link #port()}. */
    public SentinelOptions sentinel() {
        return sentinel;
    }

    /** "127.0.0.1:6379", "unix:/tmp/redis.sock", "sentinel mymaster", for logs. */
    public String address() {
        return sentinel != null ? "sentinel " + sentinel.serviceName()
                : unixSocket != null ? "unix:" + unixSocket : host + ":" + port;
    }

    @Override
    public String toString() {
        return "RedisOptions[" + address() + (tls != null ? ", tls" : "")
                + (credentials != null ? ", credentials=***" : "")
                + ", database=" + database + (clientName != null ? ", clientName=" + clientName : "")
                + ", protocol=" + protocol + ", connectTimeout=" + connectTimeout
                + ", commandTimeout=" + commandTimeout + ", backoff=" + backoffPolicy
                + ", syncConnect=" + syncConnect + ", exitOnDisconnection=" + exitOnDisconnection
                + ", holdQueueSize=" + holdQueueSize + ", earlyConnectWindow=" + earlyConnectWindow
                + ", healthCheckInterval=" + healthCheckInterval + "]";
    }

    /** Builds {@link RedisOptions}; each option may be set once. */
    public static final class Builder {
        private final Set<String> set = new HashSet<>();
        private String host = "127.0.0.1";
        private int port = 6379;
        private Path unixSocket;
        private TlsOptions tls;
        private Supplier<Credentials> credentials;
        private boolean rotatingCredentials;
        private int database;
        private String clientName;
        private int protocol = 3;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(5);
        /** Equal jitter, 100 ms to 2 s: once grown, 1-2 s between attempts, so a long outage is retried gently. */
        private BackoffPolicy backoffPolicy = BackoffPolicy.equalJitter(Duration.ofMillis(100), Duration.ofSeconds(2));
        private boolean syncConnect;
        private boolean exitOnDisconnection;
        private int holdQueueSize;
        private Duration earlyConnectWindow = Duration.ofMillis(50);
        private Duration healthCheckInterval = Duration.ofSeconds(1);
        private RespLimits respLimits = RespLimits.DEFAULT;
        private Consumer<RespPush> pushListener;
        private final List<ConnectionListener> listeners = new ArrayList<>();
        private SentinelOptions sentinel;
        private int maxDedicatedConnections = 8;
        private Duration dedicatedIdleTimeout = Duration.ofSeconds(60);
        private boolean allowInfiniteBlocking;
        private CommandListener commandListener;

        private Builder() {
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " was already set on this builder");
            }
        }

        private static Duration positive(String option, Duration value) {
            Objects.requireNonNull(value, option);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(option + " must be positive, got " + value);
            }
            return value;
        }

        /** Server host; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            once("host");
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** Server port; default 6379. */
        public Builder port(int port) {
            once("port");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 1..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Connect through a Unix domain socket instead of TCP; default none. */
        public Builder unixSocket(Path path) {
            once("unixSocket");
            this.unixSocket = Objects.requireNonNull(path, "unixSocket");
            return this;
        }

        /**
         * Find the primary through Redis Sentinel instead of at host/port: asked on every
         * connect, checked with ROLE, followed on {@code +switch-master}. Default none.
         */
        public Builder sentinel(SentinelOptions sentinel) {
            once("sentinel");
            this.sentinel = Objects.requireNonNull(sentinel, "sentinel");
            return this;
        }

        /** TLS (hostname verification on unless turned off in {@code tls}); default none. */
        public Builder tls(TlsOptions tls) {
            once("tls");
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** The default user's password (AUTH); default none. */
        public Builder password(String password) {
            return credentials(new Credentials(null, Objects.requireNonNull(password, "password")));
        }

        /** An ACL user and password; default none. */
        public Builder credentials(Credentials credentials) {
            once("credentials");
            Objects.requireNonNull(credentials, "credentials");
            this.credentials = () -> credentials;
            return this;
        }

        /**
         * Credentials read on every connect, for rotation. A refusal (WRONGPASS...) is then retried
         * with backoff within the policy's limits, since the supplier may hand out new ones.
         */
        public Builder credentials(Supplier<Credentials> supplier) {
            once("credentials");
            this.credentials = Objects.requireNonNull(supplier, "credentials supplier");
            this.rotatingCredentials = true;
            return this;
        }

        /** Database number selected on every connect; default 0. */
        public Builder database(int database) {
            once("database");
            if (database < 0) {
                throw new IllegalArgumentException("database must not be negative, got " + database);
            }
            this.database = database;
            return this;
        }

        /** CLIENT SETNAME on every connect; default none. */
        public Builder clientName(String name) {
            once("clientName");
            Objects.requireNonNull(name, "clientName");
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("clientName must be non-empty without spaces, got '" + name + "'");
            }
            this.clientName = name;
            return this;
        }

        /** RESP version, 2 or 3; default 3 (HELLO 3, falling back to RESP2 on servers without it). */
        public Builder protocol(int version) {
            once("protocol");
            if (version != 2 && version != 3) {
                throw new IllegalArgumentException("protocol must be 2 or 3, got " + version);
            }
            this.protocol = version;
            return this;
        }

        /**
         * Bound on connecting plus the handshake; default 5 s. A command issued while an attempt
         * runs waits at most until that attempt ends (never across attempts): if it fails, the
         * command fails with CLOSED.
         */
        public Builder connectTimeout(Duration timeout) {
            once("connectTimeout");
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Per-command deadline, caller side; default 5 s. Blocking commands add their own timeout. */
        public Builder commandTimeout(Duration timeout) {
            once("commandTimeout");
            this.commandTimeout = positive("commandTimeout", timeout);
            return this;
        }

        /**
         * Reconnect delays; default equal jitter from 100 ms to 2 s (once grown, 1-2 s between
         * attempts: a fleet of clients does not hammer a recovering server, and a client is back
         * within about 2 s of the server). The core's {@link BackoffPolicy#defaultPolicy()}
         * (full jitter, 100 ms to 10 s) is for connections in general; this is the Redis client's.
         */
        public Builder backoffPolicy(BackoffPolicy policy) {
            once("backoffPolicy");
            this.backoffPolicy = Objects.requireNonNull(policy, "backoffPolicy");
            return this;
        }

        /** Make {@code RedisClient.connect} wait for the first connection and fail if it cannot; default false. */
        public Builder syncConnect(boolean on) {
            once("syncConnect");
            this.syncConnect = on;
            return this;
        }

        /** Stop the client instead of reconnecting when the connection drops; default false. */
        public Builder exitOnDisconnection(boolean on) {
            once("exitOnDisconnection");
            this.exitOnDisconnection = on;
            return this;
        }

        /**
         * Commands issued while disconnected wait (up to their deadline) in a queue of this size
         * instead of failing fast with CLOSED; default 0 (fail fast).
         */
        public Builder holdQueueSize(int size) {
            once("holdQueueSize");
            if (size < 0) {
                throw new IllegalArgumentException("holdQueueSize must not be negative, got " + size);
            }
            this.holdQueueSize = size;
            return this;
        }

        /**
         * The first early-connect window: while down, commands bring the next connect attempt
         * forward at most once per window. The window keeps this size for the first second of an
         * outage (a restart is over within a window of the server coming back), then doubles
         * with each failure, with equal jitter, up to nine tenths of the backoff policy's cap
         * (with the default policy, 0.9-1.8 s between attempts once grown, so a client under load
         * is back within 1.8 s plus one connect), so a long outage is retried at the policy's
         * pace however hard callers push. An early attempt is the next scheduled one brought
         * forward: it counts once. Default 50 ms.
         */
        public Builder earlyConnectWindow(Duration window) {
            once("earlyConnectWindow");
            this.earlyConnectWindow = positive("earlyConnectWindow", window);
            return this;
        }

        /**
         * How often the health check runs; default 1 s. It is the pipe's stall check: it tears
         * the connection down (reason HEALTH_CHECK) when the oldest reply is overdue by this
         * interval past its deadline (the command timeout, plus a blocking command's block time),
         * even if the server trickles bytes meanwhile; a connection idle for a whole interval gets a PING,
         * so a dead idle connection is found the same way. Null turns it off.
         */
        public Builder healthCheckInterval(Duration interval) {
            once("healthCheckInterval");
            this.healthCheckInterval = interval == null ? null : positive("healthCheckInterval", interval);
            return this;
        }

        /**
         * Decoder limits against a broken or hostile server; default {@link RespLimits#DEFAULT}.
         * {@link RespLimits#maxBulkLength()} (512 MiB, the server's own {@code proto-max-bulk-len})
         * also bounds what is sent: a command with a longer argument is refused before anything
         * is written, instead of making the server drop the connection every caller shares.
         */
        public Builder respLimits(RespLimits limits) {
            once("respLimits");
            this.respLimits = Objects.requireNonNull(limits, "respLimits");
            return this;
        }

        /**
         * Receives RESP3 push frames (e.g. client-side caching invalidations), in order, on a
         * thread of the client's own; default none (pushes are dropped with a debug log).
         */
        public Builder pushListener(Consumer<RespPush> listener) {
            once("pushListener");
            this.pushListener = Objects.requireNonNull(listener, "pushListener");
            return this;
        }

        /**
         * Adds a lifecycle listener: {@code Connected}, {@code Disconnected} (its info says why:
         * a socket event, a write error, a health-check failure), {@code BackingOff} with delay
         * and attempt, {@code Stopped}. Called on the connection's loop: be quick, never block.
         * May be called many times; default none.
         */
        public Builder listener(ConnectionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How many dedicated connections the client may keep beside the shared one; default 8.
         * Blocking commands (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN/MAX, BZMPOP, XREAD and
         * XREADGROUP with BLOCK, and pipelines holding any of them or WAIT) and watch transactions
         * run on one, so they never hold up the callers of the shared connection. A caller finding
         * all of them busy waits for one within its command timeout, then fails with
         * {@code OVERLOADED}. At least 1.
         */
        public Builder maxDedicatedConnections(int max) {
            once("maxDedicatedConnections");
            if (max < 1) {
                throw new IllegalArgumentException("maxDedicatedConnections must be at least 1, got " + max);
            }
            this.maxDedicatedConnections = max;
            return this;
        }

        /** A dedicated connection unused for this long is closed; default 60 s. */
        public Builder dedicatedIdleTimeout(Duration timeout) {
            once("dedicatedIdleTimeout");
            this.dedicatedIdleTimeout = positive("dedicatedIdleTimeout", timeout);
            return this;
        }

        /**
         * Whether a blocking command may block forever (timeout 0: {@code BLPOP key 0},
         * {@code XREAD BLOCK 0}, {@code WAIT n 0}); default false: such a command is refused with an
         * {@link IllegalArgumentException} before anything is sent, since a caller waiting forever
         * is usually a bug. When on, it waits until a reply comes or the client closes; a
         * connection that dies silently meanwhile is not noticed (nothing is due).
         */
        public Builder allowInfiniteBlocking(boolean on) {
            once("allowInfiniteBlocking");
            this.allowInfiniteBlocking = on;
            return this;
        }

        /**
         * Sees every command start and finish: name (never arguments), node, latency, outcome;
         * see {@link CommandListener}. Default none, and then nothing is measured.
         */
        public Builder commandListener(CommandListener listener) {
            once("commandListener");
            this.commandListener = Objects.requireNonNull(listener, "commandListener");
            return this;
        }

        /** Sets address, credentials, database, TLS and query options from a URI; see {@link #fromUri}. */
        public Builder uri(String uri) {
            RedisUri.apply(Objects.requireNonNull(uri, "uri"), this);
            return this;
        }

        /** The options. */
        public RedisOptions build() {
            if (unixSocket != null && tls != null) {
                throw new IllegalArgumentException("TLS over a Unix socket is not supported");
            }
            if (unixSocket != null && (set.contains("host") || set.contains("port"))) {
                throw new IllegalArgumentException("set either host/port or unixSocket, not both");
            }
            if (sentinel != null && (unixSocket != null || set.contains("host") || set.contains("port"))) {
                throw new IllegalArgumentException("with Sentinel the sentinels name the primary: set no host, port or"
                        + " unixSocket");
            }
            return new RedisOptions(this);
        }
    }
}
