package dev.tether.examples.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.examples.memcached.MemcachedException.Reason;
import dev.tether.examples.memcached.MemcachedRequest.Delete;
import dev.tether.examples.memcached.MemcachedRequest.Get;
import dev.tether.examples.memcached.MemcachedRequest.Incr;
import dev.tether.examples.memcached.MemcachedRequest.Set;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The client against one real memcached shared by the class: replies, values, errors, load. */
class MemcachedClientTest {

    private static MemcachedProcess memcached;
    private static MemcachedClient client;

    @BeforeAll
    static void start() throws IOException {
        memcached = MemcachedProcess.start("-I", "2m"); // items up to 2 MiB: a 1 MiB value fits with its header
        client = MemcachedClient.connect("127.0.0.1", memcached.port());
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String key(TestInfo test, Object suffix) {
        return test.getTestMethod().orElseThrow().getName() + ":" + suffix;
    }

    static MemcachedException failure(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return assertInstanceOf(MemcachedException.class, e, () -> "not a MemcachedException: " + e);
    }

    @Test
    void theGuidesPipeExampleRuns() {
        String host = "127.0.0.1";
        int port = memcached.port();
        byte[] bytes = bytes("Ada");
        // snippet:memcached-pipe
        Pipe<MemcachedRequest<?>> pipe = Pipe.builder(MemcachedCodec::new, SocketOptions.tcp(host, port))
                .errorTranslator(MemcachedException::from)
                .startConnected();
        byte[] value = pipe.call(new Get("user:42"));
        CompletableFuture<Boolean> stored = pipe.callAsync(new Set("user:42", bytes));
        // end-snippet
        try {
            assertNull(value, "a miss is null");
            assertTrue(stored.join());
            assertArrayEquals(bytes, pipe.call(new Get("user:42")));
        } finally {
            pipe.close();
        }
    }

    @Test
    void setGetDeleteRoundTrip(TestInfo test) {
        String k = key(test, 1);
        assertTrue(client.set(k, bytes("hello")));
        assertArrayEquals(bytes("hello"), client.get(k));
        assertTrue(client.set(k, bytes("again"), 0xFFFF_FFFF, 0)); // flags are unsigned 32 bits
        assertArrayEquals(bytes("again"), client.get(k));
        assertTrue(client.delete(k));
        assertNull(client.get(k));
        assertFalse(client.delete(k));
        assertTrue(client.setAsync(k, bytes("async")).join());
        assertArrayEquals(bytes("async"), client.getAsync(k).join());
        assertTrue(client.deleteAsync(k).join());
    }

    @Test
    void aMissIsNullAndAnExpiredValueIsAMiss(TestInfo test) {
        assertNull(client.get(key(test, "never-set")));
        assertNull(client.getAsync(key(test, "never-set")).join());
        assertTrue(client.set(key(test, "expired"), bytes("x"), 0, -1)); // a negative exptime expires at once
        assertNull(client.get(key(test, "expired")));
    }

    @Test
    void incrCountsAndIsNullForAMissingKey(TestInfo test) {
        String k = key(test, "n");
        assertNull(client.incr(k, 1), "memcached does not create counters");
        assertNull(client.incrAsync(k, 1).join());
        assertNull(client.get(k), "a failed incr creates nothing");
        client.set(k, bytes("10"));
        assertEquals(15L, client.incr(k, 5));
        assertEquals(15L, client.incr(k, 0));
        assertEquals(16L, client.incrAsync(k, 1).join());
        assertArrayEquals(bytes("16"), client.get(k));
        client.set(k, bytes(Long.toString(Long.MAX_VALUE)));
        assertEquals("9223372036854775808", Long.toUnsignedString(client.incr(k, 1)), "unsigned 64-bit");
        client.set(k, bytes("18446744073709551615"));
        assertEquals(0L, client.incr(k, 1), "wraps at 2^64");
    }

    @Test
    void binaryValuesKeepEveryByte(TestInfo test) {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] tricky = bytes("a\r\nEND\r\nVALUE x 0 3\r\nSTORED\r\n\r\n");
        String k = key(test, "bin");
        for (byte[] value : List.of(all, tricky, new byte[0], bytes("\r\n"), bytes("ünïcödé ✓"))) {
            assertTrue(client.set(k, value));
            assertArrayEquals(value, client.get(k));
        }
    }

    @Test
    void aOneMegabyteValueRoundTrips(TestInfo test) {
        byte[] big = new byte[1024 * 1024];
        new Random(42).nextBytes(big);
        big[100] = '\r';
        big[101] = '\n';
        String k = key(test, "big");
        assertTrue(client.set(k, big));
        assertArrayEquals(big, client.get(k));
        // Pipelined behind and ahead of small requests: the large frame splits across many reads.
        CompletableFuture<byte[]> before = client.getAsync(k);
        CompletableFuture<Boolean> small = client.setAsync(key(test, "small"), bytes("s"));
        CompletableFuture<byte[]> after = client.getAsync(k);
        assertArrayEquals(big, before.join());
        assertTrue(small.join());
        assertArrayEquals(big, after.join());
    }

