package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sentinel options and the {@code redis-sentinel://} URI: what they name, and clear refusals. */
class SentinelOptionsTest {

    @Test
    void aSentinelUriNamesTheSentinelsTheServiceAndTheDataNodesCredentials() {
        RedisOptions options = RedisOptions.fromUri(
                "redis-sentinel://app:s%40cret@127.0.0.1:26379,127.0.0.1:26380,localhost/my-primary?database=2");
        SentinelOptions sentinel = options.sentinel();
        assertNotNull(sentinel);
        assertEquals("my-primary", sentinel.serviceName());
        assertEquals(List.of("127.0.0.1:26379", "127.0.0.1:26380", "localhost:26379"), sentinel.sentinels());
        assertEquals("app", options.credentials().get().username());
        assertEquals("s@cret", options.credentials().get().password());
        assertNull(sentinel.credentials(), "the user info is the data nodes', not the sentinels'");
        assertEquals(2, options.database());
        assertNull(options.tls());
        assertEquals("sentinel my-primary", options.address());
        assertTrue(!options.toString().contains("s@cret"), options.toString());
    }

    @Test
    void rediss_sentinelUsesTlsToBothSides() {
        RedisOptions options = RedisOptions.fromUri("rediss-sentinel://[::1]:26379/mymaster");
        assertNotNull(options.tls());
        assertNotNull(options.sentinel().tls());
        assertEquals(List.of("[::1]:26379"), options.sentinel().sentinels());
    }

    @Test
    void theBuilderTakesSentinelCredentialsApart() {
        RedisOptions options = RedisOptions.builder()
                .sentinel(SentinelOptions.builder("mymaster").sentinel("127.0.0.1:26379")
                        .credentials(new Credentials("sentinel-user", "sentinel-pass")).build())
                .password("data-pass").build();
        assertEquals("sentinel-user", options.sentinel().credentials().username());
        assertEquals("data-pass", options.credentials().get().password());
    }

    @Test
    void badInputIsRefusedWithWhatWasWrong() {
        assertMessage("service name", () -> RedisOptions.fromUri("redis-sentinel://127.0.0.1:26379"));
        assertMessage("service name", () -> RedisOptions.fromUri("redis-sentinel://127.0.0.1:26379/"));
        assertMessage("port in 1..65535", () -> RedisOptions.fromUri("redis-sentinel://127.0.0.1:notaport/m"));
        assertMessage("port in 1..65535", () -> RedisOptions.fromUri("redis-sentinel://127.0.0.1:0/m"));
        assertMessage("blank", () -> RedisOptions.fromUri("redis-sentinel://127.0.0.1:26379,/m"));
        assertMessage("at least one sentinel", () -> SentinelOptions.builder("m").build());
        assertMessage("blank", () -> SentinelOptions.builder(" "));
        assertMessage("set no host", () -> RedisOptions.builder().host("127.0.0.1")
                .sentinel(SentinelOptions.builder("m").sentinel("127.0.0.1").build()).build());
        assertThrows(NullPointerException.class, () -> SentinelOptions.builder("m").sentinel(null));
        assertThrows(IllegalStateException.class, () -> RedisOptions.builder()
                .sentinel(SentinelOptions.builder("m").sentinel("a").build())
                .sentinel(SentinelOptions.builder("m").sentinel("b").build()));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should say " + expected);
    }
}
