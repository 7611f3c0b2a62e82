package dev.tether.examples.memcached;

import dev.tether.connection.ConnectionState;
import dev.tether.connection.StartFailedException;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.examples.memcached.MemcachedRequest.Counter;
import dev.tether.examples.memcached.MemcachedRequest.Delete;
import dev.tether.examples.memcached.MemcachedRequest.Get;
import dev.tether.examples.memcached.MemcachedRequest.Incr;
import dev.tether.examples.memcached.MemcachedRequest.Set;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A memcached client: one pipelined connection that every thread shares, kept up and reconnected
 * by a {@link Pipe}. Every failure is a {@link MemcachedException}: an error line from the server
 * fails that request alone; a connection failure carries the pipe's reason (CLOSED: never sent,
 * safe to retry; DISCONNECTED or TIMEOUT: it may have run). A bad key is an
 * {@link IllegalArgumentException} before anything is sent, from the async methods too.
 *
 * <pre>{@code
 * try (MemcachedClient mc = MemcachedClient.connect("127.0.0.1", 11211)) {
 *     mc.set("user:42", bytes);
 *     byte[] back = mc.get("user:42");                    // null on a miss
 *     CompletableFuture<Long> n = mc.incrAsync("hits", 1); // many may be in flight
 * }
 * }</pre>
 */
public final class MemcachedClient implements AutoCloseable {

    private final Pipe<MemcachedRequest<?>> pipe;

    private MemcachedClient(Pipe<MemcachedRequest<?>> pipe) {
        this.pipe = pipe;
    }

    /** Connects to {@code host:port} with the pipe's defaults; see {@link #connect(String, int, Consumer)}. */
    public static MemcachedClient connect(String host, int port) {
        return connect(host, port, builder -> { });
    }

    /**
     * Connects to {@code host:port} and returns once connected. {@code configure} may set any
     * pipe option (connection options with the call timeout and backoff, stall interval,
     * maxInFlight...) except the error translator, which is this client's.
     *
     * @throws MemcachedException with reason CLOSED if the first connect failed
     */
    public static MemcachedClient connect(String host, int port, Consumer<Pipe.Builder<MemcachedRequest<?>>> configure) {
        Pipe.Builder<MemcachedRequest<?>> builder = Pipe.builder(MemcachedCodec::new, SocketOptions.tcp(host, port))
                .errorTranslator(MemcachedException::from);
        configure.accept(builder);
        try {
            return new MemcachedClient(builder.startConnected());
        } catch (StartFailedException e) {
            throw new MemcachedException(MemcachedException.Reason.CLOSED, e.getMessage(), e);
        }
    }

    /** The value stored under {@code key}, or null on a miss. */
    public byte[] get(String key) {
        return pipe.call(new Get(key));
    }

    /** Stores {@code value} under {@code key}, no flags, no expiry; true once STORED. */
    public boolean set(String key, byte[] value) {
        return pipe.call(new Set(key, value));
    }

    /** Stores {@code value} with {@code flags}, expiring per {@code exptime}; see {@link Set}. */
    public boolean set(String key, byte[] value, int flags, int exptime) {
        return pipe.call(new Set(key, value, flags, exptime));
    }

    /** Deletes {@code key}; false if it was not there. */
    public boolean delete(String key) {
        return pipe.call(new Delete(key));
    }

    /** Adds {@code delta} to the counter at {@code key}; null if there is none; see {@link Incr}. */
    public Long incr(String key, long delta) {
        return pipe.call(new Incr(key, delta));
    }

    /** Adds {@code delta} to the counter at {@code key}, creating it at {@code initial} if missing; see {@link Counter}. */
    public long counter(String key, long delta, long initial) {
        return pipe.call(new Counter(key, delta, initial));
    }

    /** {@link #get} without waiting. */
    public CompletableFuture<byte[]> getAsync(String key) {
        return pipe.callAsync(new Get(key));
    }

    /** {@link #set(String, byte[])} without waiting. */
    public CompletableFuture<Boolean> setAsync(String key, byte[] value) {
        return pipe.callAsync(new Set(key, value));
    }

    /** {@link #delete} without waiting. */
    public CompletableFuture<Boolean> deleteAsync(String key) {
        return pipe.callAsync(new Delete(key));
    }

    /** {@link #incr} without waiting. */
    public CompletableFuture<Long> incrAsync(String key, long delta) {
        return pipe.callAsync(new Incr(key, delta));
    }

    /** Sends any request and waits for its reply within {@code timeout}, or the call timeout if null. */
    public <T> T call(MemcachedRequest<T> request, Duration timeout) {
        return pipe.call(request, timeout);
    }

    /** Sends any request; the future fails with a {@link MemcachedException}. Timeout as in {@link #call}. */
    public <T> CompletableFuture<T> callAsync(MemcachedRequest<T> request, Duration timeout) {
        return pipe.callAsync(request, timeout);
    }

    /** Where the connection is: CONNECTED, BACKING_OFF while memcached is unreachable, and so on. */
    public ConnectionState state() {
        return pipe.state();
    }

    /** Closes the connection; requests still waiting fail with STOPPED. Idempotent. */
    @Override
    public void close() {
        pipe.close();
    }
}
