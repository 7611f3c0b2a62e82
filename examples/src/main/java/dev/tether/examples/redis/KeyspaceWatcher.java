package dev.tether.examples.redis;

import dev.tether.redis.PubSubMessage;
import dev.tether.redis.PubSubNotice;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.Subscription;
import dev.tether.redis.SubscriptionListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local cache of {@code user:*} keys kept current by keyspace notifications: the README's
 * Pub/Sub example. The server is asked to publish keyspace events, the subscriber listens on the
 * pattern {@code __keyspace@0__:user:*}, and every event drops the key from the cache so the next
 * read fetches it again. Pub/Sub is at most once, so when the subscriber tells the listener it
 * was disconnected, events may have been missed: the cache is cleared, and reads refill it.
 */
public final class KeyspaceWatcher implements AutoCloseable {

    private final RedisClient redis;
    private final Map<String, String> cache = new ConcurrentHashMap<>();
    private final Subscription subscription;

    /** Starts watching through {@code subscriber}; reads go through {@code redis}. */
    public KeyspaceWatcher(RedisClient redis, RedisSubscriber subscriber) {
        this.redis = redis;
        // K: keyspace events (channel __keyspace@<db>__:<key>), $: strings, g: DEL/EXPIRE..., x: expired.
        // The payload is the event name: "set", "del", "expired"...
        // snippet:keyspace-watcher
        redis.command("CONFIG", "SET", "notify-keyspace-events", "K$gx");
        this.subscription = subscriber.psubscribe(List.of("__keyspace@0__:user:*"), new SubscriptionListener() {
            @Override
            public void onMessage(PubSubMessage event) {      // channel "__keyspace@0__:user:42", payload "set"
                String key = event.channel().substring(event.channel().indexOf(':') + 1);
                cache.remove(key);
            }

            @Override
            public void onNotice(PubSubNotice notice) {
                if (notice instanceof PubSubNotice.Disconnected) {
                    cache.clear();                             // events until Resubscribed are lost
                }
            }
        });
        // end-snippet
    }

    /** The value of {@code key}, from the cache when it holds it. */
    public String get(String key) {
        return cache.computeIfAbsent(key, redis::get);
    }

    /** Keys cached now. */
    public int cached() {
        return cache.size();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
