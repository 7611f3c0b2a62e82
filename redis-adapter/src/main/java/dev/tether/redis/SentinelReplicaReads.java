package dev.tether.redis;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RedisClient} over Sentinel that reads from replicas ({@link SentinelOptions#readFrom()}
 * other than PRIMARY): the commands the server flags read-only (its {@code COMMAND} table, read
 * once) go to a replica connection, everything else (writes, pipelines, transactions, WATCH,
 * fire-and-forget) to the primary connection, which follows failovers as always. The replicas
 * are the ones {@code SENTINEL REPLICAS} lists as usable, read again when a sentinel reports a
 * node down, back or added, when the primary moves, and when a replica connection drops.
 */
final class SentinelReplicaReads implements RedisClient {

    private static final Logger log = LoggerFactory.getLogger(SentinelReplicaReads.class);

    private final RedisClient primary;
    private final RedisOptions options;
    private final SentinelDiscovery discovery;
    private final ReadFrom readFrom;
    private final Map<String, RedisClient> replicas = new ConcurrentHashMap<>();
    private final ReentrantLock refreshing = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile KeySpecs specs;
    private final RedisAsync async = new Async();

    SentinelReplicaReads(RedisClient primary, RedisOptions options, SentinelDiscovery discovery) {
        this.primary = primary;
        this.options = options;
        this.discovery = discovery;
        this.readFrom = options.sentinel().readFrom();
        discovery.onTopologyChange(this::refreshSoon);
        refreshSoon();
    }

    /** Reads the replica list again, off the calling thread (a delivery or loop thread must not wait). */
    private void refreshSoon() {
        if (!closed.get()) {
            Thread.ofVirtual().name("tether-sentinel-replicas").start(this::refresh);
        }
    }

    private void refresh() {
        refreshing.lock();
        try {
            if (closed.get()) {
                return;
            }
            List<String> up = discovery.replicas();
            for (String address : up) {
                replicas.computeIfAbsent(address, this::open);
            }
            replicas.entrySet().removeIf(e -> {
                if (new HashSet<>(up).contains(e.getKey())) {
                    return false;
                }
                e.getValue().close();
                return true;
            });
            log.debug("'{}': reading from replicas {}", discovery.serviceName(), replicas.keySet());
        } finally {
            refreshing.unlock();
        }
    }

    private RedisClient open(String address) {
        int colon = address.lastIndexOf(':');
        return DefaultRedisClient.connectReplica(options.atClusterNode(address.substring(0, colon).replace("[", "").replace("]", ""),
                Integer.parseInt(address.substring(colon + 1)), false, event -> {
                    if (event instanceof ConnectionEvent.Disconnected) {
                        refreshSoon();
                    }
                }));
    }

    /** Where {@code command} goes: a connected replica for a read when there is one, else the primary. */
    private RedisClient target(Command<?> command) {
        if (!readOnly(command)) {
            return primary;
        }
        List<RedisClient> candidates = new ArrayList<>();
        for (RedisClient r : replicas.values()) {
            if (r.state() == ConnectionState.CONNECTED) {
                candidates.add(r);
            }
        }
        if (readFrom == ReadFrom.ANY) {
            candidates.add(primary);
        }
        return candidates.isEmpty() ? primary : candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    private boolean readOnly(Command<?> command) {
        KeySpecs s = specs;
        if (s == null) {
            try {
                s = KeySpecs.parse(primary.execute(Command.of("COMMAND")));
                specs = s;
            } catch (RedisConnectionException | RedisErrorException e) {
                return false; // not known yet: the primary serves it
            }
        }
        return s.readOnly(command);
    }

    @Override
    public <T> T execute(Command<T> command) {
        Objects.requireNonNull(command, "command");
        return target(command).execute(command);
    }

    @Override
    public RedisAsync async() {
        return async;
    }

    @Override
    public List<Object> pipeline(List<? extends Command<?>> commands) {
        return primary.pipeline(commands);
    }

    @Override
    public List<Object> transaction(List<? extends Command<?>> commands) {
        return primary.transaction(commands);
    }

    @Override
    public Optional<List<Object>> watchTransaction(Collection<String> keys, WatchBody body) {
        return primary.watchTransaction(keys, body);
    }

    @Override
    public void fireAndForget(Command<?> command) {
        primary.fireAndForget(command);
    }

    @Override
    public int inFlight() {
        return primary.inFlight();
    }

    @Override
    public int held() {
        return primary.held();
    }

    @Override
    public ConnectionState state() {
        return primary.state();
    }

    /** The replica connections, by address, and their states (for tests and diagnostics). */
    Map<String, ConnectionState> replicaStates() {
        Map<String, ConnectionState> states = new java.util.TreeMap<>();
        replicas.forEach((address, client) -> states.put(address, client.state()));
        return states;
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /** The primary's connection and every replica's drain at once. */
    @Override
    public void close(Duration drain) {
        Closing.checked(drain);
        if (closed.compareAndSet(false, true)) {
            List<RedisClient> all = new ArrayList<>();
            all.add(primary);
            refreshing.lock();
            try {
                all.addAll(replicas.values());
                replicas.clear();
            } finally {
                refreshing.unlock();
            }
            Closing.all(all, drain);
        }
    }

    @Override
    public String toString() {
        return primary + " reading from " + readFrom + " " + replicas.keySet();
    }

    private final class Async implements RedisAsync {
        @Override
        public <T> CompletableFuture<T> executeAsync(Command<T> command) {
            Objects.requireNonNull(command, "command");
            return target(command).async().executeAsync(command);
        }

        @Override
        public CompletableFuture<List<Object>> pipelineAsync(List<? extends Command<?>> commands) {
            return primary.async().pipelineAsync(commands);
        }

        @Override
        public CompletableFuture<List<Object>> transactionAsync(List<? extends Command<?>> commands) {
            return primary.async().transactionAsync(commands);
        }
    }
}
