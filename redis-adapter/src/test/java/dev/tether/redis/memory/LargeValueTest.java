package dev.tether.redis.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A large value costs the client about its own size in heap, not a multiple: the SET of a
 * 256 MiB value and the GET of it back succeed in a JVM whose heap is 1.2 times the value plus
 * 64 MiB ({@link LargeValueChild}, forked). The value goes to the socket in slices straight from
 * the caller's array, and the reply is read into one array of its exact size. On 2f3a706 the same
 * program dies of OutOfMemoryError (issue 22, defect 2).
 */
@ExtendWith(RedisServerExtension.class)
class LargeValueTest {

    private static final int VALUE_MIB = 256;
    private static final int HEAP_MIB = (int) Math.ceil(VALUE_MIB * 1.2) + 64;

    @Test
    void aQuarterGigabyteValueIsWrittenAndReadWithinOnePointTwoTimesItsSizeOfHeap(RedisServer server) throws Exception {
        String classPath = String.join(File.pathSeparator, List.of(codeSource(LargeValueChild.class),
                codeSource(dev.tether.redis.RedisClient.class), codeSource(dev.tether.core.Tether.class),
                codeSource(dev.tether.connection.ConnectionRef.class), codeSource(org.slf4j.Logger.class)));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-Xmx" + HEAP_MIB + "m", "-cp", classPath,
                LargeValueChild.class.getName(), Integer.toString(server.port()), Integer.toString(VALUE_MIB))
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        System.out.println(output.lines().filter(l -> l.startsWith("large-value:")).findFirst().orElse(output));
        assertEquals(0, child.exitValue(), "the child (-Xmx" + HEAP_MIB + "m) failed: " + output);
        assertTrue(output.contains("large-value: ok set=OK bytes=" + (VALUE_MIB << 20)), output);
    }

    /** Text goes out in slices too (ASCII encoded a slice at a time): what comes back is what went. */
    @Test
    void largeTextValuesRoundTripThroughTheSlicedWrite(RedisServer server) {
        String ascii = "0123456789abcdef".repeat(512 * 1024); // 8 MiB
        String utf8 = "žluťoučký kůň ".repeat(300_000);
        try (dev.tether.redis.RedisClient redis = dev.tether.redis.RedisClient.connect(dev.tether.redis.RedisOptions.builder()
                .port(server.port()).syncConnect(true).build())) {
            redis.set("large-ascii", ascii);
            redis.set("large-utf8", utf8);
            assertEquals(ascii, redis.get("large-ascii"));
            assertEquals(utf8, redis.get("large-utf8"));
            assertEquals("PONG", redis.ping(), "the stream is intact after them");
            redis.command("DEL", "large-ascii", "large-utf8");
        }
    }

    private static String codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
