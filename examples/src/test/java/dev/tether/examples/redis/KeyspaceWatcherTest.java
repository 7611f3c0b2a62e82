package dev.tether.examples.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's keyspace-notification example, against a real redis-server. */
@ExtendWith({LeakCheckExtension.class, RedisServerExtension.class})
class KeyspaceWatcherTest {

    @Test
    void writesAndExpiriesOnTheServerDropCachedKeysAndADisconnectClearsTheCache(RedisServer server) {
        server.execute("FLUSHALL");
        RedisOptions options = RedisOptions.builder().port(server.port()).syncConnect(true)
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(50))).build();
        try (RedisClient redis = RedisClient.connect(options);
             RedisSubscriber subscriber = RedisSubscriber.connect(options)) {
            // Written before the watcher subscribes: their events (if any) reach nobody, so none
            // can evict what the watcher caches next.
            redis.set("user:1", "ada");
            redis.set("user:2", "grace");
            KeyspaceWatcher watcher = new KeyspaceWatcher(redis, subscriber);
            assertEquals("ada", watcher.get("user:1"));
            assertEquals("grace", watcher.get("user:2"));
            assertEquals(2, watcher.cached());

            redis.set("user:1", "ada lovelace");               // a "set" event evicts it
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.cached() == 1);
            assertEquals("ada lovelace", watcher.get("user:1"));

            redis.pexpire("user:2", Duration.ofMillis(1));                       // "expire", then "expired"
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.cached() == 1 && redis.get("user:2") == null);
            assertEquals(null, redis.get("user:2"));

            assertEquals("ada lovelace", watcher.get("user:1"));
            server.execute("CLIENT", "KILL", "TYPE", "pubsub"); // events may be lost: the cache forgets
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.cached() == 0);
            watcher.close();
        }
    }
}
