package dev.tether.benchmarks.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * Jedis: a plain {@link Jedis} connection whose {@code subscribe(BinaryJedisPubSub, channel)}
 * blocks a platform thread of its own, which reads the socket and calls the listener. The
 * constructor returns once {@code onSubscribe} ran.
 */
final class JedisSubscriber implements BenchSubscriber {

    private final Jedis jedis;
    private final BinaryJedisPubSub pubSub;
    private final Thread thread;

    JedisSubscriber(int port, String channel, Consumer<byte[]> listener) throws InterruptedException {
        this.jedis = new Jedis("127.0.0.1", port);
        CountDownLatch subscribed = new CountDownLatch(1);
        this.pubSub = new BinaryJedisPubSub() {
            @Override
            public void onMessage(byte[] ch, byte[] message) {
                listener.accept(message);
            }

            @Override
            public void onSubscribe(byte[] ch, int subscribedChannels) {
                subscribed.countDown();
            }
        };
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        this.thread = Thread.ofPlatform().daemon(true).name("jedis-subscribe").start(() -> {
            try {
                jedis.subscribe(pubSub, name);
            } catch (RuntimeException e) {
                System.err.println("jedis subscribe ended: " + e);
            }
        });
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            jedis.close();
            throw new IllegalStateException("Jedis: no subscribe confirmation within 10 s");
        }
    }

    @Override
    public String describe() {
        return "Jedis + BinaryJedisPubSub, subscribe() blocking its own thread";
    }

    @Override
    public void close() {
        try {
            pubSub.unsubscribe();
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            jedis.close();
        }
    }
}
