package dev.tether.benchmarks.compare;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce with its defaults: one {@link StatefulRedisConnection} shared by every thread, sync API.
 * For W3 the connection has auto-flush off and the batch is sent with {@code flushCommands()}.
 */
final class LettuceDriver implements Driver {

    private final io.lettuce.core.RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> sync;
    private final RedisAsyncCommands<String, String> async;
    private final boolean manualFlush;

    LettuceDriver(int port, boolean manualFlush) {
        this.client = io.lettuce.core.RedisClient.create(RedisURI.create("127.0.0.1", port));
        this.connection = client.connect();
        this.sync = connection.sync();
        this.async = connection.async();
        this.manualFlush = manualFlush;
        if (manualFlush) {
            connection.setAutoFlushCommands(false);
        }
    }

    @Override
    public String get(String key) {
        if (!manualFlush) {
            return sync.get(key);
        }
        // With auto-flush off a sync command would wait forever: flush it ourselves.
        RedisFuture<String> f = async.get(key);
        connection.flushCommands();
        LettuceFutures.awaitAll(60, TimeUnit.SECONDS, f);
        return f.toCompletableFuture().getNow(null);
    }

    @Override
    public void set(String key, String value) {
        if (!manualFlush) {
            sync.set(key, value);
        } else {
            RedisFuture<String> f = async.set(key, value);
            connection.flushCommands();
            LettuceFutures.awaitAll(60, TimeUnit.SECONDS, f);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public int pipelineSet(String[] keys, String value) {
        RedisFuture<String>[] futures = new RedisFuture[keys.length];
        for (int i = 0; i < keys.length; i++) {
            futures[i] = async.set(keys[i], value);
        }
        connection.flushCommands();
        if (!LettuceFutures.awaitAll(60, TimeUnit.SECONDS, futures)) {
            throw new IllegalStateException("pipeline not answered within 60 s");
        }
        int ok = 0;
        for (RedisFuture<String> f : futures) {
            if ("OK".equals(f.toCompletableFuture().getNow(null))) {
                ok++;
            }
        }
        return ok;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
