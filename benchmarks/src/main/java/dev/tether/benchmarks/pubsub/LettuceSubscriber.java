package dev.tether.benchmarks.pubsub;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Lettuce with its defaults: {@code RedisClient.connectPubSub(ByteArrayCodec.INSTANCE)}, a
 * {@link RedisPubSubAdapter} listener (called on the Netty event loop), SUBSCRIBE through the
 * sync API (returns once confirmed).
 */
final class LettuceSubscriber implements BenchSubscriber {

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final byte[] channel;

    LettuceSubscriber(int port, String channel, Consumer<byte[]> listener) {
        this.client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        try {
            this.connection = client.connectPubSub(ByteArrayCodec.INSTANCE);
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] ch, byte[] message) {
                    listener.accept(message);
                }
            });
            connection.sync().subscribe(this.channel);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    @Override
    public String describe() {
        return "connectPubSub(ByteArrayCodec), RedisPubSubAdapter on the event loop";
    }

    @Override
    public void close() {
        try {
            connection.sync().unsubscribe(channel);
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
