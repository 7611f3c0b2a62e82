package dev.tether.redis.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configures and starts a {@link RedisSentinel}; get one from {@link RedisSentinel#builder()}.
 *
 * <p>Strict like {@link RedisServerBuilder}: every option may be set once and values are checked
 * at once. Defaults: service name {@code mymaster}, {@code down-after-milliseconds} 1000,
 * {@code failover-timeout} 3000, 30 s for the whole start, plain TCP. The shape is fixed: one
 * primary, 2 replicas, 3 Sentinels with quorum 2.
 */
public final class RedisSentinelBuilder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private String serviceName;
    private Duration downAfter;
    private Duration failoverTimeout;
    private Duration startTimeout;
    private TlsFiles tls;

    RedisSentinelBuilder() {}

    /**
     * The name the Sentinels monitor the primary under ({@code sentinel monitor NAME ...}).
     *
     * @param name letters, digits, {@code .}, {@code _} or {@code -}; default {@code mymaster}
     * @return this builder
     */
    public RedisSentinelBuilder serviceName(String name) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("serviceName must be letters, digits, '.', '_' or '-', got '"
                    + name + "'");
        }
        this.serviceName = once(this.serviceName, name, "serviceName");
        return this;
    }

    /**
     * The {@code down-after-milliseconds}: how long the primary may not answer before a Sentinel
     * considers it down (and, with a quorum agreeing, starts a failover).
     *
     * @param timeout whole milliseconds, at least 1; default 1000 ms
     * @return this builder
     */
    public RedisSentinelBuilder downAfter(Duration timeout) {
        this.downAfter = once(this.downAfter, millis(timeout, "downAfter"), "downAfter");
        return this;
    }

    /**
     * The {@code failover-timeout}: bounds each failover step, and a Sentinel waits twice this
     * long before it retries a failover of the same primary.
     *
     * @param timeout whole milliseconds, at least 1; default 3000 ms
     * @return this builder
     */
    public RedisSentinelBuilder failoverTimeout(Duration timeout) {
        this.failoverTimeout = once(this.failoverTimeout, millis(timeout, "failoverTimeout"), "failoverTimeout");
        return this;
    }

    /**
     * How long {@link #start()} may take in all: the data nodes, their replication, the Sentinels
     * and the wait until every Sentinel knows the whole setup.
     *
     * @param timeout positive; default 30 s
     * @return this builder
     */
    public RedisSentinelBuilder startTimeout(Duration timeout) {
        if (Objects.requireNonNull(timeout, "startTimeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + timeout);
        }
        this.startTimeout = once(this.startTimeout, timeout, "startTimeout");
        return this;
    }

    /**
     * Runs every process TLS-only: each data node and Sentinel listens with {@code tls-port} (and
     * {@code port 0}) on its port, the replicas replicate and the Sentinels talk to the data nodes
     * and to each other over TLS ({@code tls-replication yes}). Every process presents this
     * certificate and key and trusts this CA; clients need no certificate of their own
     * ({@code tls-auth-clients no}). The kit's own connections (e.g.
     * {@link RedisServer#execute(String...)} on {@link RedisSentinel#nodes()} and
     * {@link RedisSentinel#sentinels()}) speak TLS too, trusting the CA without checking the
     * name. For clients that check names, the certificate should name {@code IP:127.0.0.1}.
     *
     * @param certificate the PEM certificate ({@code tls-cert-file}), signed by {@code ca}
     * @param key its PEM private key ({@code tls-key-file})
     * @param ca the PEM CA certificates to trust ({@code tls-ca-cert-file})
     * @return this builder
     */
    public RedisSentinelBuilder tls(Path certificate, Path key, Path ca) {
        TlsFiles files = new TlsFiles(readable(certificate, "certificate"), readable(key, "key"),
                readable(ca, "ca"));
        this.tls = once(this.tls, files, "tls");
        return this;
    }

    /**
     * Starts the primary, its 2 replicas and the 3 Sentinels and blocks until the setup is stable
     * (see {@link RedisSentinel#awaitStable(Duration)}). If any step fails, every process started
     * so far is stopped before the exception is thrown.
     *
     * @return the running setup; close it
     * @throws RedisServerException if a process or the wait fails
     */
    public RedisSentinel start() {
        return RedisSentinel.start(new Settings(
                serviceName == null ? "mymaster" : serviceName,
                downAfter == null ? Duration.ofMillis(1000) : downAfter,
                failoverTimeout == null ? Duration.ofMillis(3000) : failoverTimeout,
                startTimeout == null ? Duration.ofSeconds(30) : startTimeout, tls));
    }

    private static <T> T once(T current, T value, String option) {
        if (current != null) {
            throw new IllegalStateException(option + " is already set");
        }
        return value;
    }

    private static Duration millis(Duration timeout, String name) {
        if (Objects.requireNonNull(timeout, name).toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + timeout);
        }
        return timeout;
    }

    private static Path readable(Path file, String name) {
        Path path = Objects.requireNonNull(file, name).toAbsolutePath();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("the TLS " + name + " file is not a readable file: " + path);
        }
        return path;
    }

    /** The PEM files of a TLS setup, absolute (the processes run in their own dirs). */
    record TlsFiles(Path certificate, Path key, Path ca) {

        /** The TLS options every process gets, as {@code redis-server} arguments. */
        List<String> args() {
            return List.of("--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
                    "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no", "--tls-replication", "yes");
        }

        /** The same options as {@code sentinel.conf} lines. */
        List<String> configLines() {
            List<String> args = args();
            return java.util.stream.IntStream.range(0, args.size() / 2)
                    .mapToObj(i -> args.get(2 * i).substring(2) + " \"" + args.get(2 * i + 1) + "\"").toList();
        }
    }

    /** The frozen options; {@code tls} is null for plain TCP. */
    record Settings(String serviceName, Duration downAfter, Duration failoverTimeout, Duration startTimeout,
                    TlsFiles tls) {

        /** Replicas of the primary. */
        static final int REPLICAS = 2;
        /** Sentinel processes. */
        static final int SENTINELS = 3;
        /** Sentinels that must agree the primary is down. */
        static final int QUORUM = 2;
    }
}
