package dev.tether.redis;

/**
 * Receives what a {@link Subscription} gets: its messages and the notices about it. Both run on
 * the subscriber's delivery thread, never on the thread that reads the socket, one at a time and
 * in the order the server sent them. A listener that is slow holds up the subscriber's other
 * listeners and, once the delivery queue is full, the subscriber's reading (or loses messages,
 * under {@link DeliveryPolicy#dropAndCount}). An exception thrown by a listener is logged and the
 * next message is delivered.
 */
@FunctionalInterface
public interface SubscriptionListener {

    /** A message on one of the subscription's channels or patterns. */
    void onMessage(PubSubMessage message);

    /**
     * Something happened to the subscription: subscribed, refused, disconnected, resubscribed,
     * messages dropped. Default: nothing. Override it to learn when messages may have been lost:
     * everything published between a {@link PubSubNotice.Disconnected} and the following
     * {@link PubSubNotice.Resubscribed} never reaches the listener.
     */
    default void onNotice(PubSubNotice notice) {
    }
}
