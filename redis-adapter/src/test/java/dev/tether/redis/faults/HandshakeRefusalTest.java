package dev.tether.redis.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.core.pipe.PipeException;
import dev.tether.redis.Credentials;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.EventRecorder;
import dev.tether.testkit.LeakCheckExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 21: a refused handshake has a reason of its own, HANDSHAKE_REFUSED, with and without
 * syncConnect; every later command gets it too (not STOPPED or CLOSED) while the refusal is why
 * there is no connection; the server's words appear once in the message; and the refusal is
 * logged on one WARN line without a stack trace, not again on every retry.
 */
@ExtendWith(LeakCheckExtension.class)
class HandshakeRefusalTest {

    private static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = FaultsSupport.serverWithAclUsers();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static RedisOptions.Builder base() {
        return FaultsSupport.fastOptions(server);
    }

    @Test
    void aWrongPasswordIsHandshakeRefusedForEveryCallerAndLoggedOnceAtWarn() {
        String log = stderrDuring(() -> {
            try (RedisClient redis = RedisClient.connect(base().credentials(new Credentials("app", "wrong")).build())) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
                for (int i = 0; i < 3; i++) {
                    assertRefused(assertThrows(RedisConnectionException.class, redis::ping), "WRONGPASS");
                    assertRefused(asyncFailure(redis), "WRONGPASS");
                }
            }
        });
        assertLoggedOnceAtWarn(log, "WRONGPASS", 1);
    }

    @Test
    void aWrongPasswordUnderSyncConnectIsHandshakeRefusedToo() {
        String log = stderrDuring(() -> {
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisClient.connect(
                    base().syncConnect(true).credentials(new Credentials("app", "wrong")).build()).close());
            assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), e::toString);
            assertFalse(e.written());
            assertEquals(1, occurrences(e.getMessage(), "WRONGPASS"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong"), () -> "the password leaked into " + e.getMessage());
        });
        assertLoggedOnceAtWarn(log, "WRONGPASS", 1);
    }

    @Test
    void aDatabaseTheServerDoesNotHaveIsHandshakeRefusedWithAndWithoutSyncConnect() {
        try (RedisClient redis = RedisClient.connect(base().database(100).build())) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
            assertRefused(assertThrows(RedisConnectionException.class, redis::ping), "DB index is out of range");
        }
        RedisConnectionException sync = assertThrows(RedisConnectionException.class,
                () -> RedisClient.connect(base().database(100).syncConnect(true).build()).close());
        assertEquals(Reason.HANDSHAKE_REFUSED, sync.reason(), sync::toString);
        assertEquals(1, occurrences(sync.getMessage(), "DB index is out of range"), sync.getMessage());
    }

    /**
     * A supplier's credentials are retried: callers get HANDSHAKE_REFUSED meanwhile; the refusal is
     * logged at WARN once however many retries repeat it, again when its words change (WRONGPASS,
     * then NOPERM for SELECT), and again after a success.
     */
    @Test
    void rotatingCredentialsAreRetriedAndTheRefusalLoggedOncePerChange() {
        AtomicReference<Credentials> current = new AtomicReference<>(new Credentials("app", "wrong"));
        EventRecorder events = new EventRecorder();
        String log = stderrDuring(() -> {
            try (RedisClient redis = RedisClient.connect(base().database(1).listener(events)
                    .credentials(current::get).build())) {
                awaitRefusals(events, "WRONGPASS", 3);
                assertRefused(assertThrows(RedisConnectionException.class, redis::ping), "WRONGPASS");
                assertRefused(asyncFailure(redis), "WRONGPASS");

                current.set(new Credentials("noselect", "nspass")); // authenticates; SELECT 1 is refused
                awaitRefusals(events, "NOPERM", 3);
                assertRefused(assertThrows(RedisConnectionException.class, redis::ping), "NOPERM");

                current.set(new Credentials("app", "apppass"));
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> redis.state() == ConnectionState.CONNECTED);
                assertEquals("PONG", redis.ping());

                // After a success the same refusal is news again.
                current.set(new Credentials("app", "wrong"));
                int before = refusals(events, "WRONGPASS");
                server.execute("CLIENT", "KILL", "USER", "app");
                awaitRefusals(events, "WRONGPASS", before + 2);
                assertRefused(assertThrows(RedisConnectionException.class, redis::ping), "WRONGPASS");
            }
        });
        assertLoggedOnceAtWarn(log, "WRONGPASS", 2);
        assertLoggedOnceAtWarn(log, "NOPERM", 1);
    }

    private static void awaitRefusals(EventRecorder events, String words, int atLeast) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> refusals(events, words) >= atLeast);
    }

    /** Backoffs whose cause is a refusal with {@code words}. */
    private static int refusals(EventRecorder events, String words) {
        return (int) events.of(ConnectionEvent.BackingOff.class).stream()
                .filter(b -> b.cause() != null && String.valueOf(b.cause().getMessage()).contains(words)).count();
    }

    /** HANDSHAKE_REFUSED, not sent, the server's {@code words} once in the message, the pipe's reason as the cause. */
    static void assertRefused(RedisConnectionException e, String words) {
        assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), e::toString);
        assertFalse(e.written(), e::toString);
        assertEquals(1, occurrences(e.getMessage(), words), e.getMessage());
        assertTrue(e.getMessage().endsWith("(not sent)"), e.getMessage());
        assertTrue(e.getCause() instanceof PipeException p && p.reason() == PipeException.Reason.HANDSHAKE_REFUSED,
                () -> "cause: " + e.getCause());
    }

    /** {@code times} lines of {@code log} mention {@code words}, each at WARN, and nothing has a stack trace. */
    private static void assertLoggedOnceAtWarn(String log, String words, int times) {
        List<String> lines = log.lines().filter(l -> l.contains(words)).toList();
        assertEquals(times, lines.size(), log);
        assertTrue(lines.stream().allMatch(l -> l.contains(" WARN ")), log);
        assertTrue(log.lines().noneMatch(l -> l.startsWith("\tat ") || l.contains(" ERROR ")), log);
    }

    static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static RedisConnectionException asyncFailure(RedisClient redis) {
        return FaultsSupport.failure(() -> redis.async().ping());
    }

    /** What was logged (slf4j-simple writes to the current System.err) while {@code action} ran. */
    private static String stderrDuring(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log); // still in the test's output
        return log;
    }
}
