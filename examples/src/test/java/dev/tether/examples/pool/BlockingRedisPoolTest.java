package dev.tether.examples.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The blocking pool against a real redis-server. */
@ExtendWith({LeakCheckExtension.class, RedisServerExtension.class})
class BlockingRedisPoolTest {

    @ParameterizedTest
    @EnumSource(BlockingRedisPool.Loops.class)
    void sets_and_gets_on_either_kind_of_loop(BlockingRedisPool.Loops loops, RedisServer redis) {
        try (BlockingRedisPool pool = BlockingRedisPool.open(redis.host(), redis.port(), 2, Duration.ofSeconds(1), loops)) {
            pool.set("pool:greeting", "hello");
            assertEquals("hello", pool.get("pool:greeting"));
            assertNull(pool.get("pool:missing"));
            assertEquals(2, pool.idleCount());
        }
    }

    @Test
    void server_errors_are_thrown_and_the_connection_stays_usable(RedisServer redis) {
        try (BlockingRedisPool pool = BlockingRedisPool.open(redis.host(), redis.port(), 1, Duration.ofSeconds(1))) {
            pool.set("pool:text", "not a number");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.execute("INCR", "pool:text"));
            assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
            assertEquals(new RespInteger(1), pool.execute("INCR", "pool:counter-" + System.nanoTime()));
        }
    }

    @Test
    void many_callers_share_few_connections_one_request_each_at_a_time(RedisServer redis) throws Exception {
        int callers = 16;
        int perCaller = 200;
        String key = "pool:count-" + System.nanoTime();
        try (BlockingRedisPool pool = BlockingRedisPool.open(redis.host(), redis.port(), 4, Duration.ofSeconds(5))) {
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < perCaller; i++) {
                            pool.execute("INCR", key);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(String.valueOf(callers * perCaller), pool.get(key));
            assertEquals(4, pool.idleCount());
        }
    }

    @Test
    void checkout_waits_then_times_out_when_every_connection_is_busy(RedisServer redis) throws Exception {
        try (BlockingRedisPool pool = BlockingRedisPool.open(redis.host(), redis.port(), 1, Duration.ofMillis(100))) {
            CountDownLatch started = new CountDownLatch(1);
            Thread blocker = Thread.ofPlatform().start(() -> {
                started.countDown();
                pool.execute("BLPOP", "pool:never", "1"); // holds the only connection for 1 s
            });
            started.await();
            Thread.sleep(100); // let the blocker check the connection out
            long t0 = System.nanoTime();
            assertThrows(BlockingRedisPool.PoolExhaustedException.class, () -> pool.get("pool:any"));
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waitedMs >= 90, "waited " + waitedMs + " ms");
            blocker.join(5_000);
            assertNull(pool.get("pool:any")); // the connection came back
        }
    }

    @Test
    void a_dropped_connection_fails_its_caller_then_reconnects(RedisServer redis) throws InterruptedException {
        try (BlockingRedisPool pool = BlockingRedisPool.open(redis.host(), redis.port(), 1, Duration.ofSeconds(1))) {
            redis.execute("CLIENT", "KILL", "TYPE", "normal"); // the server drops the pool's connection
            assertThrows(UncheckedIOException.class, () -> pool.get("pool:any"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean answered = false;
            while (!answered && System.nanoTime() < deadline) {
                try {
                    assertNull(pool.get("pool:any"));
                    answered = true;
                } catch (UncheckedIOException stillReconnecting) {
                    Thread.sleep(20); // calls fail fast while the member backs off
                }
            }
            assertTrue(answered, "the connection did not come back within 10 s");
        }
    }
}
