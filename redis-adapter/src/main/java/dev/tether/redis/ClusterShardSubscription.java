package dev.tether.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's shard-channel {@link Subscription}: its channels in groups, one per slot, each group
 * held by a subscription on the slot's primary ({@link ClusterShards} places and moves them).
 * The listener hears every group, one call at a time (groups on different nodes are delivered by
 * different threads, so calls are serialised here); each channel's messages keep the server's order.
 */
final class ClusterShardSubscription implements Subscription {

    private static final Logger log = LoggerFactory.getLogger(ClusterShardSubscription.class);

    /** One slot's channels and where they are held now. */
    static final class Group {
        private enum State { PLACING, SETTLED, ABANDONED }

        final int slot;
        private final Set<String> names;
        /** The node the group was last sent to. */
        volatile String node;
        private final AtomicReference<State> state = new AtomicReference<>(State.PLACING);
        private final AtomicReference<Subscription> current = new AtomicReference<>();

        Group(int slot, List<String> names) {
            this.slot = slot;
            this.names = ConcurrentHashMap.newKeySet();
            this.names.addAll(names);
        }

        List<String> names() {
            return List.copyOf(names);
        }

        /** Held on {@code at} now. */
        void placed(Subscription on, String at) {
            current.set(on);
            node = at;
            state.set(State.SETTLED);
        }

        /** Could not be placed: the next read of the map tries again. */
        void unplaced() {
            state.set(State.ABANDONED);
        }

        boolean settled() {
            return state.get() == State.SETTLED;
        }

        /** True once for a group that waits to be placed again: the caller places it. */
        boolean abandoned() {
            return state.compareAndSet(State.ABANDONED, State.PLACING);
        }

        boolean waiting() {
            return state.get() == State.ABANDONED;
        }

        /** Takes a settled group off its node for a move: its node subscription, or null if it is not settled. */
        Subscription take() {
            return state.compareAndSet(State.SETTLED, State.PLACING) ? current.getAndSet(null) : null;
        }
    }

    private final ClusterShards shards;
    private final SubscriptionListener listener;
    private final List<Group> groups = new ArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicReference<RedisError> firstRefusal = new AtomicReference<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final ReentrantLock delivering = new ReentrantLock();

    ClusterShardSubscription(ClusterShards shards, SubscriptionListener listener, Map<Integer, List<String>> bySlot) {
        this.shards = shards;
        this.listener = listener;
        bySlot.forEach((slot, names) -> groups.add(new Group(slot, names)));
    }

    List<Group> groups() {
        return groups;
    }

    RedisError firstRefusal() {
        return firstRefusal.get();
    }

    /**
     * What the node subscription of {@code group} reports: messages, and notices except a refusal
     * by redirect (the slot moved: the group follows it, see {@link ClusterShards}) and the
     * confirmations of a move (the listener hears {@link PubSubNotice.Resubscribed} instead).
     */
    SubscriptionListener forwarder(Group group, boolean moving, Runnable onRedirect) {
        return new SubscriptionListener() {
            @Override
            public void onMessage(PubSubMessage message) {
                deliver(() -> listener.onMessage(message));
            }

            @Override
            public void onNotice(PubSubNotice notice) {
                switch (notice) {
                    case PubSubNotice.SubscribeFailed f when ClusterRedirect.of(f.error()) != null -> {
                        if (group.settled()) {
                            onRedirect.run(); // a resubscribe after a reconnect met a node that lost the slot
                        }
                    }
                    case PubSubNotice.SubscribeFailed f -> {
                        group.names.remove(f.name());
                        refused.add(f.name());
                        firstRefusal.compareAndSet(null, f.error());
                        notice(f);
                    }
                    case PubSubNotice.Subscribed s when moving -> { }
                    default -> notice(notice);
                }
            }
        };
    }

    /** Tells the listener, serialised with its messages. */
    void notice(PubSubNotice notice) {
        deliver(() -> listener.onNotice(notice));
    }

    private void deliver(Runnable call) {
        if (!open.get()) {
            return;
        }
        delivering.lock();
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("a shard-channel listener threw; the next message is delivered all the same", e);
        } finally {
            delivering.unlock();
        }
    }

    @Override
    public Kind kind() {
        return Kind.SHARD_CHANNEL;
    }

    @Override
    public Set<String> names() {
        if (!open.get()) {
            return Set.of();
        }
        Set<String> all = new LinkedHashSet<>();
        groups.forEach(g -> all.addAll(g.names));
        return Collections.unmodifiableSet(all);
    }

    @Override
    public Set<String> refused() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(refused));
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    boolean markClosed() {
        return open.compareAndSet(true, false);
    }

    @Override
    public void close() {
        SyncWait.await(closeAsync());
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (!markClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Group group : groups) {
            Subscription on = group.current.getAndSet(null);
            if (on != null) {
                closing.add(on.closeAsync());
            }
        }
        shards.closed(this);
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    @Override
    public String toString() {
        return "Subscription[SHARD_CHANNEL " + names() + (open.get() ? "" : ", closed") + " on a cluster]";
    }
}
