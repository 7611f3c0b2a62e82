package dev.tether.examples.redis;

import dev.tether.redis.CommandFinished;
import dev.tether.redis.CommandListener;
import dev.tether.redis.Commands;
import dev.tether.redis.Credentials;
import dev.tether.redis.KeyValue;
import dev.tether.redis.PubSubMessage;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisClusterClient;
import dev.tether.redis.RedisClusterOptions;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.RedisSubscriber;
import dev.tether.redis.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The README's shorter Redis excerpts, each the body of one method here so that it compiles
 * against the current API: the README shows the code between a method's {@code // snippet:}
 * markers, and {@code DocSnippetsTest} fails when the two drift apart. {@code QuickstartsTest}
 * runs the blocking-command one against a real {@code redis-server}; the others are only
 * compiled: the Cluster and Sentinel ones need those deployments, the command listener one
 * connects to the default address, and the Pub/Sub one prints whenever delivery happens.
 */
public final class RedisExcerpts {

    private RedisExcerpts() {
    }

    /** Blocking commands: a BLPOP waits on a dedicated connection while the shared one serves a push; prints what it popped. */
    public static void dedicatedConnections(String uri) {
        // snippet:dedicated-connections
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().uri(uri)
                .maxDedicatedConnections(8)                     // default 8
                .dedicatedIdleTimeout(Duration.ofSeconds(60))   // default 60 s
                .build())) {
            CompletableFuture<KeyValue> job =                   // waits on a dedicated connection
                    redis.async().blpop(Duration.ofSeconds(5), "jobs");
            redis.rpush("jobs", "job-1");                       // meanwhile the shared connection serves the rest
            System.out.println(job.join());                     // KeyValue[key=jobs, value=job-1]
        }
        // end-snippet
    }

    /** Pub/Sub: a subscriber beside the client, a channel and a pattern. */
    public static void pubSub(RedisOptions options) {
        // snippet:pubsub
        try (RedisClient redis = RedisClient.connect(options);
             RedisSubscriber subscriber = RedisSubscriber.connect(options)) {
            Subscription orders = subscriber.subscribe(List.of("orders"), message ->
                    System.out.println(message.channel() + ": " + message.text()));   // payload() for the bytes
            Subscription all = subscriber.psubscribe(List.of("orders.*"), message -> audit(message.pattern(), message));
            redis.publish("orders", "order 42 paid");
            orders.close();     // UNSUBSCRIBE, unless another Subscription still holds the channel
        }
        // end-snippet
    }

    private static void audit(String pattern, PubSubMessage message) {
        System.out.println("audit " + pattern + ": " + message.channel() + " " + message.text());
    }

    /** Redis Cluster: the same typed commands, routed by slot. Needs a cluster on ports 7000 and 7001. */
    public static void cluster() {
        // snippet:cluster
        RedisClusterOptions options = RedisClusterOptions.builder()
                .seed("127.0.0.1:7000").seed("127.0.0.1:7001")              // any nodes; the map is read from one
                .nodeOptions(RedisOptions.builder().credentials(new Credentials("app", "secret")).build())
                .build();
        try (RedisClusterClient cluster = RedisClusterClient.connect(options)) {
            cluster.set("{user:42}:name", "Ada");                          // the same typed commands
            cluster.mget(List.of("a", "b", "c"));                          // split per slot, your order back
            cluster.async().incr("{user:42}:visits").join();               // or as a future
            cluster.transaction(List.of(Commands.incr("{user:42}:visits"), Commands.get("{user:42}:name")));
            long keys = cluster.dbsize();                                  // summed over every primary
        }
        // end-snippet
    }

    /** Redis Sentinel: the client follows the primary the sentinels name. Needs sentinels on 26379-26381. */
    public static void sentinel() {
        // snippet:sentinel
        RedisOptions options = RedisOptions.fromUri(
                "redis-sentinel://app:secret@127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381/mymaster?database=0");
        try (RedisClient redis = RedisClient.connect(options)) {             // a RedisSubscriber works the same way
            redis.incr("visits");
        }
        // end-snippet
    }

    /** Observing Tether: a command listener that prints slow or failed commands; the caller closes the client. */
    public static RedisClient commandListener() {
        // snippet:command-listener
        CommandListener slow = new CommandListener() {
            @Override
            public void finished(CommandFinished c) {
                if (c.latency().toMillis() > 50 || c.outcome() != CommandFinished.Outcome.OK) {
                    System.out.println(c.command() + " on " + c.node() + " (" + c.role() + "): "
                            + c.outcomeTag() + " in " + c.latency().toMillis() + " ms");
                }
            }
        };
        RedisClient redis = RedisClient.connect(RedisOptions.builder().commandListener(slow).build());
        // end-snippet
        return redis;
    }
}
