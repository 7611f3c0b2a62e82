package dev.tether.redis;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.RedisConnectionException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharded Pub/Sub on a cluster: a {@link DefaultRedisSubscriber} per primary that serves a
 * subscribed shard channel, and each {@link ClusterShardSubscription}'s channels grouped by slot,
 * each group on its slot's primary. The groups follow the map: after every read of it
 * ({@link #follow()}), a group whose slot has a new primary moves there; a node that unsubscribes
 * a channel by itself (its slot migrated away) moves its group at once; an SSUBSCRIBE answered
 * with MOVED goes where it says. Every move is bracketed for the listener by
 * {@link PubSubNotice.Disconnected} (forwarded from the node's connection when it dropped) and
 * {@link PubSubNotice.Resubscribed}.
 */
final class ClusterShards {

    private static final Logger log = LoggerFactory.getLogger(ClusterShards.class);

    private final DefaultRedisClusterClient cluster;
    private final Map<String, DefaultRedisSubscriber> subscribers = new ConcurrentHashMap<>();
    private final Set<ClusterShardSubscription> open = ConcurrentHashMap.newKeySet();
    /** Placement decisions (which node a group goes to, which subscribers are still needed) one at a time. */
    private final ReentrantLock lock = new ReentrantLock();

    ClusterShards(DefaultRedisClusterClient cluster) {
        this.cluster = cluster;
    }

    /** SSUBSCRIBE {@code channels}, each slot's channels on that slot's primary. */
    CompletableFuture<Subscription> subscribe(Collection<String> channels, SubscriptionListener listener) {
        Objects.requireNonNull(channels, "shard channels");
        Objects.requireNonNull(listener, "listener");
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("subscribing needs at least one shard channel, got none");
        }
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        int i = 0;
        for (String channel : new LinkedHashSet<>(channels)) {
            if (channel == null) {
                throw new NullPointerException("shard channel at index " + i + " is null");
            }
            bySlot.computeIfAbsent(ClusterSlots.slot(channel.getBytes(StandardCharsets.UTF_8)),
                    s -> new ArrayList<>()).add(channel);
            i++;
        }
        ClusterShardSubscription sub = new ClusterShardSubscription(this, listener, bySlot);
        open.add(sub);
        List<CompletableFuture<Void>> placed = new ArrayList<>();
        for (ClusterShardSubscription.Group group : sub.groups()) {
            placed.add(place(sub, group, false, 0));
        }
        return CompletableFuture.allOf(placed.toArray(CompletableFuture[]::new)).handle((x, error) -> {
            if (error != null) {
                sub.closeAsync();
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            if (sub.names().isEmpty()) { // every group refused (NOPERM): the first refusal says why
                sub.closeAsync();
                throw new RedisErrorException(sub.firstRefusal());
            }
            return sub;
        });
    }

    /**
     * Subscribes {@code group} on its slot's primary now. A MOVED answer moves it (up to
     * maxRedirects); a connection failure leaves it unplaced for the next {@link #follow()} when
     * it is a move, and fails the subscribe call when it is the first placement.
     */
    private CompletableFuture<Void> place(ClusterShardSubscription sub, ClusterShardSubscription.Group group,
                                          boolean moving, int redirects) {
        DefaultRedisSubscriber node;
        lock.lock();
        try {
            if (!sub.isOpen()) {
                return CompletableFuture.completedFuture(null);
            }
            group.node = cluster.owner(group.slot);
            node = subscriber(group.node);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlock();
        }
        String at = group.node;
        return node.ssubscribeAsync(group.names(), sub.forwarder(group, moving,
                () -> moveLater(sub, group, "a resubscribe on " + at + " was redirected"))).handle((placed, error) -> {
            if (error == null) {
                group.placed(placed, at);
                if (!sub.isOpen()) {
                    placed.closeAsync();
                } else if (moving) {
                    sub.notice(new PubSubNotice.Resubscribed(Subscription.Kind.SHARD_CHANNEL, placed.names()));
                }
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ClusterRedirect redirect = ClusterRedirect.of(cause);
            if (redirect != null && redirect.moved() && redirects < cluster.options.maxRedirects()) {
                cluster.topology.move(redirect.slot(), redirect.address());
                cluster.refreshSoon();
                return place(sub, group, moving, redirects + 1);
            }
            group.unplaced();
            if (moving) {
                log.debug("shard channels {} not yet moved to {}: {} (tried again at the next map read)",
                        group.names(), at, cause.toString());
                return CompletableFuture.<Void>completedFuture(null);
            }
            return CompletableFuture.<Void>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    /** After a read of the map: moves the groups whose slot has a new primary, places the unplaced ones. */
    void follow() {
        for (ClusterShardSubscription sub : open) {
            for (ClusterShardSubscription.Group group : sub.groups()) {
                String owner = cluster.topology.owner(group.slot);
                if (owner != null && group.settled() && !owner.equals(group.node)) {
                    move(sub, group, "its slot " + group.slot + " is now served by " + owner);
                } else if (owner != null && group.abandoned()) {
                    place(sub, group, true, 0);
                }
            }
        }
        closeIdleSubscribers();
    }

    /** Takes {@code group} off its node (telling the listener, unless the node's own drop already did) and places it anew. */
    private void move(ClusterShardSubscription sub, ClusterShardSubscription.Group group, String why) {
        Subscription old = group.take();
        if (old == null) {
            return; // another move or placement has it
        }
        DefaultRedisSubscriber from = subscribers.get(group.node);
        if (from != null && from.state() == ConnectionState.CONNECTED) {
            sub.notice(new PubSubNotice.Disconnected(new RedisConnectionException(Reason.DISCONNECTED,
                    "shard channels " + group.names() + " left " + group.node + ": " + why
                            + "; resubscribing on the slot's primary")));
        }
        old.closeAsync().exceptionally(e -> null); // the old node may answer MOVED or be gone: nothing to undo either way
        log.debug("moving shard channels {} off {}: {}", group.names(), group.node, why);
        place(sub, group, true, 0);
    }

    /** A node unsubscribed {@code channel} by itself (its slot moved away): the groups holding it there move now. */
    private void evicted(String node, String channel) {
        for (ClusterShardSubscription sub : open) {
            for (ClusterShardSubscription.Group group : sub.groups()) {
                if (node.equals(group.node) && group.names().contains(channel)) {
                    moveLater(sub, group, "the node unsubscribed it (its slot moved away)");
                }
            }
        }
    }

    /** {@link #move}, off the calling thread (a socket reader or a delivery thread must not wait for it). */
    private void moveLater(ClusterShardSubscription sub, ClusterShardSubscription.Group group, String why) {
        Thread.ofVirtual().name("tether-shard-move").start(() -> {
            move(sub, group, why);
            cluster.refreshSoon();
        });
    }

    /** Whether the map should be read again soon: a subscriber connection is down, or a group waits for a node. */
    boolean degraded() {
        for (DefaultRedisSubscriber s : subscribers.values()) {
            if (s.state() != ConnectionState.CONNECTED) {
                return true;
            }
        }
        for (ClusterShardSubscription sub : open) {
            for (ClusterShardSubscription.Group group : sub.groups()) {
                if (group.waiting()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A subscription closed: it no longer follows the map; subscribers nobody needs close. */
    void closed(ClusterShardSubscription sub) {
        open.remove(sub);
        closeIdleSubscribers();
    }

    /** The subscriber on {@code address}, made on first use; its drop makes the map be read again. Under {@link #lock}. */
    private DefaultRedisSubscriber subscriber(String address) {
        if (cluster.isClosed()) {
            throw new IllegalStateException("the cluster client is closed");
        }
        return subscribers.computeIfAbsent(address, a -> {
            int colon = a.lastIndexOf(':');
            DefaultRedisSubscriber s = (DefaultRedisSubscriber) DefaultRedisSubscriber.connect(
                    cluster.options.nodeOptions().atClusterNode(a.substring(0, colon),
                            Integer.parseInt(a.substring(colon + 1)), false, event -> {
                                if (event instanceof ConnectionEvent.Disconnected) {
                                    cluster.refreshSoon();
                                }
                            }), DeliveryPolicy.defaults());
            s.onEvicted(channel -> evicted(a, channel));
            return s;
        });
    }

    private void closeIdleSubscribers() {
        lock.lock();
        try {
            Set<String> used = new HashSet<>();
            for (ClusterShardSubscription sub : open) {
                for (ClusterShardSubscription.Group group : sub.groups()) {
                    if (group.node != null) {
                        used.add(group.node);
                    }
                }
            }
            subscribers.entrySet().removeIf(e -> {
                if (used.contains(e.getKey())) {
                    return false;
                }
                e.getValue().close();
                return true;
            });
        } finally {
            lock.unlock();
        }
    }

    /** The cluster client closes: every subscription and subscriber with it. */
    void close() {
        open.forEach(ClusterShardSubscription::markClosed);
        open.clear();
        subscribers.values().forEach(DefaultRedisSubscriber::close);
        subscribers.clear();
    }
}
