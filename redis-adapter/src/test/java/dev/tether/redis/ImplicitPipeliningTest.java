package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.core.pipe.Codec;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.WriteBuffer;
import dev.tether.redis.resp.RespLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Commands from concurrent callers go out together: one socket write carries every command queued
 * while the previous write was going out, not one write per command. Writes are counted through
 * the codec: a write batch starts whenever a command is encoded into an empty write buffer (the
 * pipe empties it after each write; these small commands never reach its 16 KiB chunk size).
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class ImplicitPipeliningTest {

    private static final int CALLERS = 64;
    private static final int COMMANDS_EACH = 200;

    @Test
    void sixtyFourCallersShareFarFewerWritesThanCommands(RedisServer server) throws Exception {
        RedisOptions options = RedisOptions.builder().port(server.port()).build();
        LongAdder batches = new LongAdder();
        Pipe<RedisRequest<?>> pipe = Pipe.builder(() -> new CountingCodec(new RespCodec(RespLimits.DEFAULT), batches),
                RedisPipe.socket(options)).startConnected();
        try {
            long writesBefore = batches.sum();
            AtomicInteger wrongReplies = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                String key = "pipelining:" + t;
                callers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 1; i <= COMMANDS_EACH; i++) {
                        Object n = pipe.call(new RedisRequest.Single<>(Commands.incr(key), Duration.ofSeconds(10)));
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
            long writes = batches.sum() - writesBefore;
            System.out.println("implicit pipelining: " + writes + " writes for " + commands + " commands");
            assertEquals(0, wrongReplies.get(), "every caller gets its own INCR results, in order");
            assertTrue(writes > 0, "the commands were written");
            assertTrue(writes * 2 < commands, "implicit pipelining: " + writes + " writes for " + commands + " commands");
        } finally {
            pipe.close();
        }
    }

    /** The RESP codec, counting the commands that start a write batch. */
    private record CountingCodec(RespCodec codec, LongAdder batches) implements Codec<RedisRequest<?>> {
        @Override
        public Class<RedisRequest<?>> requestType() {
            return codec.requestType();
        }

        @Override
        public void encode(RedisRequest<?> request, WriteBuffer out) {
            if (out.size() == 0) {
                batches.increment();
            }
            codec.encode(request, out);
        }

        @Override
        public Object decode(ByteBuffer in, RedisRequest<?> head) throws IOException {
            return codec.decode(in, head);
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
