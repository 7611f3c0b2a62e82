package dev.tether.benchmarks.pubsub;

import dev.tether.redis.DeliveryPolicy;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.Subscription;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tether: {@code RedisSubscriber.connect(options)} with the default delivery policy
 * ({@code stopReading(10_000)}), one {@link Subscription} with a listener that hands
 * {@code message.payload()} (not copied by the client) to the harness.
 */
final class TetherSubscriber implements BenchSubscriber {

    private final RedisSubscriber subscriber;
    private final Subscription subscription;

    TetherSubscriber(int port, String channel, Consumer<byte[]> listener) {
        this.subscriber = RedisSubscriber.connect(RedisOptions.fromUri("redis://127.0.0.1:" + port));
        try {
            this.subscription = subscriber.subscribe(List.of(channel), message -> listener.accept(message.payload()));
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "RedisSubscriber, " + DeliveryPolicy.defaults() + ", listener on its delivery thread";
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } finally {
            subscriber.close();
        }
    }
}
