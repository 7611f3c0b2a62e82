package dev.tether.redis;

import dev.tether.connection.BackoffPolicy;
import dev.tether.core.pipe.AddressResolver;
import dev.tether.core.pipe.Handshake.Refused;
import dev.tether.core.pipe.Pipe;
import dev.tether.redis.resp.RespValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding the primary through Redis Sentinel, for one connection (a client's or a subscriber's).
 * It is the connection's {@link AddressResolver}: on every connect it asks the sentinels in turn
 * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}), starting with the last one that answered, and learns
 * sentinels added later ({@code SENTINEL SENTINELS}), which the watch then listens to as well. The connection's handshake then checks the
 * node with ROLE ({@link Handshake}). A {@link SentinelWatch} listens for {@code +switch-master}
 * and moves the connection at once ({@link Pipe#reconnect}); so does a READONLY reply
 * ({@link #demoted()}).
 */
final class SentinelDiscovery implements AddressResolver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentinelDiscovery.class);

    private final RedisOptions options;
    private final SentinelOptions sentinel;
    /** Every sentinel known, given ones first; the one that answered last is asked first. */
    private final List<String> sentinels;
    private final ReentrantLock asking = new ReentrantLock();
    private final AtomicBoolean moving = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String primary;
    /**
     * How long an announced primary is tried without asking the sentinels: long enough for a
     * replica told to become the primary to say so (while it still answers ROLE as a replica, the
     * handshake fails and the connection tries again), short enough that an announcement that
     * came to nothing (an aborted failover, a node that died) costs little.
     */
    static final long ANNOUNCED_FOR_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    /** Where an announcement said the primary now is, and until when connects go there without asking. */
    private record Announced(String address, long untilNanos) {
    }

    private volatile Announced announced;
    private volatile Pipe<?> pipe;
    private volatile SentinelWatch watch;
    private volatile Runnable topologyListener;
    private RedisClient asked; // the sentinel connection of the last answer; under asking
    private String askedAddress;

    private SentinelDiscovery(RedisOptions options) {
        this.options = options;
        this.sentinel = options.sentinel();
        this.sentinels = new CopyOnWriteArrayList<>(sentinel.sentinels());
    }

    /** The discovery for {@code options}, set as {@code builder}'s resolver; null without Sentinel. */
    static SentinelDiscovery install(RedisOptions options, Pipe.Builder<?> builder) {
        if (options.sentinel() == null) {
            return null;
        }
        SentinelDiscovery discovery = new SentinelDiscovery(options);
        builder.resolver(discovery);
        return discovery;
    }

    /**
     * Starts following announcements for {@code started} (unless {@code watch} is false: a
     * short-lived connection, such as WATCH's, only discovers); closes with it.
     */
    void follow(Pipe<?> started, boolean watch) {
        this.pipe = started;
        if (watch) {
            this.watch = new SentinelWatch(this);
        }
        started.stopped().whenComplete((reason, error) -> close());
    }

    String serviceName() {
        return sentinel.serviceName();
    }

    boolean readsFromReplicas() {
        return sentinel.readFrom() != ReadFrom.PRIMARY;
    }

    /** The primary the last connect went to, "host:port"; null before any. */
    String primary() {
        return primary;
    }

    List<String> sentinels() {
        return sentinels;
    }

    /** Options for a connection to the sentinel at {@code address}: its credentials and TLS, the data side's timeouts. */
    RedisOptions sentinelOptions(String address, boolean sync) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        RedisOptions.Builder b = RedisOptions.builder().host(host).port(Integer.parseInt(address.substring(colon + 1)))
                .protocol(options.protocol()).connectTimeout(options.connectTimeout())
                .commandTimeout(options.connectTimeout()).syncConnect(sync)
                .backoffPolicy(BackoffPolicy.equalJitter(Duration.ofMillis(100), Duration.ofSeconds(2)));
        if (sentinel.credentials() != null) {
            b.credentials(sentinel.credentials());
        }
        if (sentinel.tls() != null) {
            b.tls(sentinel.tls());
        }
        return b.exitOnDisconnection(sync).build();
    }

    // ---------------------------------------------------------------- the resolver

    /**
     * Where the next connect goes: a primary announced within {@link #ANNOUNCED_FOR_NANOS},
     * without asking (the sentinel the connection would ask may not have heard of the failover
     * yet; the handshake's ROLE check refuses the node until it really is the primary); otherwise
     * the sentinels' answer.
     */
    @Override
    public SocketAddress resolve() throws Exception {
        moving.set(false);
        Announced a = announced;
        String found;
        if (a != null && System.nanoTime() - a.untilNanos() < 0) {
            found = a.address();
        } else {
            announced = null;
            found = ask();
        }
        primary = found;
        int colon = found.lastIndexOf(':');
        return InetSocketAddress.createUnresolved(found.substring(0, colon), Integer.parseInt(found.substring(colon + 1)));
    }

    /**
     * Asks the sentinels, in turn, where the primary is. Throws {@link Refused} when every sentinel
     * answered and none knows the service, or every one refused our credentials; an
     * {@link IOException} when some did not answer (the connection backs off and asks again).
     */
    String ask() throws Refused, IOException {
        asking.lock();
        try {
            List<String> failures = new ArrayList<>();
            int unknown = 0;
            int refused = 0;
            for (String address : order()) {
                try {
                    RedisClient client = connection(address);
                    RespValue reply = client.execute(Command.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", serviceName()));
                    List<RespValue> hostPort = RespShapes.elements(reply);
                    if (hostPort.size() != 2) {
                        unknown++;
                        failures.add(address + " does not monitor '" + serviceName() + "'");
                        continue;
                    }
                    learnSentinels(client);
                    return hostPort(RespShapes.text(hostPort.get(0)), RespShapes.text(hostPort.get(1)));
                } catch (RedisConnectionException | RedisErrorException e) {
                    drop();
                    if (refusedUs(e)) {
                        refused++;
                    }
                    failures.add(address + ": " + e.getMessage());
                }
            }
            String summary = "asked " + failures.size() + " sentinels for '" + serviceName() + "': "
                    + String.join("; ", failures);
            if (unknown + refused == failures.size()) {
                throw new Refused(unknown > 0 ? "no sentinel monitors a service named '" + serviceName() + "' ("
                        + summary + ")" : "every sentinel refused the sentinel credentials (" + summary + ")", null);
            }
            throw new IOException(summary);
        } finally {
            asking.unlock();
        }
    }

    /** "host:port" as the sentinels' replies give them; an IPv6 host in brackets. */
    static String hostPort(String host, String port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The sentinel that answered last first, then the others in the order they were learnt. */
    private List<String> order() {
        List<String> order = new ArrayList<>(sentinels);
        if (askedAddress != null && order.remove(askedAddress)) {
            order.add(0, askedAddress);
        }
        return order;
    }

    private RedisClient connection(String address) {
        if (asked != null && address.equals(askedAddress)) {
            return asked;
        }
        drop();
        asked = DefaultRedisClient.connect(sentinelOptions(address, true));
        askedAddress = address;
        return asked;
    }

    private void drop() {
        if (asked != null) {
            asked.close();
            asked = null;
        }
    }

    private static boolean refusedUs(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refused || t instanceof RedisErrorException r
                    && (r.error().code().equals("WRONGPASS") || r.error().code().equals("NOAUTH"))) {
                return true;
            }
        }
        return false;
    }

    /** Adds the sentinels {@code client}'s sentinel knows of and we did not. */
    private void learnSentinels(RedisClient client) {
        try {
            for (RespValue entry : RespShapes.elements(client.execute(Command.of("SENTINEL", "SENTINELS", serviceName())))) {
                String ip = RespShapes.text(RespShapes.field(entry, "ip"));
                String port = RespShapes.text(RespShapes.field(entry, "port"));
                if (ip != null && port != null) {
                    String address = hostPort(ip, port);
                    if (!sentinels.contains(address)) {
                        log.debug("learnt sentinel {} for '{}'", address, serviceName());
                        sentinels.add(address);
                        SentinelWatch w = watch;
                        if (w != null) {
                            w.watch(address);
                        }
                    }
                }
            }
        } catch (RedisConnectionException | RedisErrorException e) {
            log.debug("could not list the sentinels of '{}': {}", serviceName(), e.getMessage());
        }
    }

    /**
     * The replicas the sentinels list for the service as usable: not down (subjectively or
     * objectively), not disconnected, their link to the primary up. Empty if no sentinel answers.
     */
    List<String> replicas() {
        asking.lock();
        try {
            for (String address : order()) {
                try {
                    List<String> up = new ArrayList<>();
                    for (RespValue entry : RespShapes.elements(connection(address)
                            .execute(Command.of("SENTINEL", "REPLICAS", serviceName())))) {
                        String flags = String.valueOf(RespShapes.text(RespShapes.field(entry, "flags")));
                        String link = RespShapes.text(RespShapes.field(entry, "master-link-status"));
                        if (!flags.contains("s_down") && !flags.contains("o_down") && !flags.contains("disconnected")
                                && "ok".equals(link)) {
                            up.add(hostPort(RespShapes.text(RespShapes.field(entry, "ip")),
                                    RespShapes.text(RespShapes.field(entry, "port"))));
                        }
                    }
                    return up;
                } catch (RedisConnectionException | RedisErrorException e) {
                    drop();
                    log.debug("sentinel {} could not list the replicas of '{}': {}", address, serviceName(), e.getMessage());
                }
            }
            return List.of();
        } finally {
            asking.unlock();
        }
    }

    /** Who hears that the sentinels saw a node go down, come back or join (replica reads refresh their list). */
    void onTopologyChange(Runnable listener) {
        topologyListener = listener;
    }

    /** A sentinel event about our service's nodes; see {@link SentinelWatch}. */
    void topologyChanged() {
        Runnable l = topologyListener;
        if (l != null) {
            l.run();
        }
    }

    // ---------------------------------------------------------------- moving

    /**
     * A sentinel announced {@code address} as the primary (or as the replica it is making the
     * primary): move there unless already there; connects go there for a while without asking.
     */
    void announced(String address, String why) {
        if (!address.equals(primary)) {
            announced = new Announced(address, System.nanoTime() + ANNOUNCED_FOR_NANOS);
            move(why);
        }
    }

    /** A reply said READONLY: the node was demoted under us. Moves once per connection. */
    void demoted() {
        move("the primary " + primary + " answered READONLY: it was demoted; asking the sentinels again");
    }

    private void move(String why) {
        Pipe<?> p = pipe;
        if (p != null && !closed.get() && moving.compareAndSet(false, true)) {
            log.debug("'{}': {}", serviceName(), why);
            p.reconnect(why);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            SentinelWatch w = watch;
            if (w != null) {
                w.close();
            }
            asking.lock();
            try {
                drop();
            } finally {
                asking.unlock();
            }
        }
    }
}
