package dev.tether.examples.pool;

import dev.tether.connection.ConnectionRef;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespError;
import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pool of N blocking Redis connections: the <b>baseline the talk compares against</b>.
 *
 * <p>The talk behind Tether claims that one non-blocking, multiplexed connection (Tether's
 * {@code RedisClient}: replies deferred, the socket used full duplex, concurrent callers coalesced
 * into one write) beats the classic design, a pool of blocking connections. This class is that
 * classic design, written on the same behaviour runtime and the same RESP codec, so the
 * comparison measures the design and not the plumbing:
 *
 * <ol>
 *   <li>a caller <b>checks out</b> an idle connection, waiting (bounded by the checkout timeout)
 *       when all N are busy;</li>
 *   <li>sends <b>one</b> command and waits for its reply: the connection
 *       ({@link BlockingRedisConnection}) writes it and blocks until the reply is read, so each
 *       socket carries at most one request at a time and is idle for a whole round trip;</li>
 *   <li><b>checks in</b> the connection for the next caller.</li>
 * </ol>
 *
 * With N callers and N connections this is Jedis' {@code JedisPool}: concurrency costs one socket
 * (and one server-side client) per concurrent caller, and throughput is bounded by N / round trip.
 *
 * <pre>{@code
 * try (BlockingRedisPool pool = BlockingRedisPool.open("127.0.0.1", 6379, 8, Duration.ofSeconds(1))) {
 *     pool.set("greeting", "hello");
 *     String value = pool.get("greeting");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Each member reconnects by itself after an I/O error (and fails fast meanwhile);
 * the pool never replaces members.
 */
public final class BlockingRedisPool implements AutoCloseable {

    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private final List<ConnectionRef<String[], RespValue>> members;
    private final ArrayBlockingQueue<ConnectionRef<String[], RespValue>> idle;
    private final Duration checkoutTimeout;
    private volatile boolean closed;

    private BlockingRedisPool(List<ConnectionRef<String[], RespValue>> members, Duration checkoutTimeout) {
        this.members = List.copyOf(members);
        this.idle = new ArrayBlockingQueue<>(members.size(), false, members);
        this.checkoutTimeout = checkoutTimeout;
    }

    /** What runs each connection's loop, and so blocks in its socket reads. */
    public enum Loops {
        /**
         * A platform thread per connection (the default): a blocked read is a plain blocking
         * system call, woken by the kernel, as in Jedis. Costs N threads, which a pool of blocking
         * connections needs anyway.
         */
        PLATFORM,
        /**
         * Tether's default virtual thread: a blocked read parks it, and the JDK's poller thread
         * unparks it when bytes arrive, one more hand-off per request than {@link #PLATFORM}.
         */
        VIRTUAL
    }

    /**
     * Opens {@code size} connections to {@code host:port} on {@link Loops#PLATFORM} loops; see
     * {@link #open(String, int, int, Duration, Loops)}.
     */
    public static BlockingRedisPool open(String host, int port, int size, Duration checkoutTimeout) {
        return open(host, port, size, checkoutTimeout, Loops.PLATFORM);
    }

    /**
     * Opens {@code size} connections to {@code host:port}, each connected before this returns.
     *
     * @param checkoutTimeout how long a caller waits for an idle connection when all are busy
     * @param loops what kind of thread runs each connection's loop
     * @throws dev.tether.connection.StartFailedException if a connection could not be opened
     *     (those already open are closed)
     */
    public static BlockingRedisPool open(String host, int port, int size, Duration checkoutTimeout, Loops loops) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(checkoutTimeout, "checkoutTimeout");
        Objects.requireNonNull(loops, "loops");
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection, got " + size);
        }
        ConnectionOptions.Builder builder = ConnectionOptions.builder().callTimeout(IO_TIMEOUT.plusSeconds(1));
        if (loops == Loops.PLATFORM) {
            builder.threadFactory(Thread.ofPlatform().name("blocking-redis-", 0).daemon().factory());
        }
        ConnectionOptions options = builder.build();
        List<ConnectionRef<String[], RespValue>> members = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                members.add(Tether.startConnected(new BlockingRedisConnection(host, port, IO_TIMEOUT), options));
            }
        } catch (RuntimeException e) {
            members.forEach(ConnectionRef::stop);
            throw e;
        }
        return new BlockingRedisPool(members, checkoutTimeout);
    }

    /**
     * Checks out a connection, runs one command on it, checks it back in.
     *
     * @return the raw reply (never a {@link RespError}: that is thrown)
     * @throws PoolExhaustedException if no connection became idle within the checkout timeout
     * @throws IllegalStateException if the server answered with an error, or the pool is closed
     * @throws java.io.UncheckedIOException if the connection failed (it reconnects by itself)
     */
    public RespValue execute(String... command) {
        ConnectionRef<String[], RespValue> connection = checkout();
        RespValue reply;
        try {
            reply = connection.call(command);
        } finally {
            idle.offer(connection); // check in; never fails: the queue holds every member
        }
        if (reply instanceof RespError error) {
            throw new IllegalStateException("redis error: " + error.message());
        }
        return reply;
    }

    private ConnectionRef<String[], RespValue> checkout() {
        if (closed) {
            throw new IllegalStateException("the pool is closed");
        }
        ConnectionRef<String[], RespValue> connection;
        try {
            connection = idle.poll(checkoutTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a connection", e);
        }
        if (connection == null) {
            throw new PoolExhaustedException("all " + members.size() + " connections stayed busy for "
                    + checkoutTimeout.toMillis() + " ms");
        }
        return connection;
    }

    /** GET key: the value, or null. */
    public String get(String key) {
        return switch (execute("GET", key)) {
            case RespBulkString value -> value.asString();
            case RespNull nothing -> null;
            case RespValue other -> throw new IllegalStateException("GET answered " + other);
        };
    }

    /** SET key value. */
    public void set(String key, String value) {
        RespValue reply = execute("SET", key, value);
        if (!RespSimpleString.OK.equals(reply)) {
            throw new IllegalStateException("SET answered " + reply);
        }
    }

    /** How many connections the pool holds. */
    public int size() {
        return members.size();
    }

    /** How many connections are idle right now. */
    public int idleCount() {
        return idle.size();
    }

    /** Stops every connection; callers still waiting for a reply fail. */
    @Override
    public void close() {
        closed = true;
        members.forEach(ConnectionRef::stop);
    }

    /** No connection became idle within the checkout timeout. */
    public static final class PoolExhaustedException extends RuntimeException {
        PoolExhaustedException(String message) {
            super(message);
        }
    }
}
