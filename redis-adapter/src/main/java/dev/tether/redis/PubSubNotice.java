package dev.tether.redis;

import java.util.Objects;
import java.util.Set;

/**
 * What a {@link SubscriptionListener} is told besides messages, in order with them. Pub/Sub is
 * at most once: a message published while the subscriber is disconnected is lost, and the
 * {@link Disconnected} and {@link Resubscribed} notices bracket exactly that gap, so an
 * application knows when to resynchronise from the source of truth.
 */
public sealed interface PubSubNotice {

    /**
     * The server confirmed one channel (or pattern, or shard channel) of the subscription.
     *
     * @param kind what was subscribed
     * @param name the channel or pattern
     * @param count the server's count of this connection's subscriptions after it (for shard
     *     channels, of its shard channel subscriptions)
     */
    record Subscribed(Subscription.Kind kind, String name, long count) implements PubSubNotice {
        public Subscribed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The server refused one channel of the subscription (for an ACL user: NOPERM); the others
     * keep working. The subscription no longer holds it, and a reconnect does not try it again.
     *
     * @param kind what was refused
     * @param name the channel or pattern
     * @param error the server's error reply
     */
    record SubscribeFailed(Subscription.Kind kind, String name, RedisError error) implements PubSubNotice {
        public SubscribeFailed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The connection dropped: from now until {@link Resubscribed}, messages are lost. The
     * subscriber reconnects by itself with the options' backoff.
     *
     * @param reason why (an exception from the socket, the health check, the server closing it)
     */
    record Disconnected(Throwable reason) implements PubSubNotice {
        public Disconnected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A new connection subscribed the subscription's channels again, all in one pipelined write
     * made before any other request: messages flow again from here.
     *
     * @param kind what the subscription holds
     * @param names what the subscription holds on the new connection
     */
    record Resubscribed(Subscription.Kind kind, Set<String> names) implements PubSubNotice {
        public Resubscribed {
            Objects.requireNonNull(kind, "kind");
            names = Set.copyOf(names);
        }
    }

    /**
     * Under {@link DeliveryPolicy#dropAndCount}, the delivery queue was full and messages were
     * dropped; the listener gets this before the first message delivered after the gap.
     *
     * @param dropped messages dropped in this gap (for the whole subscriber, not just this listener)
     * @param total messages the subscriber dropped since it connected
     */
    record MessagesDropped(long dropped, long total) implements PubSubNotice {
    }
}
