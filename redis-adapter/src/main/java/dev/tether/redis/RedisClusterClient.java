package dev.tether.redis;

import dev.tether.connection.ConnectionState;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A Redis Cluster client: one Tether connection per node (each with its own backoff and health
 * check), a slot map it keeps current, and the same typed commands as {@link RedisClient}.
 *
 * <pre>{@code
 * try (RedisClusterClient cluster = RedisClusterClient.connect(RedisClusterOptions.builder()
 *         .seed("127.0.0.1:7000").seed("127.0.0.1:7001").build())) {
 *     cluster.set("{user:42}:name", "Ada");                // to the primary serving the slot
 *     cluster.mget(List.of("a", "b", "c"));                // split per slot, results in your order
 * }
 * }</pre>
 *
 * <h2>Routing</h2>
 * Keys are found by the server's own key specifications ({@code COMMAND}, read once at connect),
 * so every keyed command goes to the primary serving its slot, wherever its keys are in the
 * arguments. A keyless command goes to a primary (WAIT belongs in a {@link #pipeline} after the
 * write it waits for). SCRIPT LOAD/FLUSH and FUNCTION LOAD/DELETE/FLUSH
 * go to every primary. MGET, MSET, DEL, EXISTS, UNLINK and TOUCH across slots are split per slot
 * and put back together in the caller's order; any other command whose keys are in several slots
 * is refused before it is sent (use a {@code {hash tag}}). Whole-cluster reads and writes have
 * their own methods: {@link #dbsize()}, {@link #flushall()}, {@link #keys(String)} and
 * {@code scan()}, which walk every primary; sent raw, DBSIZE, FLUSHALL, FLUSHDB, KEYS and SCAN
 * are refused with a pointer to them.
 *
 * <h2>Redirects and delivery</h2>
 * MOVED updates the slot, schedules a refresh of the map and retries on the new node; ASK sends
 * ASKING and the command to the target once, leaving the map alone; TRYAGAIN retries after a
 * short pause. A redirect means the command did not run, so these retries are safe; after
 * {@link RedisClusterOptions#maxRedirects()} the command fails with the last redirect's error. A
 * command in flight on a node connection that drops fails with DISCONNECTED and is never retried,
 * there or on another node; one that could not be sent fails with CLOSED.
 */
public interface RedisClusterClient extends RedisCommands, AutoCloseable {

    /** Reads the slot map from the first seed that answers, then returns; connections to the other nodes open in the background. */
    static RedisClusterClient connect(RedisClusterOptions options) {
        return DefaultRedisClusterClient.connect(options);
    }

    /** As {@link #connect(RedisClusterOptions)} with default node options. */
    static RedisClusterClient connect(String... seeds) {
        return connect(RedisClusterOptions.builder().seeds(List.of(seeds)).build());
    }

    /** The asynchronous face: the same routing and redirects, futures instead of waiting. */
    RedisAsyncCommands async();

    /**
     * Sends {@code commands}, split per node, each node's part in one write, and returns their
     * replies in the caller's order (errors as {@link RedisError} values). Commands answered with
     * MOVED or ASK are re-sent, just those, to the right node. A keyless command goes to the node
     * of the nearest keyed command before it (the first after it if none is before), so
     * {@code [RPUSH k v, WAIT 1 1000]} waits for the replicas of the node that took the write.
     *
     * @throws IllegalArgumentException for a command whose keys are in several slots
     */
    List<Object> pipeline(List<? extends Command<?>> commands);

    /**
     * MULTI, {@code commands}, EXEC on the node serving their one slot. If the whole transaction
     * is redirected (it then did not run), it is re-sent whole.
     *
     * @throws IllegalArgumentException if the commands' keys are in more than one slot
     */
    List<Object> transaction(List<? extends Command<?>> commands);

    /**
     * SSUBSCRIBE on the cluster: each shard channel is subscribed on the primary serving its slot
     * (channels of several slots are grouped per slot, on as many nodes), over a
     * {@link RedisSubscriber} connection per node that the client keeps beside the command
     * connections. Publish with {@link #spublish}, routed to the channel's slot like any keyed
     * command.
     *
     * <p>The subscription follows its slots. When a slot gets a new primary (a failover, seen at
     * the next read of the map, which runs every 500 ms while a node is down) or migrates (the
     * old node unsubscribes the channel by itself), its channels are subscribed on the new
     * primary. The listener hears each move as on a single node: {@link PubSubNotice.Disconnected}
     * when the channels leave the old node (or its connection drops), then
     * {@link PubSubNotice.Resubscribed} once the new primary confirmed them; messages published in
     * between are lost. The listener is called by one thread at a time, each channel's messages
     * in the server's order. Delivery follows {@link DeliveryPolicy#defaults()} per node.
     *
     * @throws RedisErrorException if the server refused every channel (an ACL user: NOPERM)
     * @throws RedisConnectionException if a slot's primary did not confirm; nothing is kept
     * @throws IllegalArgumentException for no channels; {@link NullPointerException} for a null one
     */
    Subscription ssubscribe(Collection<String> shardChannels, SubscriptionListener listener);

    /** As {@link #ssubscribe}, without waiting; bad input still throws at once. */
    CompletableFuture<Subscription> ssubscribeAsync(Collection<String> shardChannels, SubscriptionListener listener);

    /** DBSIZE summed over every primary. */
    long dbsize();

    /** FLUSHALL on every primary. */
    void flushall();

    /** KEYS {@code pattern} on every primary, concatenated. */
    List<String> keys(String pattern);

    /** The state of each node connection, by {@code host:port}. */
    Map<String, ConnectionState> nodes();

    /** Closes every node connection. */
    @Override
    void close();

    /**
     * Closes every node connection as {@link RedisClient#close(Duration)} does, all draining at
     * once: commands already made may finish for up to {@code drain}, new ones are refused.
     *
     * @throws NullPointerException if {@code drain} is null
     * @throws IllegalArgumentException if {@code drain} is negative
     */
    void close(Duration drain);
}