    @Test
    void invalidKeysAreRefusedBeforeSending(TestInfo test) {
        String tooLong = "k".repeat(251);
        String tooLongInUtf8 = "é".repeat(126); // 126 chars, 252 bytes
        for (String bad : List.of("", "a b", "tab\there", "line\r\nbreak", "nul\u0000", "del\u007f", tooLong,
                tooLongInUtf8, "\u2028sep")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Get(bad));
            assertTrue(e.getMessage().contains("memcached key"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> client.get(bad));
            assertThrows(IllegalArgumentException.class, () -> client.setAsync(bad, bytes("v")));
            assertThrows(IllegalArgumentException.class, () -> new Set(bad, bytes("v")));
            assertThrows(IllegalArgumentException.class, () -> new Delete(bad));
            assertThrows(IllegalArgumentException.class, () -> new Incr(bad, 1));
        }
        assertThrows(NullPointerException.class, () -> new Get(null));
        assertThrows(IllegalArgumentException.class, () -> new Incr(key(test, "n"), -1));
        // The longest legal key works, and the connection was never confused by the bad ones.
        String longest = "k".repeat(250);
        assertTrue(client.set(longest, bytes("ok")));
        assertArrayEquals(bytes("ok"), client.get(longest));
        assertTrue(client.set("é".repeat(125), bytes("utf8")));
        assertArrayEquals(bytes("utf8"), client.get("é".repeat(125)));
        assertNull(client.get("a"), "nothing of \"a b\" reached the server");
    }

    @Test
    void aServerErrorFailsThatRequestAloneAndTheNextOneWorks(TestInfo test) {
        String word = key(test, "word");
        String ok = key(test, "ok");
        client.set(word, bytes("abc"));
        client.set(ok, bytes("fine"));

        MemcachedException e = assertThrows(MemcachedException.class, () -> client.incr(word, 1));
        assertEquals(Reason.CLIENT_ERROR, e.reason());
        assertTrue(e.getMessage().contains("non-numeric"), e.getMessage());
        assertArrayEquals(bytes("fine"), client.get(ok));

        // Pipelined: the failure sits between two successes and shifts nothing.
        CompletableFuture<byte[]> first = client.getAsync(ok);
        CompletableFuture<Long> bad = client.incrAsync(word, 1);
        CompletableFuture<byte[]> last = client.getAsync(ok);
        assertArrayEquals(bytes("fine"), first.join());
        assertEquals(Reason.CLIENT_ERROR, failure(assertThrows(CompletionException.class, bad::join)).reason());
        assertArrayEquals(bytes("fine"), last.join());

        // SERVER_ERROR: larger than the server's item size (-I 2m); memcached swallows the data.
        byte[] tooLarge = new byte[3 * 1024 * 1024];
        MemcachedException large = assertThrows(MemcachedException.class, () -> client.set(key(test, "huge"), tooLarge));
        assertEquals(Reason.SERVER_ERROR, large.reason());
        assertTrue(large.getMessage().contains("too large"), large.getMessage());
        assertArrayEquals(bytes("fine"), client.get(ok));
        assertEquals(dev.tether.connection.ConnectionState.CONNECTED, client.state());
    }

    @Test
    void pipelinedRepliesMatchTheirRequests(TestInfo test) {
        int keys = 500;
        List<CompletableFuture<Boolean>> sets = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            sets.add(client.setAsync(key(test, i), bytes("value-" + i)));
        }
        sets.forEach(f -> assertTrue(f.join()));
        List<CompletableFuture<byte[]>> gets = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        Random random = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            int i = random.nextInt(keys + 10); // some misses among them
            asked.add(i);
            gets.add(client.getAsync(key(test, i)));
        }
        for (int n = 0; n < gets.size(); n++) {
            int i = asked.get(n);
            byte[] expected = i < keys ? bytes("value-" + i) : null;
            assertArrayEquals(expected, gets.get(n).join(), "reply " + n + " (key " + i + ")");
        }
        // Writes and reads of one key, interleaved without waiting: each read sees the write before it.
        String k = key(test, "seq");
        List<CompletableFuture<byte[]>> seen = new ArrayList<>();
        for (int n = 0; n < 1_000; n++) {
            client.setAsync(k, bytes("v" + n));
            seen.add(client.getAsync(k));
        }
        for (int n = 0; n < seen.size(); n++) {
            assertArrayEquals(bytes("v" + n), seen.get(n).join());
        }
    }

    @Test
    void sixtyFourThreadsShareOneClient(TestInfo test) throws Exception {
        int threads = 64;
        int ops = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = key(test, "t" + t);
                done.add(pool.submit(() -> runOwnKeys(prefix, ops)));
            }
            int checked = 0;
            for (Future<Integer> f : done) {
                checked += f.get();
            }
            assertEquals(threads * ops, checked);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Ops on keys only this thread touches, so every reply has one right answer; returns ops checked. */
    private static int runOwnKeys(String prefix, int ops) {
        Map<String, byte[]> model = new HashMap<>();
        String counter = prefix + ":n";
        long count = 0;
        assertTrue(client.set(counter, bytes("0")));
        int checked = 1;
        Random random = new Random(prefix.hashCode());
        for (int i = 1; i < ops; i++) {
            String k = prefix + ":" + random.nextInt(8);
            boolean async = random.nextBoolean();
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    byte[] value = bytes(prefix + "#" + i);
                    assertTrue(async ? client.setAsync(k, value).join() : client.set(k, value));
                    model.put(k, value);
                }
                case 2 -> assertArrayEquals(model.get(k), async ? client.getAsync(k).join() : client.get(k), k);
                case 3 -> assertEquals(model.remove(k) != null, async ? client.deleteAsync(k).join() : client.delete(k));
                default -> {
                    long delta = random.nextInt(1000);
                    count += delta;
                    assertEquals(count, async ? client.incrAsync(counter, delta).join() : client.incr(counter, delta));
                }
            }
            checked++;
        }
        return checked;
    }
}
