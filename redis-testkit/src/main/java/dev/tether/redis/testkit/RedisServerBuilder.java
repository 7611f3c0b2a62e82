package dev.tether.redis.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Configures and starts a {@link RedisServer}; get one from {@link RedisServer#builder()}.
 *
 * <p>Strict: every single-valued option may be set once, values are checked at once, and extra
 * arguments may not override what the kit manages itself ({@code --port}, {@code --bind},
 * {@code --dir}, {@code --logfile}, ...; use the dedicated methods instead). Defaults: a free
 * port on {@code 127.0.0.1}, a fresh temp dir, {@code --save ""}, {@code --appendonly no}, no
 * password, no unix socket, 10 s to become ready, 5 s to stop.
 */
public final class RedisServerBuilder {

    /** Longest unix socket path, in bytes, that fits {@code sockaddr_un} on Linux and macOS. */
    static final int MAX_SOCKET_PATH_BYTES = 103;

    private static final Set<String> RESERVED = Set.of(
            "port", "tls-port", "bind", "dir", "logfile", "daemonize", "unixsocket", "requirepass",
            "appendonly", "appendfsync", "maxclients", "supervised");

    private final List<String> args = new ArrayList<>();
    private Integer port;
    private String password;
    private boolean unixSocket;
    private Path unixSocketPath;
    private boolean tls;
    private Integer maxClients;
    private boolean appendOnly;
    private String binary;
    private Duration startTimeout;
    private Duration stopTimeout;
    private String sentinelConfig;
    private Path tlsTrust;

    RedisServerBuilder() {}

    /**
     * Appends extra {@code redis-server} arguments, e.g. {@code arg("--maxmemory", "10mb")} or the
     * TLS certificate options. The first element must be an option ({@code --name}); options the
     * kit manages are rejected.
     *
     * @param args an option and its values, possibly several options
     * @return this builder
     */
    public RedisServerBuilder arg(String... args) {
        Objects.requireNonNull(args, "args");
        if (args.length == 0 || args[0] == null || !args[0].startsWith("--")) {
            throw new IllegalArgumentException("arg(...) must start with an option like --maxmemory, got "
                    + (args.length == 0 ? "nothing" : args[0]));
        }
        for (String arg : args) {
            Objects.requireNonNull(arg, "an argument is null");
            if (arg.startsWith("--") && RESERVED.contains(arg.substring(2).toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(arg + " is managed by the kit; use the builder method instead");
            }
        }
        this.args.addAll(List.of(args));
        return this;
    }

    /**
     * Listens on this fixed port instead of a free one (no retry on another port if it is taken).
     *
     * @param port 1 to 65535
     * @return this builder
     */
    public RedisServerBuilder port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        this.port = once(this.port, port, "port");
        return this;
    }

    /**
     * Requires this password ({@code --requirepass}); {@link RedisServer#execute(String...)}
     * authenticates with it.
     *
     * @param password a non-empty password
     * @return this builder
     */
    public RedisServerBuilder password(String password) {
        if (Objects.requireNonNull(password, "password").isEmpty()) {
            throw new IllegalArgumentException("password must not be empty");
        }
        this.password = once(this.password, password, "password");
        return this;
    }

    /**
     * Also listens on a unix socket, {@code redis.sock} in a short temp dir.
     *
     * @return this builder
     */
    public RedisServerBuilder unixSocket() {
        this.unixSocket = once(this.unixSocket ? Boolean.TRUE : null, Boolean.TRUE, "unixSocket");
        return this;
    }

    /**
     * Also listens on a unix socket at this path (its parent must exist).
     *
     * @param path an absolute path of at most 103 bytes
     * @return this builder
     */
    public RedisServerBuilder unixSocket(Path path) {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("unix socket path must be absolute: " + path);
        }
        if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("unix socket path longer than " + MAX_SOCKET_PATH_BYTES
                    + " bytes (sockaddr_un limit): " + path);
        }
        unixSocket();
        this.unixSocketPath = path;
        return this;
    }

    /**
     * Serves TLS only: plain {@code --port 0} and {@code --tls-port} on the free (or fixed) port,
     * which {@link RedisServer#port()} then returns. Pass the certificate options with
     * {@link #arg(String...)}: {@code --tls-cert-file}, {@code --tls-key-file},
     * {@code --tls-ca-cert-file}, maybe {@code --tls-auth-clients no}.
     *
     * @return this builder
     */
    public RedisServerBuilder tls() {
        this.tls = once(this.tls ? Boolean.TRUE : null, Boolean.TRUE, "tls");
        return this;
    }

    /**
     * Limits clients ({@code --maxclients}).
     *
     * @param maxClients at least 1
     * @return this builder
     */
    public RedisServerBuilder maxClients(int maxClients) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
        }
        this.maxClients = once(this.maxClients, maxClients, "maxClients");
        return this;
    }

    /**
     * Turns on {@code --appendonly yes --appendfsync always}: every acknowledged write is on disk,
     * so it survives {@link RedisServer#kill()} and {@link RedisServer#restart()}.
     *
     * @return this builder
     */
    public RedisServerBuilder appendOnly() {
        this.appendOnly = once(this.appendOnly ? Boolean.TRUE : null, Boolean.TRUE, "appendOnly");
        return this;
    }

    /**
     * Runs this binary: a path, or a name looked up on {@code PATH}. Default: the
     * {@code REDIS_SERVER_BIN} system property, else that environment variable, else
     * {@code redis-server}.
     *
     * @param binary a path or command name
     * @return this builder
     */
    public RedisServerBuilder binary(String binary) {
        if (Objects.requireNonNull(binary, "binary").isBlank()) {
            throw new IllegalArgumentException("binary must not be blank");
        }
        this.binary = once(this.binary, binary, "binary");
        return this;
    }

    /**
     * How long {@code start()} and {@code restart()} wait for the server to accept connections.
     *
     * @param timeout positive; default 10 s
     * @return this builder
     */
    public RedisServerBuilder startTimeout(Duration timeout) {
        this.startTimeout = once(this.startTimeout, positive(timeout, "startTimeout"), "startTimeout");
        return this;
    }

    /**
     * How long {@code stop()} waits after SIGTERM before it sends SIGKILL.
     *
     * @param timeout positive; default 5 s
     * @return this builder
     */
    public RedisServerBuilder stopTimeout(Duration timeout) {
        this.stopTimeout = once(this.stopTimeout, positive(timeout, "stopTimeout"), "stopTimeout");
        return this;
    }

    /**
     * Runs a Sentinel ({@code redis-server sentinel.conf --sentinel}) instead of a data server; the
     * file, written into the server's dir before the first start, begins with {@code config}
     * (Sentinel rewrites it, and restarts keep what it wrote). For {@link RedisSentinel}.
     */
    RedisServerBuilder sentinelConfig(String config) {
        this.sentinelConfig = once(this.sentinelConfig, Objects.requireNonNull(config, "config"), "sentinelConfig");
        return this;
    }

    /**
     * In {@link #tls()} mode, makes {@link RedisServer#execute(String...)} speak TLS to the TLS
     * port, trusting the CA certificates in this PEM file (no hostname check, no client
     * certificate), instead of plain RESP over the unix socket. For {@link RedisSentinel}.
     */
    RedisServerBuilder tlsTrust(Path caCertificates) {
        this.tlsTrust = once(this.tlsTrust, Objects.requireNonNull(caCertificates, "caCertificates"), "tlsTrust");
        return this;
    }

    /**
     * Starts the server and blocks until it accepts connections.
     *
     * @return the running server; close it
     * @throws RedisServerException if the binary is missing or the server does not become ready
     */
    public RedisServer start() {
        if (tlsTrust != null && !tls) {
            throw new IllegalStateException("tlsTrust needs tls()");
        }
        Settings settings = new Settings(binary, port, List.copyOf(args), password, unixSocket, unixSocketPath,
                tls, maxClients, appendOnly,
                startTimeout == null ? Duration.ofSeconds(10) : startTimeout,
                stopTimeout == null ? Duration.ofSeconds(5) : stopTimeout, sentinelConfig, tlsTrust);
        return RedisServer.start(settings);
    }

    private static <T> T once(T current, T value, String option) {
        if (current != null) {
            throw new IllegalStateException(option + " is already set");
        }
        return value;
    }

    private static Duration positive(Duration timeout, String name) {
        if (Objects.requireNonNull(timeout, name).isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + timeout);
        }
        return timeout;
    }

    /**
     * The frozen options. {@code port} and {@code unixSocketPath} may be null (choose one);
     * {@code sentinelConfig} is null except for a Sentinel; {@code tlsTrust} (the CA file the kit's
     * own TLS connections trust) is null unless set.
     */
    record Settings(String binary, Integer port, List<String> args, String password, boolean unixSocket,
                    Path unixSocketPath, boolean tls, Integer maxClients, boolean appendOnly,
                    Duration startTimeout, Duration stopTimeout, String sentinelConfig, Path tlsTrust) {}
}
