package dev.tether.examples.redis;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisErrorException;
import dev.tether.redis.Script;
import dev.tether.redis.StreamEntry;
import dev.tether.redis.StreamReadOptions;
import dev.tether.redis.resp.RespInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's stream and script examples, compiled and run by {@code OrderWorkerTest}: a worker
 * in a consumer group takes orders from a stream and acknowledges each one, and a Lua script
 * takes stock atomically (sent as EVALSHA, falling back to EVAL once when the server does not
 * have it cached).
 */
public final class OrderWorker {

    /** Refuses to go below zero: takes {@code ARGV[1]} from the stock at {@code KEYS[1]}, or returns -1. */
    // snippet:order-worker
    static final Script TAKE_STOCK = Script.of("""
            local left = tonumber(redis.call('GET', KEYS[1]) or '0')
            local want = tonumber(ARGV[1])
            if left < want then return -1 end
            return redis.call('DECRBY', KEYS[1], want)
            """);                                         // SHA-1 computed here, on the client
    // end-snippet

    private final RedisClient redis;

    /** A worker on {@code redis}; creates the group (and the stream) if they do not exist. */
    public OrderWorker(RedisClient redis) {
        this.redis = redis;
        // snippet:order-worker
        try {
            redis.xgroupCreate("orders", "workers", "$", true);   // MKSTREAM: creates the stream too
        } catch (RedisErrorException e) {
            if (!e.code().equals("BUSYGROUP")) {                  // the group exists already: fine
                throw e;
            }
        }
        // end-snippet
    }

    /** Adds an order; returns its stream id. */
    public String place(String item, int quantity) {
        // snippet:order-worker
        String id = redis.xadd("orders", "*", Map.of("item", item, "qty", Integer.toString(quantity)));
        // end-snippet
        return id;
    }

    /** Reads up to 10 new orders as {@code consumer}, takes their stock and acknowledges them. */
    public List<String> work(String consumer) {
        List<String> done = new ArrayList<>();
        // snippet:order-worker
        Map<String, List<StreamEntry>> batch = redis.xreadgroup("workers", consumer,
                Map.of("orders", ">"), StreamReadOptions.none().count(10));
        for (StreamEntry order : batch.getOrDefault("orders", List.of())) {
            long left = redis.evalScript(TAKE_STOCK, List.of("stock:" + order.fields().get("item")),
                    List.of(order.fields().get("qty")), reply -> ((RespInteger) reply).value());
            done.add(order.fields().get("item") + (left < 0 ? ": out of stock" : ": " + left + " left"));
            redis.xack("orders", "workers", order.id());
        }
        // end-snippet
        return done;
    }
}
