package dev.tether.redis;

import dev.tether.connection.ConnectionState;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * A Pub/Sub subscriber on a Redis connection of its own, which it keeps subscribed across
 * reconnects. Start one next to the {@link RedisClient} (publishing is an ordinary command, on
 * the client): it takes the same {@link RedisOptions} (TLS, ACL user, Unix socket, RESP2 or
 * RESP3, backoff, health check).
 *
 * <pre>{@code
 * try (RedisSubscriber subscriber = RedisSubscriber.connect(options)) {
 *     Subscription orders = subscriber.subscribe(List.of("orders"), message ->
 *             System.out.println(message.channel() + ": " + message.text()));
 *     redis.publish("orders", "order 42 paid");
 *     ...
 *     orders.close();
 * }
 * }</pre>
 *
 * <h2>Reconnects</h2>
 * The subscriber's state is its set of subscriptions. When the connection drops, every listener
 * gets {@link PubSubNotice.Disconnected}; the subscriber reconnects with the options' backoff,
 * runs the handshake, and then subscribes every channel, pattern and shard channel again in one
 * pipelined write, before any new request. Each listener then gets
 * {@link PubSubNotice.Resubscribed}. Messages published in between are lost (Pub/Sub is at most
 * once); the two notices bracket the gap. A name the server refuses on the new connection (the
 * ACL changed) is reported with {@link PubSubNotice.SubscribeFailed} and dropped.
 *
 * <h2>Refusals</h2>
 * Redis refuses a whole multi-channel SUBSCRIBE with NOPERM when the ACL user may not use one of
 * the channels. The subscriber then subscribes the channels one by one (in one write) to find
 * out which: the listener gets {@link PubSubNotice.SubscribeFailed} for the refused ones and
 * {@link Subscription#refused()} lists them; the allowed ones are subscribed and keep working. A
 * subscribe call fails only if the server refused every name, or for a connection problem.
 *
 * <h2>Delivery</h2>
 * Listeners run on one delivery thread per subscriber, fed through a bounded queue, never on the
 * thread that reads the socket; each listener sees its messages in the order the server sent
 * them. When the queue is full the {@link DeliveryPolicy} decides: by default the subscriber stops
 * reading (TCP backpressure; the server may then close the connection when its output buffer
 * limit for Pub/Sub clients is reached, which the listeners see as a disconnect), or it drops
 * messages and tells the listeners how many.
 *
 * <h2>What the connection carries</h2>
 * Pub/Sub commands, and PING (the health check, and {@link #ping()}), nothing else: an ordinary
 * command belongs on the {@link RedisClient}, which is why this type offers none.
 *
 * <p>Bad input (an empty or null collection, a null or empty name, a null listener, a call after
 * {@link #close()}) throws {@link IllegalArgumentException}, {@link NullPointerException} or
 * {@link IllegalStateException} before anything is sent.
 */
public interface RedisSubscriber extends AutoCloseable {

    /**
     * Connects a subscriber with the default delivery policy (stop reading when 10,000 messages
     * wait). Waits for the first connection only if the options ask for syncConnect; until then
     * subscribe calls wait for it (within the command timeout).
     */
    static RedisSubscriber connect(RedisOptions options) {
        return connect(options, DeliveryPolicy.defaults());
    }

    /** Connects a subscriber that delivers as {@code delivery} says. */
    static RedisSubscriber connect(RedisOptions options, DeliveryPolicy delivery) {
        return DefaultRedisSubscriber.connect(options, delivery);
    }

    /**
     * SUBSCRIBE: returns once the server confirmed the channels (see the class javadoc for a
     * partial refusal).
     *
     * @throws RedisErrorException if the server refused every channel
     * @throws RedisConnectionException if there was no confirmation; the subscription is not kept
     */
    Subscription subscribe(Collection<String> channels, SubscriptionListener listener);

    /** PSUBSCRIBE: glob-style patterns; as {@link #subscribe}. */
    Subscription psubscribe(Collection<String> patterns, SubscriptionListener listener);

    /** SSUBSCRIBE: shard channels (Redis 7), for messages sent with SPUBLISH; as {@link #subscribe}. */
    Subscription ssubscribe(Collection<String> shardChannels, SubscriptionListener listener);

    /** As {@link #subscribe}, without waiting; bad input still throws at once. */
    CompletableFuture<Subscription> subscribeAsync(Collection<String> channels, SubscriptionListener listener);

    /** As {@link #psubscribe}, without waiting. */
    CompletableFuture<Subscription> psubscribeAsync(Collection<String> patterns, SubscriptionListener listener);

    /** As {@link #ssubscribe}, without waiting. */
    CompletableFuture<Subscription> ssubscribeAsync(Collection<String> shardChannels, SubscriptionListener listener);

    /** PING on the subscriber's connection: "PONG" under RESP2 and RESP3 alike. */
    String ping();

    /** Messages dropped so far under {@link DeliveryPolicy#dropAndCount} (0 under stopReading). */
    long droppedMessages();

    /** Where the connection is in its life (CONNECTED, BACKING_OFF, ...). */
    ConnectionState state();

    /**
     * Closes the connection and every subscription (without unsubscribing one by one: the
     * server forgets them with the connection). Messages still queued are not delivered. Idempotent.
     */
    @Override
    void close();
}
