package dev.tether.redis;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Channels (or patterns, or shard channels) subscribed together, with one listener: what
 * {@link RedisSubscriber#subscribe}, {@link RedisSubscriber#psubscribe} and
 * {@link RedisSubscriber#ssubscribe} return. It holds its names until {@link #close()}, across
 * reconnects: the subscriber subscribes them again on every new connection.
 *
 * <p>Several subscriptions may hold the same channel; each one's listener receives each message.
 * The server is told to unsubscribe a channel only when the last subscription holding it closes.
 */
public interface Subscription extends AutoCloseable {

    /** What a subscription holds. */
    enum Kind {
        /** Channels: SUBSCRIBE, messages published with PUBLISH. */
        CHANNEL,
        /** Glob-style patterns: PSUBSCRIBE, messages on every matching channel. */
        PATTERN,
        /** Shard channels: SSUBSCRIBE, messages published with SPUBLISH. */
        SHARD_CHANNEL
    }

    /** What this subscription holds. */
    Kind kind();

    /** The names the server accepted and this subscription holds (empty once closed). */
    Set<String> names();

    /** The names the server refused when this subscription was made or restored (see {@link PubSubNotice.SubscribeFailed}). */
    Set<String> refused();

    /** False once {@link #close()} was called, or the subscriber closed. */
    boolean isOpen();

    /**
     * Stops this subscription's deliveries at once and unsubscribes, on the server, the names no
     * other subscription holds; returns once the server confirmed (or at once if the subscriber
     * is not connected: a new connection simply does not subscribe them). Idempotent.
     *
     * @throws RedisConnectionException if the server did not confirm within the command timeout;
     *     the subscription is closed all the same
     */
    @Override
    void close();

    /** As {@link #close()}, without waiting: the future completes once the server confirmed. */
    CompletableFuture<Void> closeAsync();
}
