package dev.tether.redis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionRef;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.redis.Commands;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Commands from concurrent callers go out together: one socket write per loop turn, not one per
 * command (the mailbox-drained callback flushes the batch).
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class ImplicitPipeliningTest {

    private static final int CALLERS = 64;
    private static final int COMMANDS_EACH = 200;

    @Test
    void sixtyFourCallersShareFarFewerWritesThanCommands(RedisServer server) throws Exception {
        RedisConnection behaviour = new RedisConnection(RedisOptions.builder().port(server.port()).build(),
                new PushDispatcher(null, "pipelining-test"));
        ConnectionRef<RedisRequest, Object> ref = Tether.startConnected(behaviour, ConnectionOptions.defaults());
        try {
            long writesBefore = behaviour.batchWrites();
            AtomicInteger wrongReplies = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                String key = "pipelining:" + t;
                callers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 1; i <= COMMANDS_EACH; i++) {
                        Object n = ref.call(new RedisRequest.Single(Commands.incr(key)), Duration.ofSeconds(10));
                        if (!Long.valueOf(i).equals(n)) {
                            wrongReplies.incrementAndGet();
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread caller : callers) {
                caller.join(Duration.ofSeconds(60));
            }
            long commands = (long) CALLERS * COMMANDS_EACH;
            long writes = behaviour.batchWrites() - writesBefore;
            System.out.println("implicit pipelining: " + writes + " writes for " + commands + " commands");
            assertEquals(0, wrongReplies.get(), "every caller gets its own INCR results, in order");
            assertTrue(writes > 0, "the commands were written");
            assertTrue(writes * 2 < commands, "implicit pipelining: " + writes + " writes for " + commands + " commands");
        } finally {
            ref.stop();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
