package dev.tether.redis.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.Credentials;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.tether.testkit.EventRecorder;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.tether.testkit.LeakCheckExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Handshake errors against a real server (docs/redis-client.md, 'The handshake'): ACL users authenticate under
 * both protocols; WRONGPASS, a bad database and NOPERM stop the client with the server's message
 * (reason HANDSHAKE_REFUSED) and no retry storm; credentials from a supplier are retried; "max
 * number of clients" and BUSY are transient and retried.
 */
@ExtendWith(LeakCheckExtension.class)
class HandshakeErrorsTest {


    private static final Duration FAST = FaultsSupport.FAST;
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

    private static long connectionsReceived() {
        String info = String.valueOf(server.execute("INFO", "stats"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("total_connections_received:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no total_connections_received in INFO stats: " + info);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void anAclUserAuthenticates(int protocol) {
        try (RedisClient redis = RedisClient.connect(base().protocol(protocol).syncConnect(true)
                .credentials(new Credentials("app", "apppass")).build())) {
            RespValue whoami = redis.command("ACL", "WHOAMI");
            assertTrue(whoami instanceof RespBulkString b && b.asString().equals("app"), () -> "ACL WHOAMI: " + whoami);
            assertTrue(redis.set("acl:" + protocol, "v"));
            assertEquals("v", redis.get("acl:" + protocol));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aWrongPasswordFailsSyncConnectWithWrongpass(int protocol) {
        RedisConnectionException e = assertThrows(RedisConnectionException.class,
                () -> RedisClient.connect(base().protocol(protocol).syncConnect(true)
                        .credentials(new Credentials("app", "not-the-password")).build()).close());
        assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), () -> chain(e));
        assertTrue(chain(e).contains("WRONGPASS"), () -> "expected the server's WRONGPASS in " + chain(e));
        assertTrue(!chain(e).contains("not-the-password"), () -> "the password leaked into " + chain(e));
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aWrongPasswordStopsTheClientWithoutARetryStorm(int protocol) {
        EventRecorder events = new EventRecorder();
        long before = connectionsReceived();
        try (RedisClient redis = RedisClient.connect(base().protocol(protocol).listener(events)
                .credentials(new Credentials("app", "wrong")).build())) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
            // Over a further second (50 retries' worth at this backoff) nothing reconnects.
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> redis.state() == ConnectionState.STOPPED);
            long grown = connectionsReceived() - before - 1; // minus this INFO's own connection
            assertTrue(grown <= 2, () -> "the client retried: " + grown + " connections to the server");
            assertTrue(grown >= 1, () -> "the client never tried: " + grown);

            RedisConnectionException e = assertThrows(RedisConnectionException.class, redis::ping);
            assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), () -> chain(e));
            assertTrue(e.getMessage().contains("WRONGPASS"), () -> "expected the server's message in " + e.getMessage());
            RedisConnectionException async = asyncFailure(redis);
            assertEquals(Reason.HANDSHAKE_REFUSED, async.reason(), () -> chain(async));
            assertTrue(events.of(ConnectionEvent.BackingOff.class).isEmpty(), () -> "it backed off: " + events.all());
            List<ConnectionEvent.Stopped> stopped = events.of(ConnectionEvent.Stopped.class);
            assertEquals(1, stopped.size(), () -> String.valueOf(events.all()));
            assertTrue(stopped.get(0).reason().describe().contains("WRONGPASS"), () -> stopped.get(0).reason().describe());
        }
    }

