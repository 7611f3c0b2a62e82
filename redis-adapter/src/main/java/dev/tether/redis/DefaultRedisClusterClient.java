package dev.tether.redis;

import dev.tether.connection.ConnectionState;
import dev.tether.redis.ClusterRouter.Part;
import dev.tether.redis.ClusterRouter.Route;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client behind {@link RedisClusterClient}: a {@link RedisClient} per node (made on first use,
 * connecting in the background), the {@link ClusterTopology}, the {@link ClusterRouter}, and the
 * redirect loop. Pipelines and transactions are in {@link ClusterBatches}.
 */
final class DefaultRedisClusterClient implements RedisClusterClient {

    private static final Logger log = LoggerFactory.getLogger(DefaultRedisClusterClient.class);
    static final Command<RespValue> ASKING = Command.of("ASKING");
    /** The pause before a TRYAGAIN is retried: a migration of a slot's keys moves on meanwhile. */
    static final long TRYAGAIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final long REFRESH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DEGRADED_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    final RedisClusterOptions options;
    final ClusterTopology topology = new ClusterTopology();
    final ClusterRouter router;
    private final Map<String, RedisClient> nodes = new ConcurrentHashMap<>();
    /** Connections of nodes that left the map, closed once their last command's deadline passed. */
    private final java.util.Set<RedisClient> retiring = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long lastRefreshNanos = System.nanoTime();
    /** Slots with a live primary in the last read: below 16,384 a failover is in progress. */
    private volatile int lastCovered = ClusterSlots.COUNT;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RedisAsyncCommands async = new Async();
    private final ClusterBatches batches = new ClusterBatches(this);
    private final ClusterShards shards = new ClusterShards(this);

    private DefaultRedisClusterClient(RedisClusterOptions options, KeySpecs specs) {
        this.options = options;
        this.router = new ClusterRouter(specs);
    }

    /** Reads the slot map and the key specs from the first seed that answers. */
    static RedisClusterClient connect(RedisClusterOptions options) {
        Objects.requireNonNull(options, "options");
        List<String> failures = new ArrayList<>();
        for (String seed : options.seeds()) {
            RedisClient client = null;
            try {
                client = DefaultRedisClient.connect(at(options, seed, true));
                ClusterTopology.View view = readView(client, options);
                DefaultRedisClusterClient cluster = new DefaultRedisClusterClient(options,
                        KeySpecs.parse(client.execute(Command.of("COMMAND"))));
                int covered = cluster.topology.install(List.of(view));
                if (covered == 0) {
                    throw new IllegalStateException("the cluster at seed " + seed + " serves no slots yet");
                }
                if (cluster.topology.primaries().contains(seed)) {
                    cluster.nodes.put(seed, client); // keep the seed's connection for its node
                } else {
                    client.close();
                }
                log.debug("cluster client connected through {}: {} slots, primaries {}", seed, covered,
                        cluster.topology.primaries());
                cluster.startRefresher();
                return cluster;
            } catch (RedisErrorException e) {
                client.close();
                if (e.getMessage().contains("cluster support disabled")) {
                    throw new IllegalArgumentException("seed " + seed + " is not a cluster node (" + e.getMessage()
                            + "): use RedisClient for a single server", e);
                }
                failures.add(seed + ": " + e.getMessage());
            } catch (RedisConnectionException e) {
                if (client != null) {
                    client.close();
                }
                failures.add(seed + ": " + e.getMessage());
            }
        }
        throw new RedisConnectionException(Reason.CLOSED, "no seed of the cluster answered: " + String.join("; ", failures));
    }

    private static ClusterTopology.View readView(RedisClient client, RedisClusterOptions options) {
        RespValue map = client.execute(Command.of("CLUSTER", options.useClusterSlots() ? "SLOTS" : "SHARDS"));
        return options.useClusterSlots() ? ClusterTopology.slotsView(map) : ClusterTopology.shardsView(map);
    }

