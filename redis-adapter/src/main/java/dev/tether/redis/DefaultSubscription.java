package dev.tether.redis;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Subscription}: its names, its listener, and its subscriber, which does the work. */
final class DefaultSubscription implements Subscription {

    private final DefaultRedisSubscriber owner;
    private final Kind kind;
    private final SubscriptionListener listener;
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean open = new AtomicBoolean(true);
    /** Set once the server confirmed it: only then do reconnects tell its listener "resubscribed". */
    private volatile boolean confirmed;

    DefaultSubscription(DefaultRedisSubscriber owner, Kind kind, List<String> names, SubscriptionListener listener) {
        this.owner = owner;
        this.kind = kind;
        this.listener = listener;
        this.names.addAll(names);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public Set<String> names() {
        return open.get() ? Collections.unmodifiableSet(new LinkedHashSet<>(names)) : Set.of();
    }

    @Override
    public Set<String> refused() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(refused));
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    SubscriptionListener listener() {
        return listener;
    }

    boolean confirmed() {
        return confirmed;
    }

    void confirm() {
        confirmed = true;
    }

    /** The server refused {@code name}: held no more, listed as refused. */
    void refuse(String name) {
        names.remove(name);
        refused.add(name);
    }

    Set<String> held() {
        return names;
    }

    /** True for the one call that closes it. */
    boolean markClosed() {
        return open.compareAndSet(true, false);
    }

    @Override
    public void close() {
        SyncWait.await(owner.unsubscribe(this));
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return owner.unsubscribe(this);
    }

    @Override
    public String toString() {
        return "Subscription[" + kind + " " + names + (open.get() ? "" : ", closed") + "]";
    }
}
