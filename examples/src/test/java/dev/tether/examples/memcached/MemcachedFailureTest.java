package dev.tether.examples.memcached;

import static dev.tether.examples.memcached.MemcachedClientTest.failure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.pipe.PipeException;
import dev.tether.examples.memcached.MemcachedException.Reason;
import dev.tether.examples.memcached.MemcachedRequest.Get;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client when memcached dies, stops answering, or is gone: a fresh memcached per test. */
class MemcachedFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] V = "v".getBytes(StandardCharsets.UTF_8);

    private MemcachedProcess memcached;
    private MemcachedClient client;

    @BeforeEach
    void start() throws IOException {
        memcached = MemcachedProcess.start();
        client = MemcachedClient.connect("127.0.0.1", memcached.port(), b -> b
                .connection(ConnectionOptions.builder().callTimeout(Duration.ofSeconds(2))
                        .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20))).build())
                .stallInterval(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    private static Reason reasonOf(CompletableFuture<?> done) {
        return failure(assertThrows(CompletionException.class, done::join)).reason();
    }

    @Test
    void aKilledServerFailsWrittenRequestsAsDisconnectedNewOnesAsClosedAndTheClientReconnects() throws IOException {
        assertTrue(client.set("k", V));
        memcached.pause(); // requests are written and sit unanswered in its socket
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inFlight.add(client.callAsync(new Get("k"), WAIT));
        }
        memcached.kill();
        await().atMost(WAIT).until(() -> inFlight.stream().allMatch(CompletableFuture::isDone));
        for (CompletableFuture<?> f : inFlight) {
            assertEquals(Reason.DISCONNECTED, reasonOf(f), "written, unanswered: in doubt");
        }
        // Down: nothing is written, so it is CLOSED (after at most one early connect attempt, refused).
        for (int i = 0; i < 5; i++) {
            MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("k"));
            assertEquals(Reason.CLOSED, e.reason(), e::toString);
            assertTrue(assertInstanceOf(PipeException.class, e.getCause()).neverSent());
            assertEquals(Reason.CLOSED, reasonOf(client.getAsync("k")));
        }

        memcached.restart(); // same port, empty cache
        await().atMost(WAIT).ignoreException(MemcachedException.class)
                .untilAsserted(() -> assertTrue(client.set("k", V)));
        assertArrayEquals(V, client.get("k"));
    }

    @Test
    void aStoppedServerTimesRequestsOutAndTheStallCheckReplacesTheConnection() {
        assertTrue(client.set("k", V));
        memcached.pause();
        try {
            // The kernel accepts the bytes; memcached never answers. Written in this order: a request with
            // a short deadline, one with a long deadline behind it, then a synchronous caller.
            CompletableFuture<byte[]> first = client.callAsync(new Get("k"), Duration.ofMillis(400));
            CompletableFuture<byte[]> behind = client.callAsync(new Get("k"), Duration.ofSeconds(30));
            // The caller gets TIMEOUT at its deadline (the 5 s bound only guards against a hang).
            MemcachedException timedOut = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(MemcachedException.class, () -> client.call(new Get("k"), Duration.ofMillis(200))));
            assertEquals(Reason.TIMEOUT, timedOut.reason());
            await().atMost(WAIT).until(first::isDone);
            assertEquals(Reason.TIMEOUT, reasonOf(first));
            // Nothing read for the stall interval past the oldest deadline: the stall check tears the
            // connection down, failing the long-deadline request long before its own deadline.
            await().atMost(WAIT).until(behind::isDone);
            MemcachedException dropped = failure(assertThrows(CompletionException.class, behind::join));
            assertEquals(Reason.DISCONNECTED, dropped.reason());
            assertInstanceOf(SocketTimeoutException.class, dropped.getCause().getCause(), "the stall check's cause");
        } finally {
            memcached.resume();
        }
        await().atMost(WAIT).ignoreException(MemcachedException.class)
                .untilAsserted(() -> assertArrayEquals(V, client.get("k")));
    }

    @Test
    void aClosedClientFailsWithStopped() {
        client.close();
        assertEquals(Reason.STOPPED, assertThrows(MemcachedException.class, () -> client.get("k")).reason());
        assertEquals(Reason.STOPPED, reasonOf(client.getAsync("k")));
    }

    @Test
    void connectingToNothingFailsWithClosed() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        MemcachedException e = assertThrows(MemcachedException.class, () -> MemcachedClient.connect("127.0.0.1", port));
        assertEquals(Reason.CLOSED, e.reason());
    }

    @Test
    void theErrorTranslatorIsTheClientsOwn() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MemcachedClient.connect("127.0.0.1", memcached.port(), b -> b.errorTranslator(x -> x)));
        assertTrue(e.getMessage().contains("errorTranslator"), e.getMessage());
        assertNull(client.get("missing"));
    }
}
