package dev.tether.examples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's consumer-group and script example, run against a real redis-server. */
@ExtendWith({LeakCheckExtension.class, RedisServerExtension.class})
class OrderWorkerTest {

    @Test
    void ordersAreTakenFromStockOnceEachAndAcknowledged(RedisServer server) {
        server.execute("FLUSHALL");
        server.execute("SCRIPT", "FLUSH");
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).syncConnect(true).build())) {
            redis.set("stock:apple", "5");
            OrderWorker worker = new OrderWorker(redis);
            new OrderWorker(redis); // a second worker joins the existing group
            worker.place("apple", 3);
            worker.place("apple", 3);
            worker.place("pear", 1);
            assertEquals(List.of("apple: 2 left", "apple: out of stock", "pear: out of stock"), worker.work("w1"));
            assertEquals(List.of(), worker.work("w2"), "each order is delivered to one consumer once");
            assertEquals(0, redis.xpending("orders", "workers").count(), "every order was acknowledged");
            assertEquals("2", redis.get("stock:apple"));
        }
    }
}