    @Test
    void aDatabaseOutOfRangeStopsTheClientWithTheServersMessage() {
        for (int protocol : new int[] {2, 3}) {
            try (RedisClient redis = RedisClient.connect(base().protocol(protocol).database(100).build())) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
                RedisConnectionException e = assertThrows(RedisConnectionException.class, redis::ping);
                assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), () -> chain(e));
                assertTrue(e.getMessage().contains("DB index is out of range"),
                        () -> "expected the server's message in " + e.getMessage());
            }
            RedisConnectionException sync = assertThrows(RedisConnectionException.class,
                    () -> RedisClient.connect(base().protocol(protocol).database(100).syncConnect(true).build()).close());
            assertTrue(chain(sync).contains("DB index is out of range"), () -> chain(sync));
            assertEquals(Reason.HANDSHAKE_REFUSED, sync.reason(), () -> chain(sync));
        }
    }

    @Test
    void aMissingPermissionStopsTheClient() {
        for (int protocol : new int[] {2, 3}) {
            try (RedisClient redis = RedisClient.connect(base().protocol(protocol).database(1)
                    .credentials(new Credentials("noselect", "nspass")).build())) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
                RedisConnectionException e = assertThrows(RedisConnectionException.class, redis::ping);
                assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), () -> chain(e));
                assertTrue(e.getMessage().contains("NOPERM"), () -> "expected the server's NOPERM in " + e.getMessage());
            }
        }
        // The same user on database 0 is fine: it is the SELECT that was refused.
        try (RedisClient redis = RedisClient.connect(base().syncConnect(true)
                .credentials(new Credentials("noselect", "nspass")).build())) {
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void credentialsFromASupplierAreRetriedUntilTheyWork() {
        AtomicInteger calls = new AtomicInteger();
        int wrongTimes = 3;
        EventRecorder events = new EventRecorder();
        try (RedisClient redis = RedisClient.connect(base().listener(events).credentials(() ->
                calls.incrementAndGet() <= wrongTimes ? new Credentials("app", "rotated-away") : new Credentials("app", "apppass"))
                .build())) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> redis.state() == ConnectionState.CONNECTED);
            assertEquals("PONG", redis.ping());
            assertTrue(calls.get() > wrongTimes, () -> "the supplier was asked " + calls.get() + " times");
            List<ConnectionEvent.BackingOff> backoffs = events.of(ConnectionEvent.BackingOff.class);
            assertTrue(backoffs.size() >= wrongTimes, () -> "expected a backoff per refusal: " + events.all());
            Throwable cause = backoffs.get(0).cause();
            assertTrue(cause != null && chain(cause).contains("WRONGPASS"), () -> "backoff cause: " + cause);
            assertTrue(events.of(ConnectionEvent.Stopped.class).isEmpty());
        }
    }

    @Test
    void credentialsFromASupplierThatStayWrongStopWithinThePolicysLimit() {
        AtomicInteger calls = new AtomicInteger();
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port())
                .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(1000))
                .backoffPolicy(BackoffPolicy.constant(FAST).withMaxAttempts(3))
                .credentials(() -> {
                    calls.incrementAndGet();
                    return new Credentials("app", "never-right");
                }).build())) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.STOPPED);
            RedisConnectionException e = assertThrows(RedisConnectionException.class, redis::ping);
            assertEquals(Reason.HANDSHAKE_REFUSED, e.reason(), () -> chain(e));
            assertTrue(e.getMessage().contains("WRONGPASS"), () -> "expected the server's message in " + e.getMessage());
            assertTrue(calls.get() >= 2 && calls.get() <= 4, () -> "the supplier was asked " + calls.get() + " times");
        }
    }

    @Test
    void aServerAtItsClientLimitIsRetriedWithBackoff() throws IOException {
        EventRecorder events = new EventRecorder();
        RedisClient redis = null;
        try (RedisServer limited = RedisServer.builder().maxClients(1).start()) {
            // The launcher's readiness probe may hold the one slot for a moment: retry until ours is in.
            java.util.concurrent.atomic.AtomicReference<Socket> slot = new java.util.concurrent.atomic.AtomicReference<>();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", limited.port()), 2000);
                    s.setSoTimeout(2000);
                    if ("+PONG".equals(ping(s))) {
                        slot.set(s);
                        return true;
                    }
                } catch (IOException e) {
                    // refused or closed: try again
                }
                s.close();
                return false;
            });
            try (Socket occupant = slot.get()) {

                redis = RedisClient.connect(RedisOptions.builder().port(limited.port())
                        .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(1000))
                        .backoffPolicy(BackoffPolicy.constant(FAST)).listener(events).build());
                RedisClient client = redis;
                Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> events.of(ConnectionEvent.BackingOff.class).size() >= 3);
                assertNotEquals(ConnectionState.STOPPED, client.state());
                assertNotEquals(ConnectionState.CONNECTED, client.state());
                assertTrue(events.of(ConnectionEvent.Stopped.class).isEmpty(), () -> String.valueOf(events.all()));
                assertTrue(events.of(ConnectionEvent.BackingOff.class).stream().map(ConnectionEvent.BackingOff::cause)
                                .anyMatch(c -> c != null && chain(c).toLowerCase().contains("max number of clients")),
                        () -> "expected 'max number of clients' among the backoff causes: " + events.all());
            }
            // The slot is free: the client gets in by itself.
            RedisClient client = redis;
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> client.state() == ConnectionState.CONNECTED);
            assertEquals("PONG", client.ping());
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void aServerBusyWithAScriptIsRetriedWithBackoff() throws Exception {
        EventRecorder events = new EventRecorder();
        try (RedisServer busy = RedisServer.builder().arg("--busy-reply-threshold", "50").start()) {
            Thread script = Thread.ofPlatform().name("busy-script").daemon(true).start(() -> {
                try {
                    busy.execute(Duration.ofSeconds(10), "EVAL", "while true do end", "0");
                } catch (RuntimeException e) {
                    // "Script killed by user": expected
                }
            });
            try {
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    try {
                        busy.execute(Duration.ofSeconds(1), "PING");
                        return false;
                    } catch (RuntimeException e) {
                        return String.valueOf(e.getMessage()).contains("BUSY");
                    }
                });
                // HELLO is allowed while a script runs, SELECT is not: the handshake meets BUSY there.
                try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(busy.port()).database(1)
                        .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(1000))
                        .backoffPolicy(BackoffPolicy.constant(FAST)).listener(events).build())) {
                    Awaitility.await().atMost(Duration.ofSeconds(5))
                            .until(() -> events.of(ConnectionEvent.BackingOff.class).size() >= 2);
                    assertNotEquals(ConnectionState.STOPPED, redis.state());
                    assertTrue(events.of(ConnectionEvent.BackingOff.class).stream().map(ConnectionEvent.BackingOff::cause)
                                    .anyMatch(c -> c != null && chain(c).contains("BUSY")),
                            () -> "expected BUSY among the backoff causes: " + events.all());
                    busy.execute("SCRIPT", "KILL");
                    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                            .until(() -> redis.state() == ConnectionState.CONNECTED);
                    assertEquals("PONG", redis.ping());
                    assertTrue(events.of(ConnectionEvent.Stopped.class).isEmpty(), () -> String.valueOf(events.all()));
                }
            } finally {
                try {
                    busy.execute("SCRIPT", "KILL");
                } catch (RuntimeException e) {
                    // already killed
                }
                script.join(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aHandshakeWithAHungServerIsBoundedByTheConnectTimeoutAndRetried() {
        EventRecorder events = new EventRecorder();
        try (RedisServer hung = RedisServer.builder().start()) {
            try {
                hung.pause(); // TCP still connects (the kernel's backlog), nothing answers HELLO
                Duration connectTimeout = Duration.ofMillis(300);
                long start = System.nanoTime();
                RedisConnectionException e = assertThrows(RedisConnectionException.class,
                        () -> RedisClient.connect(RedisOptions.builder().port(hung.port()).syncConnect(true)
                                .connectTimeout(connectTimeout).backoffPolicy(BackoffPolicy.constant(FAST)).build()).close());
                long took = System.nanoTime() - start;
                assertTrue(took < connectTimeout.plusSeconds(1).toNanos(), () -> "syncConnect took " + took / 1_000_000 + " ms");
                assertTrue(chain(e).contains("handshake"), () -> chain(e));

                try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(hung.port())
                        .connectTimeout(connectTimeout).commandTimeout(Duration.ofMillis(500))
                        .backoffPolicy(BackoffPolicy.constant(FAST)).listener(events).build())) {
                    Awaitility.await().atMost(Duration.ofSeconds(5))
                            .until(() -> events.of(ConnectionEvent.BackingOff.class).size() >= 2);
                    assertNotEquals(ConnectionState.STOPPED, redis.state());
                    hung.resume();
                    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                            .until(() -> redis.state() == ConnectionState.CONNECTED);
                    assertEquals("PONG", redis.ping());
                }
            } finally {
                hung.resume();
            }
        }
    }

    private static String ping(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static RedisConnectionException asyncFailure(RedisClient redis) {
        return FaultsSupport.failure(() -> redis.async().ping());
    }

    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}
