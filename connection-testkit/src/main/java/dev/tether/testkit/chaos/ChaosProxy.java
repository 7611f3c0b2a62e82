package dev.tether.testkit.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A TCP proxy on loopback that forwards between clients and one loopback upstream server, and
 * does to the bytes what networks do: delay, cut (RST or FIN), blackhole (half-open peer), slow
 * drip, corruption, refusal. Faults are switched from the test at any time while bytes flow; each
 * switch applies to every existing and new connection, from the next chunk on.
 *
 * <pre>{@code
 * try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", redisPort))) {
 *     client.connect(proxy.address());
 *     proxy.delay(Duration.ofMillis(200));          // both directions
 *     proxy.blackhole(Direction.DOWNSTREAM);        // replies vanish, the connection stays up
 *     proxy.pass();                                 // back to normal
 *     proxy.cutWithReset();                         // every current connection gets an RST
 * }
 * }</pre>
 *
 * <p>Delay, slow drip and corruption combine; a blackhole overrides them; {@link #pass()} resets
 * everything. Each connection has four daemon platform threads named {@code chaos-proxy-N-...}
 * (a reader and a writer per direction) plus one accept thread per proxy. Chunks are at most
 * 16 KiB and at most 256 of them (4 MiB) wait per direction; beyond that the proxy stops reading,
 * so TCP pushes back on the sender.
 * {@link #close()} closes every socket and waits (bounded) until every thread has ended.
 */
public final class ChaosProxy implements AutoCloseable {

    static final int CHUNK_SIZE = 16 * 1024;
    static final int MAX_QUEUED_CHUNKS = 256;
    static final Duration FIN_GRACE = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger PROXY_IDS = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger(ChaosProxy.class.getName());

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final String name;
    private final Counters counters = new Counters();
    private final FaultSwitches switches = new FaultSwitches();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Set<ProxiedConnection> live = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private final Acceptor acceptor;
    private volatile boolean closed;

    private ChaosProxy(InetSocketAddress upstream, ServerSocket listener) {
        this.upstream = upstream;
        this.listener = listener;
        this.name = "chaos-proxy-" + PROXY_IDS.incrementAndGet();
        this.acceptor = new Acceptor(this, listener);
    }

    /** Starts a proxy to {@code upstream} (a loopback address) listening on 127.0.0.1 at a free port. */
    public static ChaosProxy start(InetSocketAddress upstream) throws IOException {
        return start(upstream, 0);
    }

    /**
     * Starts a proxy to {@code upstream} listening on 127.0.0.1:{@code listenPort} (0 for a free one).
     *
     * @throws IllegalArgumentException if {@code upstream} is not a loopback address
     * @throws IOException if the port cannot be bound
     */
    public static ChaosProxy start(InetSocketAddress upstream, int listenPort) throws IOException {
        Objects.requireNonNull(upstream, "upstream");
        InetSocketAddress resolved = upstream.isUnresolved()
                ? new InetSocketAddress(upstream.getHostString(), upstream.getPort()) : upstream;
        if (resolved.getAddress() == null || !resolved.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("chaos proxy only forwards to loopback, not " + upstream);
        }
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), listenPort), 50);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        ChaosProxy proxy = new ChaosProxy(resolved, listener);
        proxy.newThread("accept", proxy.acceptor::run).start();
        return proxy;
    }

    /** The port this proxy listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The address clients connect to: 127.0.0.1 and {@link #port()}. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** The upstream server this proxy forwards to. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    // ---------------------------------------------------------------- faults

    /** Forwards faithfully again: resets every fault in both directions, refusal and paused accept. */
    public ChaosProxy pass() {
        pass(Direction.BOTH);
        acceptor.refuseNew(false);
        acceptor.pause(false);
        return this;
    }

    /** Resets every fault in {@code direction}; bytes already dropped stay dropped. */
    public ChaosProxy pass(Direction direction) {
        switches.reset(direction);
        return this;
    }

    /** Forwards each chunk {@code delay} after it was read, in both directions, order kept. */
    public ChaosProxy delay(Duration delay) {
        return delay(delay, Direction.BOTH);
    }

    /** Forwards each chunk in {@code direction} {@code delay} after it was read (zero: no delay). */
    public ChaosProxy delay(Duration delay, Direction direction) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        return update(direction, f -> f.withDelay(delay));
    }

    /**
     * Reads and discards every byte in both directions while the connections stay open: a
     * half-open peer. No data, no FIN, no RST reaches either side until {@link #pass()}; a FIN or
     * RST that arrives meanwhile is held and delivered after it, the discarded bytes never are.
     */
    public ChaosProxy blackhole() {
        return blackhole(Direction.BOTH);
    }

    /** Like {@link #blackhole()}, in {@code direction} only. */
    public ChaosProxy blackhole(Direction direction) {
        return update(direction, Faults::withBlackhole);
    }

    /** Forwards at most {@code bytesPerChunk} bytes per {@code interval}, in both directions. */
    public ChaosProxy slowDrip(int bytesPerChunk, Duration interval) {
        return slowDrip(bytesPerChunk, interval, Direction.BOTH);
    }

    /** Forwards at most {@code bytesPerChunk} bytes per {@code interval} in {@code direction}. */
    public ChaosProxy slowDrip(int bytesPerChunk, Duration interval, Direction direction) {
        Objects.requireNonNull(interval, "interval");
        if (bytesPerChunk <= 0 || interval.isNegative()) {
            throw new IllegalArgumentException("slowDrip(" + bytesPerChunk + ", " + interval + ")");
        }
        return update(direction, f -> f.withDrip(bytesPerChunk, interval));
    }

    /**
     * Flips one random bit in each byte forwarded {@link Direction#DOWNSTREAM} (server → client)
     * with probability {@code probabilityPerByte}, drawn from a generator seeded with {@code seed}:
     * the same bytes through one connection give the same corruption.
     */
    public ChaosProxy corrupt(double probabilityPerByte, long seed) {
        return corrupt(probabilityPerByte, seed, Direction.DOWNSTREAM);
    }

    /** Like {@link #corrupt(double, long)}, in {@code direction}; each direction gets its own generator. */
    public ChaosProxy corrupt(double probabilityPerByte, long seed, Direction direction) {
        if (!(probabilityPerByte >= 0.0 && probabilityPerByte <= 1.0)) {
            throw new IllegalArgumentException("probability not in [0, 1]: " + probabilityPerByte);
        }
        return update(direction, f -> f.withCorruption(probabilityPerByte, seed));
    }

    /** Inverts every bit of the next {@code bytes} bytes forwarded {@link Direction#DOWNSTREAM}. */
    public ChaosProxy corruptNext(int bytes) {
        return corruptNext(bytes, Direction.DOWNSTREAM);
    }

    /** Inverts every bit of the next {@code bytes} bytes forwarded in {@code direction} (each, if BOTH). */
    public ChaosProxy corruptNext(int bytes, Direction direction) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + bytes);
        }
        switches.corruptNext(direction, bytes);
        return this;
    }

    /**
     * While true, accepts new connections and closes them at once with RST, as a service that is
     * down behind an open port; current connections are untouched.
     */
    public ChaosProxy refuseNew(boolean refuse) {
        acceptor.refuseNew(refuse);
        return this;
    }

    /**
     * While true, stops accepting: new clients complete the TCP handshake (backlog) but get no
     * bytes through until accept resumes, when they are proxied as usual.
     */
    public ChaosProxy pauseAccept(boolean pause) {
        acceptor.pause(pause);
        return this;
    }

    /** Closes every current connection with RST on both sides; returns how many were cut. */
    public int cutWithReset() {
        return cut(true);
    }

    /**
     * Closes every current connection in order: both sides get FIN (read returns -1) at once and
     * nothing more is forwarded. Returns how many were cut.
     */
    public int cutWithFin() {
        return cut(false);
    }

    // ---------------------------------------------------------------- counters

    /** Live proxied connections: accepted, connected upstream, not ended or cut. */
    public int connections() {
        int n = 0;
        for (ProxiedConnection c : live) {
            if (c.isOpen()) {
                n++;
            }
        }
        return n;
    }

    /** Connections accepted since start, refused ones included. */
    public long acceptedTotal() {
        return counters.accepted.sum();
    }

    /** Connections closed at once by {@link #refuseNew(boolean)}. */
    public long refusedTotal() {
        return counters.refused.sum();
    }

    /** Connections closed because the upstream could not be reached. */
    public long upstreamFailures() {
        return counters.upstreamFailures.sum();
    }

    /** Connections cut by {@link #cutWithReset()} or {@link #cutWithFin()}. */
    public long connectionsCut() {
        return counters.cut.sum();
    }

    /**
     * Bytes written to the receiving side in {@code direction}, counted as each write starts: once
     * a peer has read some bytes they are in this count.
     */
    public long bytesForwarded(Direction direction) {
        return counters.forwarded(direction);
    }

    /**
     * Bytes read in {@code direction} and never forwarded: discarded by a blackhole or a cut with
     * FIN, or held back by a delay when the connection ended.
     */
    public long bytesDropped(Direction direction) {
        return counters.dropped(direction);
    }

    /** Forwarded bytes that were changed by corruption in {@code direction}. */
    public long bytesCorrupted(Direction direction) {
        return counters.corrupted(direction);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Stops accepting, closes every connection and socket, and waits up to 5 s until every thread
     * of this proxy has ended. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing listener", e);
        }
        for (ProxiedConnection c : List.copyOf(live)) {
            c.close();
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        for (Thread t : List.copyOf(threads)) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: thread {1} did not end", name, t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.removeIf(t -> !t.isAlive());
    }

    @Override
    public String toString() {
        return name + "[127.0.0.1:" + port() + " -> " + upstream + ", " + connections() + " connections]";
    }

    // ---------------------------------------------------------------- internals

    FaultSwitches switches() {
        return switches;
    }

    Counters counters() {
        return counters;
    }

    Thread newThread(String suffix, Runnable body) {
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        Thread t = Thread.ofPlatform().name(name + "-" + suffix).daemon(true).unstarted(body);
        threads.add(t);
        return t;
    }

    boolean isClosed() {
        return closed;
    }

    /** Starts proxying between two connected sockets, unless this proxy has closed meanwhile. */
    void register(Socket client, Socket server) {
        ProxiedConnection c = new ProxiedConnection(this, connectionIds.incrementAndGet(), client, server);
        synchronized (lifecycle) {
            if (closed) {
                c.close();
                return;
            }
            live.add(c);
            c.start();
        }
    }

    void unregister(ProxiedConnection c) {
        live.remove(c);
    }

    private ChaosProxy update(Direction direction, UnaryOperator<Faults> change) {
        switches.update(direction, change);
        return this;
    }

    private int cut(boolean reset) {
        int n = 0;
        for (ProxiedConnection c : new ArrayList<>(live)) {
            if (reset ? c.cutWithReset() : c.cutWithFin()) {
                n++;
            }
        }
        counters.cut.add(n);
        return n;
    }
}
