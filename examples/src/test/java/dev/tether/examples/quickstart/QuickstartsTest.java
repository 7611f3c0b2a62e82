package dev.tether.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.examples.redis.RedisExcerpts;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's runnable snippets, run as written (DocSnippetsTest keeps the README and the code
 * the same): the quickstarts' {@code main} methods, the Redis ones against one real
 * {@code redis-server} for the class, and what they print is checked. Each returns only once its
 * asynchronous work is done, so nothing is left running when it closes its client.
 */
@ExtendWith({LeakCheckExtension.class, RedisServerExtension.class})
class QuickstartsTest {

    @BeforeEach
    void emptyServer(RedisServer server) {
        server.execute("FLUSHALL");
    }

    @Test
    void theBehaviourQuickstartAnswersFromItsConnection() {
        assertEquals(List.of("hello #1"), printedBy(() -> Echo.main(new String[0])));
    }

    @Test
    void theRedisQuickstartPrintsItsRepliesIncludingTheAsyncOne(RedisServer server) {
        assertEquals(List.of("hello, visit 1, [1, hello]", "{name=Ada}"),
                printedBy(() -> RedisQuickstart.main(new String[] {server.uri()})));
        assertEquals("1", server.execute("GET", "visits"));
    }

    @Test
    void theBlockingCommandExcerptPopsWhatTheSharedConnectionPushed(RedisServer server) {
        assertEquals(List.of("KeyValue[key=jobs, value=job-1]"), printedBy(() -> RedisExcerpts.dedicatedConnections(server.uri())));
        assertEquals(0L, server.execute("LLEN", "jobs"));
    }

    /** The lines {@code program} printed to System.out (the tests of this module run one at a time). */
    private static List<String> printedBy(Runnable program) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
