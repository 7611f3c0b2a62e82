package dev.tether.benchmarks.compare;

import dev.tether.micrometer.TetherMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.tether.redis.Command;
import dev.tether.redis.Commands;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Tether's Redis client with its default options: ONE connection shared by every thread. With
 * {@code metered}, the tether-micrometer binding is on too: a timer per command and outcome with
 * its default percentiles, lifecycle counters and gauges, in a {@link SimpleMeterRegistry}.
 */
final class TetherDriver implements Driver {

    private final RedisClient client;
    private final TetherMetrics metrics;

    TetherDriver(int port, boolean metered) {
        RedisOptions.Builder options = RedisOptions.builder().uri("redis://127.0.0.1:" + port);
        if (metered) {
            metrics = TetherMetrics.builder(new SimpleMeterRegistry()).clientName("bench").build();
            options.commandListener(metrics).listener(metrics.lifecycle());
        } else {
            metrics = null;
        }
        this.client = RedisClient.connect(options.build());
        if (metrics != null) {
            metrics.bindGauges(client);
        }
    }

    @Override
    public String get(String key) {
        return client.get(key);
    }

    @Override
    public void set(String key, String value) {
        client.set(key, value);
    }

    @Override
    public int pipelineSet(String[] keys, String value) {
        List<Command<?>> batch = new ArrayList<>(keys.length);
        for (String key : keys) {
            batch.add(Commands.set(key, value));
        }
        List<Object> replies = client.pipeline(batch);
        int ok = 0;
        for (Object reply : replies) {
            if (Boolean.TRUE.equals(reply)) { // a refused SET would be a RedisError value
                ok++;
            }
        }
        return ok;
    }

    @Override
    public void close() {
        client.close();
    }
}