    private static RedisOptions at(RedisClusterOptions options, String address, boolean sync) {
        int colon = address.lastIndexOf(':');
        return options.nodeOptions().atAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)), sync);
    }

    // ---------------------------------------------------------------- nodes and the map

    /** The connection to {@code address}, made on first use (it connects in the background). */
    RedisClient node(String address) {
        if (closed.get()) {
            throw new IllegalStateException("the cluster client is closed");
        }
        return nodes.computeIfAbsent(address, this::open);
    }

    /**
     * A node's connection: a replica's sends READONLY in its handshake (it may serve reads), and
     * every one reports a drop here, which makes the map be read again until it settles.
     */
    private RedisClient open(String address) {
        int colon = address.lastIndexOf(':');
        boolean replica = !topology.primaries().contains(address);
        return DefaultRedisClient.connect(options.nodeOptions().atClusterNode(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)), replica, event -> {
                    if (event instanceof dev.tether.connection.ConnectionEvent.Disconnected) {
                        log.debug("cluster node {} dropped: reading the slot map again", address);
                        refreshSoon();
                    }
                }));
    }

    /** The primary serving {@code slot}; an unmapped slot schedules a refresh and goes to any primary (which redirects). */
    String owner(int slot) {
        String owner = topology.owner(slot);
        if (owner == null) {
            refreshSoon();
            return anyPrimary();
        }
        return owner;
    }

    /** Where a command for {@code slot} goes: the primary, or for a read a replica as {@link ReadFrom} says. */
    String target(Command<?> command, int slot) {
        String primary = owner(slot);
        if (options.readFrom() == ReadFrom.PRIMARY || !router.readOnly(command)) {
            return primary;
        }
        List<String> replicas = new ArrayList<>();
        for (String replica : topology.replicasOf(primary)) {
            RedisClient c = nodes.get(replica);
            if (c == null || c.state() == ConnectionState.CONNECTED) {
                replicas.add(replica);
            }
        }
        if (options.readFrom() == ReadFrom.ANY) {
            replicas.add(primary);
        }
        if (replicas.isEmpty()) {
            return primary;
        }
        return replicas.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(replicas.size()));
    }

    String anyPrimary() {
        List<String> primaries = topology.primaries();
        return primaries.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(primaries.size()));
    }

    /** MOVED seen: the map is behind. Reads it again in the background, at most every 100 ms. */
    void refreshSoon() {
        if (System.nanoTime() - lastRefreshNanos < REFRESH_INTERVAL_NANOS || closed.get()
                || !refreshing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("tether-cluster-refresh").start(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.debug("refreshing the cluster's slot map failed: {}", e.toString());
            } finally {
                lastRefreshNanos = System.nanoTime();
                refreshing.set(false);
            }
        });
    }

    /**
     * Reads the map from up to three nodes (primaries first) and installs what most of them say;
     * then closes the connections of nodes the map no longer names.
     */
    void refresh() {
        List<String> candidates = new ArrayList<>(topology.primaries());
        for (String node : topology.nodes()) {
            if (!candidates.contains(node)) {
                candidates.add(node);
            }
        }
        List<ClusterTopology.View> views = new ArrayList<>();
        for (String node : candidates) {
            if (views.size() == 3) {
                break;
            }
            RedisClient client = nodes.get(node);
            if (client == null && views.size() >= 1 || client != null && client.state() != ConnectionState.CONNECTED) {
                continue; // a node that is down has nothing current to say
            }
            try {
                views.add(readView(node(node), options));
            } catch (RedisConnectionException | RedisErrorException e) {
                log.debug("could not read the slot map from {}: {}", node, e.getMessage());
            }
        }
        if (views.isEmpty()) {
            return;
        }
        int covered = topology.install(views);
        lastCovered = covered;
        log.debug("slot map read from {} nodes: {} slots, primaries {}", views.size(), covered, topology.primaries());
        java.util.Set<String> known = topology.nodes();
        nodes.keySet().removeIf(address -> {
            if (known.contains(address)) {
                return false;
            }
            RedisClient gone = nodes.get(address);
            if (gone != null) {
                retire(gone);
            }
            return true;
        });
        shards.follow();
    }

    /**
     * Closes the connection of a node the map no longer names once every command already given to
     * it has had its command timeout: closing at once would fail them with STOPPED, which cannot
     * tell a command that never left from one in flight. Nothing new is routed to it meanwhile.
     */
    private void retire(RedisClient gone) {
        retiring.add(gone);
        long delay = options.nodeOptions().commandTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> {
            if (retiring.remove(gone)) {
                gone.close();
            }
        });
    }

    /**
     * The refresher: reads the map every {@code topologyRefreshInterval}, and every 500 ms while a
     * primary the map names is not connected or some slot has no live primary (a failover in
     * progress: its replica's promotion is seen within half a second of the cluster deciding it).
     */
    private void startRefresher() {
        Thread.ofVirtual().name("tether-cluster-topology").start(() -> {
            long last = System.nanoTime();
            while (!closed.get()) {
                LockSupport.parkNanos(DEGRADED_REFRESH_NANOS); // a period, not a wait for a condition
                boolean degraded = lastCovered < ClusterSlots.COUNT || shards.degraded()
                        || topology.primaries().stream().anyMatch(p -> {
                            RedisClient c = nodes.get(p);
                            return c != null && c.state() != ConnectionState.CONNECTED;
                        });
                if (closed.get()) {
                    return;
                }
                if (degraded || System.nanoTime() - last >= options.topologyRefreshInterval().toNanos()) {
                    last = System.nanoTime();
                    try {
                        refresh();
                    } catch (RuntimeException e) {
                        log.debug("reading the slot map failed: {}", e.toString());
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- the sync face

    @Override
    public <T> T execute(Command<T> command) {
        Objects.requireNonNull(command, "command");
        Route route = router.route(command);
        return switch (route.kind()) {
            case SLOT -> run(command, target(command, route.slot()));
            case ANY -> node(anyPrimary()).execute(command);
            case EVERY_PRIMARY -> {
                T first = null;
                for (String primary : topology.primaries()) {
                    T reply = node(primary).execute(command);
                    first = first == null ? reply : first;
                }
                yield first;
            }
            case SPLIT -> {
                List<Part> parts = ClusterRouter.split(command, route.keys());
                List<CompletableFuture<RespValue>> replies = new ArrayList<>(parts.size());
                for (Part part : parts) {
                    replies.add(runAsync(part.command(), owner(part.slot()), 0, false));
                }
                List<RespValue> got = new ArrayList<>(parts.size());
                for (CompletableFuture<RespValue> f : replies) {
                    got.add(SyncWait.await(f));
                }
                yield command.convert(ClusterRouter.combine(command, route.keys().size(), parts, got));
            }
        };
    }

    /** Sends {@code command} to {@code target}, following redirects: never after a connection failure. */
    private <T> T run(Command<T> command, String target) {
        boolean asking = false;
        for (int redirects = 0; ; redirects++) {
            try {
                return asking ? asking(node(target), command) : node(target).execute(command);
            } catch (RedisErrorException e) {
                ClusterRedirect redirect = ClusterRedirect.of(e.error());
                if (redirect == null) {
                    throw e;
                }
                if (redirects >= options.maxRedirects()) {
                    throw tooManyRedirects(command, e);
                }
                asking = redirect.ask();
                if (redirect.moved()) {
                    topology.move(redirect.slot(), redirect.address());
                    refreshSoon();
                }
                if (redirect.address() != null) {
                    target = redirect.address();
                } else {
                    LockSupport.parkNanos(TRYAGAIN_PAUSE_NANOS); // TRYAGAIN: a retry pause, not a wait for a condition
                }
            }
        }
    }

    private static <T> T asking(RedisClient node, Command<T> command) {
        return unpack(node.pipeline(List.of(ASKING, command)).get(1));
    }

    static RedisErrorException tooManyRedirects(Command<?> command, RedisErrorException last) {
        RedisErrorException e = new RedisErrorException(new RedisError(last.error().message() + " (" + command.name()
                + " gave up after following the redirects allowed by maxRedirects)"));
        e.initCause(last);
        return e;
    }

    // ---------------------------------------------------------------- the async path

    /** As {@link #run}, with futures. */
    <T> CompletableFuture<T> runAsync(Command<T> command, String target, int redirects, boolean asking) {
        CompletableFuture<T> sent;
        try {
            RedisClient node = node(target);
            sent = asking ? node.async().pipelineAsync(List.of(ASKING, command)).thenApply(r -> unpack(r.get(1)))
                    : node.async().executeAsync(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            ClusterRedirect redirect = ClusterRedirect.of(cause);
            if (redirect == null) {
                return CompletableFuture.<T>failedFuture(cause);
            }
            if (redirects >= options.maxRedirects()) {
                return CompletableFuture.<T>failedFuture(tooManyRedirects(command, (RedisErrorException) cause));
            }
            if (redirect.moved()) {
                topology.move(redirect.slot(), redirect.address());
                refreshSoon();
            }
            if (redirect.address() == null) {
                return CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(TRYAGAIN_PAUSE_NANOS, TimeUnit.NANOSECONDS))
                        .thenCompose(x -> runAsync(command, target, redirects + 1, false));
            }
            return runAsync(command, redirect.address(), redirects + 1, redirect.ask());
        }).thenCompose(f -> f);
    }

    @SuppressWarnings("unchecked")
    private static <T> T unpack(Object reply) {
        if (reply instanceof RedisError error) {
            throw new RedisErrorException(error);
        }
        if (reply instanceof RuntimeException e) {
            throw e;
        }
        return (T) reply;
    }

    @Override
    public RedisAsyncCommands async() {
        return async;
    }

    private final class Async implements RedisAsyncCommands {
        @Override
        public <T> CompletableFuture<T> executeAsync(Command<T> command) {
            Objects.requireNonNull(command, "command");
            Route route = router.route(command); // bad input throws here, before anything is sent
            return switch (route.kind()) {
                case SLOT -> runAsync(command, target(command, route.slot()), 0, false);
                case ANY -> node(anyPrimary()).async().executeAsync(command);
                case EVERY_PRIMARY -> {
                    List<CompletableFuture<T>> all = new ArrayList<>();
                    for (String primary : topology.primaries()) {
                        all.add(node(primary).async().executeAsync(command));
                    }
                    yield CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> all.get(0).join());
                }
                case SPLIT -> {
                    List<Part> parts = ClusterRouter.split(command, route.keys());
                    List<CompletableFuture<RespValue>> replies = new ArrayList<>(parts.size());
                    for (Part part : parts) {
                        replies.add(runAsync(part.command(), owner(part.slot()), 0, false));
                    }
                    yield CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(x ->
                            command.convert(ClusterRouter.combine(command, route.keys().size(), parts,
                                    replies.stream().map(CompletableFuture::join).toList())));
                }
            };
        }
    }

    // ---------------------------------------------------------------- batches and the whole cluster

    @Override
    public List<Object> pipeline(List<? extends Command<?>> commands) {
        return batches.pipeline(commands);
    }

    @Override
    public List<Object> transaction(List<? extends Command<?>> commands) {
        return batches.transaction(commands);
    }

    @Override
    public long dbsize() {
        long sum = 0;
        for (String primary : topology.primaries()) {
            sum += ((dev.tether.redis.resp.RespInteger) node(primary).execute(Command.of("DBSIZE"))).value();
        }
        return sum;
    }

    @Override
    public void flushall() {
        for (String primary : topology.primaries()) {
            node(primary).execute(Command.of("FLUSHALL"));
        }
    }

    @Override
    public List<String> keys(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        List<String> keys = new ArrayList<>();
        for (String primary : topology.primaries()) {
            for (RespValue key : RespShapes.elements(node(primary).execute(Command.of("KEYS", pattern)))) {
                keys.add(RespShapes.text(key));
            }
        }
        return keys;
    }

    /** SCAN over every primary, one after the other. */
    @Override
    public Iterator<String> scan(String match, int count) {
        return scan(match, count, null);
    }

    /** SCAN over every primary, one after the other. */
    @Override
    public Iterator<String> scan(String match, int count, String type) {
        List<String> primaries = List.copyOf(topology.primaries());
        return new Iterator<>() {
            private int next;
            private Iterator<String> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < primaries.size()) {
                    current = node(primaries.get(next++)).scan(match, count, type);
                }
                return current.hasNext();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    // ---------------------------------------------------------------- sharded Pub/Sub

    @Override
    public Subscription ssubscribe(Collection<String> shardChannels, SubscriptionListener listener) {
        return SyncWait.await(ssubscribeAsync(shardChannels, listener));
    }

    @Override
    public CompletableFuture<Subscription> ssubscribeAsync(Collection<String> shardChannels, SubscriptionListener listener) {
        if (closed.get()) {
            throw new IllegalStateException("the cluster client is closed");
        }
        return shards.subscribe(shardChannels, listener);
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public Map<String, ConnectionState> nodes() {
        Map<String, ConnectionState> states = new LinkedHashMap<>();
        nodes.forEach((address, client) -> states.put(address, client.state()));
        return states;
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /** Every node's connection (the retiring ones too) drains at once; sharded subscriptions close at once. */
    @Override
    public void close(Duration drain) {
        Closing.checked(drain);
        if (closed.compareAndSet(false, true)) {
            shards.close();
            List<RedisClient> all = new ArrayList<>(nodes.values());
            retiring.removeIf(all::add); // moves every retiring client into all
            Closing.all(all, drain);
        }
    }

    @Override
    public String toString() {
        return "RedisClusterClient[" + topology.primaries() + ", " + nodes.size() + " connections]";
    }
}
