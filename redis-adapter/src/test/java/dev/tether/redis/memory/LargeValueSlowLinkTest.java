package dev.tether.redis.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A large value on a slow link is not a dead peer: an 8 MiB SET through a proxy that forwards at
 * most 4 MB/s takes seconds, past the 500 ms command (and write) timeout, and still succeeds,
 * because the write deadline and the command's deadline grow with the size being written. On
 * 2f3a706 the write watchdog tore the connection down after 500 ms (issue 22, defect 2).
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class LargeValueSlowLinkTest {

    private static final int SIZE = 8 << 20;

    @Test
    void aLargeValueThroughASlowLinkOutlastsTheWriteTimeout(RedisServer server) throws Exception {
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()))) {
            proxy.slowDrip(16 * 1024, Duration.ofMillis(4), Direction.UPSTREAM); // at most 4 MB/s
            RedisOptions options = RedisOptions.builder().port(proxy.port()).syncConnect(true)
                    .commandTimeout(Duration.ofMillis(500)).build();
            byte[] value = new byte[SIZE];
            value[SIZE - 1] = 42;
            try (RedisClient redis = RedisClient.connect(options)) {
                long start = System.nanoTime();
                Object ok = redis.command("SET".getBytes(StandardCharsets.US_ASCII),
                        "slow-large".getBytes(StandardCharsets.US_ASCII), value);
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println("large-value-slow-link: set=" + ok + " in " + millis + " ms through at most 4 MB/s");
                assertTrue(String.valueOf(ok).contains("OK"), String.valueOf(ok));
                assertTrue(millis > 500, "the link was slow enough to outlast the write timeout: " + millis + " ms");
                proxy.pass();
                RespBulkString back = (RespBulkString) redis.command("GET", "slow-large");
                assertEquals(SIZE, back.bytes().length);
                assertEquals(42, back.bytes()[SIZE - 1]);
                redis.command("DEL", "slow-large");
            }
        }
    }
}
