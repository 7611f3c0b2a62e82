package dev.tether.redis;

/**
 * How a {@link RedisSubscriber} hands messages to its listeners: through one bounded queue per
 * subscriber, drained by one delivery thread, so the thread reading the socket never runs user
 * code. What happens when listeners fall so far behind that the queue is full is the policy:
 *
 * <ul>
 *   <li>{@link #stopReading(int)} (the default, with 10,000 messages): the reader waits for room.
 *       Nothing is lost in the client; unread messages pile up in the socket buffers and then in
 *       the server's output buffer for this client. If that passes the server's
 *       {@code client-output-buffer-limit pubsub}, the server closes the connection: the listeners
 *       see {@link PubSubNotice.Disconnected}, then {@link PubSubNotice.Resubscribed} once the
 *       subscriber is back.</li>
 *   <li>{@link #dropAndCount(int)}: the reader keeps reading and drops what does not fit,
 *       counting it; before the next message that fits, every listener gets
 *       {@link PubSubNotice.MessagesDropped} with the count.</li>
 * </ul>
 *
 * <p>Notices never wait for room and are never dropped. Messages read while a new connection is
 * being set up (between resubscribing and the connection opening) are never waited for either:
 * past twice the capacity they are dropped and counted, under either policy.
 */
public final class DeliveryPolicy {

    /** The default capacity, in messages. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final boolean drop;
    private final int capacity;

    private DeliveryPolicy(boolean drop, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the delivery queue must hold at least 1 message, got " + capacity);
        }
        this.drop = drop;
        this.capacity = capacity;
    }

    /** Stop reading while {@code capacity} messages wait for the listeners. */
    public static DeliveryPolicy stopReading(int capacity) {
        return new DeliveryPolicy(false, capacity);
    }

    /** Drop, and count, messages that find {@code capacity} messages waiting already. */
    public static DeliveryPolicy dropAndCount(int capacity) {
        return new DeliveryPolicy(true, capacity);
    }

    /** {@code stopReading(10_000)}. */
    public static DeliveryPolicy defaults() {
        return stopReading(DEFAULT_CAPACITY);
    }

    /** True for {@link #dropAndCount}. */
    public boolean drops() {
        return drop;
    }

    /** How many messages may wait for the listeners. */
    public int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        return (drop ? "dropAndCount(" : "stopReading(") + capacity + ")";
    }
}
