package dev.tether.redis;

import dev.tether.redis.Subscription.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which subscriptions hold which names: a subscriber's state, which every new connection
 * restores. Lookups (one per message, on the delivery thread) take no lock; changes are made
 * under one lock, so "is anyone else still holding this channel?" has one answer at a time.
 */
final class SubscriptionRegistry {

    private final Map<Kind, Map<String, List<DefaultSubscription>>> holders = new EnumMap<>(Kind.class);
    private final ReentrantLock lock = new ReentrantLock();

    SubscriptionRegistry() {
        for (Kind kind : Kind.values()) {
            holders.put(kind, new ConcurrentHashMap<>());
        }
    }

    /** Records that {@code s} holds {@code names}. */
    void add(DefaultSubscription s, List<String> names) {
        lock.lock();
        try {
            Map<String, List<DefaultSubscription>> byName = holders.get(s.kind());
            for (String name : names) {
                byName.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(s);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets that {@code s} holds {@code names}; returns those nobody holds any more. */
    List<String> remove(DefaultSubscription s, Iterable<String> names) {
        List<String> unheld = new ArrayList<>();
        lock.lock();
        try {
            Map<String, List<DefaultSubscription>> byName = holders.get(s.kind());
            for (String name : names) {
                List<DefaultSubscription> list = byName.get(name);
                if (list != null && list.remove(s) && list.isEmpty()) {
                    byName.remove(name);
                    unheld.add(name);
                }
            }
        } finally {
            lock.unlock();
        }
        return unheld;
    }

    /** The subscriptions holding {@code name} now; empty if none. */
    List<DefaultSubscription> holders(Kind kind, String name) {
        List<DefaultSubscription> list = holders.get(kind).get(name);
        return list != null ? list : List.of();
    }

    /** Every name held, by kind: what a new connection subscribes. */
    Map<Kind, List<String>> names() {
        lock.lock();
        try {
            Map<Kind, List<String>> out = new EnumMap<>(Kind.class);
            holders.forEach((kind, byName) -> out.put(kind, new ArrayList<>(byName.keySet())));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Every subscription holding something. */
    List<DefaultSubscription> subscriptions() {
        lock.lock();
        try {
            java.util.Set<DefaultSubscription> all = new java.util.LinkedHashSet<>();
            holders.values().forEach(byName -> byName.values().forEach(all::addAll));
            return new ArrayList<>(all);
        } finally {
            lock.unlock();
        }
    }
}
