package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RedisOptions: URI parsing, defaults, validation with clear messages, secrets kept out of text. */
@ExtendWith(LeakCheckExtension.class)
class OptionsTest {


    private static final String SECRET = "Pa55-w0rd-XYZ";

    /** A port that is not a number is named as such, not as a missing host; the password stays out. */
    @Test
    void aPortThatIsNotANumberIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisOptions.fromUri("redis://alice:" + SECRET + "@127.0.0.1:notaport"));
        assertTrue(e.getMessage().contains("port") && e.getMessage().contains("'notaport'"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> RedisOptions.fromUri("redis:///0"));
        assertTrue(noHost.getMessage().contains("bad host") && noHost.getMessage().contains("none given"),
                noHost.getMessage());
    }

    /** Once grown, 1-2 s between attempts: gentle on a recovering server, back within about 2 s. */
    @Test
    void theDefaultBackoffIsEqualJitterFrom100MsTo2S() {
        BackoffPolicy policy = RedisOptions.fromUri("redis://127.0.0.1:6379").backoffPolicy();
        assertEquals(BackoffPolicy.Strategy.EQUAL_JITTER, policy.strategy());
        assertEquals(java.time.Duration.ofMillis(100), policy.base());
        assertEquals(java.time.Duration.ofSeconds(2), policy.cap());
    }

    @Test
    void aRedisUriSetsUserPasswordHostPortDatabaseClientNameAndProtocol() {
        RedisOptions options = RedisOptions.fromUri("redis://alice:" + SECRET + "@127.0.0.1:6390/2?clientName=x&protocol=2");
        assertEquals("127.0.0.1", options.host());
        assertEquals(6390, options.port());
        assertEquals(2, options.database());
        assertEquals("x", options.clientName());
        assertEquals(2, options.protocol());
        assertEquals(new Credentials("alice", SECRET), options.credentials().get());
        assertFalse(options.rotatingCredentials());
        assertNull(options.tls());
        assertNull(options.unixSocket());
        assertEquals("127.0.0.1:6390", options.address());
    }

    @Test
    void aUriWithOnlyAPasswordUsesTheDefaultUserAndDecodesPercentEscapes() {
        RedisOptions options = RedisOptions.fromUri("redis://:p%40ss%3Aword@localhost");
        assertEquals(new Credentials(null, "p@ss:word"), options.credentials().get());
        assertEquals("localhost", options.host());
        assertEquals(6379, options.port());
        assertEquals(0, options.database());
    }

    @Test
    void queryParametersMaySetTheDatabaseAndSnakeCaseNames() {
        RedisOptions options = RedisOptions.fromUri("redis://127.0.0.1:7000?db=5&client_name=worker-1");
        assertEquals(5, options.database());
        assertEquals("worker-1", options.clientName());
        assertEquals(3, options.protocol());
    }

    @Test
    void defaultsAreAsDocumented() {
        RedisOptions options = RedisOptions.builder().build();
        assertEquals("127.0.0.1", options.host());
        assertEquals(6379, options.port());
        assertEquals(0, options.database());
        assertEquals(3, options.protocol());
        assertNull(options.clientName());
        assertNull(options.credentials());
        assertEquals(Duration.ofSeconds(5), options.connectTimeout());
        assertEquals(Duration.ofSeconds(5), options.commandTimeout());
        assertFalse(options.syncConnect());
        assertFalse(options.exitOnDisconnection());
        assertEquals(0, options.holdQueueSize());
        assertEquals(Duration.ofMillis(50), options.earlyConnectWindow());
        assertEquals(Duration.ofSeconds(1), options.healthCheckInterval());
        assertEquals(RespLimits.DEFAULT, options.respLimits());
        assertNull(options.pushListener());
        assertNotNull(options.backoffPolicy());
    }

    @Test
    void aUnixUriSetsTheSocketPathAndDatabase() {
        RedisOptions options = RedisOptions.fromUri("unix:///tmp/tether/redis.sock?database=3");
        assertEquals(Path.of("/tmp/tether/redis.sock"), options.unixSocket());
        assertEquals(3, options.database());
        assertEquals("unix:/tmp/tether/redis.sock", options.address());
    }

    @Test
    void aRedissUriTurnsTlsOn() {
        RedisOptions options = RedisOptions.fromUri("rediss://cache.example:6380");
        assertNotNull(options.tls());
        assertEquals("cache.example", options.host());
        assertEquals(6380, options.port());
        assertTrue(options.toString().contains("tls"));
    }

    @Test
    void toStringNeverContainsThePassword() {
        RedisOptions fromUri = RedisOptions.fromUri("redis://alice:" + SECRET + "@127.0.0.1:6390/2?clientName=x");
        assertFalse(fromUri.toString().contains(SECRET), fromUri.toString());
        assertTrue(fromUri.toString().contains("127.0.0.1:6390"), fromUri.toString());
        assertTrue(fromUri.toString().contains("***"), fromUri.toString());

        RedisOptions built = RedisOptions.builder().password(SECRET).build();
        assertFalse(built.toString().contains(SECRET), built.toString());
        RedisOptions acl = RedisOptions.builder().credentials(new Credentials("bob", SECRET)).build();
        assertFalse(acl.toString().contains(SECRET), acl.toString());
        assertFalse(new Credentials("bob", SECRET).toString().contains(SECRET));
        assertFalse(Command.of("AUTH", "bob", SECRET).toString().contains(SECRET));
        assertFalse(Commands.set("token", SECRET).toString().contains(SECRET));
    }

    @Test
    void uriErrorsAreClearAndNeverShowThePassword() {
        assertMessage(() -> RedisOptions.fromUri("http://127.0.0.1"), "bad scheme in the Redis URI http://127.0.0.1: 'http'");
        assertMessage(() -> RedisOptions.fromUri("//127.0.0.1:6379"), "bad scheme in the Redis URI //127.0.0.1:6379: none given");
        assertMessage(() -> RedisOptions.fromUri("redis://127.0.0.1/abc"), "bad database", "got 'abc'");
        assertMessage(() -> RedisOptions.fromUri("redis://127.0.0.1?color=blue"), "bad query parameter",
                "unknown parameter 'color'");
        assertMessage(() -> RedisOptions.fromUri("redis://127.0.0.1?protocol=4"), "bad protocol", "protocol must be 2 or 3, got 4");
        assertMessage(() -> RedisOptions.fromUri("redis://127.0.0.1/-1"), "bad database", "must not be negative, got -1");

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> RedisOptions.fromUri("redis://u:" + SECRET + "@bad host:6379"));
        assertFalse(bad.getMessage().contains(SECRET), bad.getMessage());
        assertNull(bad.getCause(), "a cause would carry the whole URI, password and all");
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> RedisOptions.fromUri("redis://u:" + SECRET + "@/0"));
        assertFalse(noHost.getMessage().contains(SECRET), noHost.getMessage());
    }

    /** Each part of a URI that can be wrong is named in the message, with the bad value; never the password. */
    static Stream<Arguments> badUris() {
        String auth = "redis://alice:" + SECRET + "@";
        return Stream.of(
                Arguments.of(auth + "127.0.0.1:70000", List.of("bad port", "got 70000")),
                Arguments.of(auth + "127.0.0.1:0", List.of("bad port", "got 0")),
                Arguments.of(auth + "127.0.0.1:-1", List.of("bad port", "'-1'")),
                Arguments.of(auth + "127.0.0.1:99999999999", List.of("bad port", "got 99999999999")),
                Arguments.of(auth + "under_score:6379", List.of("bad host", "'under_score:6379'")),
                Arguments.of("redis-sentinel://alice:" + SECRET + "@127.0.0.1:notaport/m",
                        List.of("bad sentinel address", "'notaport'")),
                Arguments.of(auth + "bad host:6379", List.of("bad syntax", "authority", "' '")),
                Arguments.of("redis://alice:p w@127.0.0.1", List.of("bad syntax", "in the user info")),
                Arguments.of(auth + "127.0.0.1/2/3", List.of("bad database", "'2/3'")),
                Arguments.of(auth + "127.0.0.1/99999999999", List.of("bad database", "'99999999999'")),
                Arguments.of(auth + "127.0.0.1?db=x", List.of("bad db", "'x'")),
                Arguments.of(auth + "127.0.0.1?protocol=", List.of("bad protocol", "got ''")),
                Arguments.of(auth + "127.0.0.1?clientName=a%20b", List.of("bad clientName", "'a b'")),
                Arguments.of(auth + "127.0.0.1?timeout=5", List.of("bad query parameter", "'timeout'")),
                Arguments.of("ftp://127.0.0.1", List.of("bad scheme", "'ftp'")),
                Arguments.of("unix://", List.of("bad", "unix://")),
                Arguments.of("redis-sentinel:///mymaster", List.of("bad sentinel addresses", "none given")),
                Arguments.of("redis-sentinel://127.0.0.1:26379", List.of("bad service name", "none given")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUris")
    void aBadUriNamesThePartAndTheValue(String uri, List<String> expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisOptions.fromUri(uri));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("p w"), e.getMessage());
    }

    @Test
    void aPlusInThePasswordStaysAPlus() {
        assertEquals(new Credentials("alice", "a+b"), RedisOptions.fromUri("redis://alice:a+b@127.0.0.1").credentials().get());
    }

    static Stream<Arguments> settingsTwice() {
        return Stream.of(
                Arguments.of("host", (Consumer<RedisOptions.Builder>) b -> b.host("a").host("b")),
                Arguments.of("port", (Consumer<RedisOptions.Builder>) b -> b.port(1).port(2)),
                Arguments.of("database", (Consumer<RedisOptions.Builder>) b -> b.database(1).database(1)),
                Arguments.of("clientName", (Consumer<RedisOptions.Builder>) b -> b.clientName("a").clientName("b")),
                Arguments.of("protocol", (Consumer<RedisOptions.Builder>) b -> b.protocol(2).protocol(3)),
                Arguments.of("credentials", (Consumer<RedisOptions.Builder>) b -> b.password("a").password("b")),
                Arguments.of("commandTimeout", (Consumer<RedisOptions.Builder>) b ->
                        b.commandTimeout(Duration.ofSeconds(1)).commandTimeout(Duration.ofSeconds(2))),
                Arguments.of("backoffPolicy", (Consumer<RedisOptions.Builder>) b ->
                        b.backoffPolicy(BackoffPolicy.defaultPolicy()).backoffPolicy(BackoffPolicy.defaultPolicy())),
                Arguments.of("syncConnect", (Consumer<RedisOptions.Builder>) b -> b.syncConnect(true).syncConnect(false)),
                Arguments.of("holdQueueSize", (Consumer<RedisOptions.Builder>) b -> b.holdQueueSize(1).holdQueueSize(2)),
                Arguments.of("port", (Consumer<RedisOptions.Builder>) b -> b.uri("redis://127.0.0.1:7000").port(7001)),
                Arguments.of("database", (Consumer<RedisOptions.Builder>) b -> b.database(1).uri("redis://h/2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settingsTwice")
    void theBuilderRejectsASecondSettingOfAnOption(String option, Consumer<RedisOptions.Builder> twice) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> twice.accept(RedisOptions.builder()));
        assertEquals(option + " was already set on this builder", e.getMessage());
    }

    @Test
    void theBuilderRejectsBadValuesWithClearMessages() {
        assertMessage(() -> RedisOptions.builder().port(0), "port must be in 1..65535, got 0");
        assertMessage(() -> RedisOptions.builder().port(65_536), "port must be in 1..65535, got 65536");
        assertMessage(() -> RedisOptions.builder().host(" "), "host must not be blank");
        assertMessage(() -> RedisOptions.builder().protocol(1), "protocol must be 2 or 3, got 1");
        assertMessage(() -> RedisOptions.builder().database(-1), "database must not be negative, got -1");
        assertMessage(() -> RedisOptions.builder().clientName("has space"), "clientName must be non-empty without spaces");
        assertMessage(() -> RedisOptions.builder().clientName(""), "clientName must be non-empty without spaces");
        assertMessage(() -> RedisOptions.builder().commandTimeout(Duration.ZERO), "commandTimeout must be positive");
        assertMessage(() -> RedisOptions.builder().connectTimeout(Duration.ofSeconds(-1)), "connectTimeout must be positive");
        assertMessage(() -> RedisOptions.builder().earlyConnectWindow(Duration.ZERO), "earlyConnectWindow must be positive");
        assertMessage(() -> RedisOptions.builder().healthCheckInterval(Duration.ZERO), "healthCheckInterval must be positive");
        assertMessage(() -> RedisOptions.builder().holdQueueSize(-1), "holdQueueSize must not be negative, got -1");
        assertMessage(() -> RedisOptions.builder().unixSocket(Path.of("/tmp/r.sock")).port(6379).build(),
                "either host/port or unixSocket");
        assertThrows(NullPointerException.class, () -> RedisOptions.builder().password(null));
        assertThrows(NullPointerException.class, () -> RedisOptions.builder().pushListener(null));
        assertNull(RedisOptions.builder().healthCheckInterval(null).build().healthCheckInterval(), "null turns it off");
    }

    private static void assertMessage(Executable call, String... expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void aClientConnectsAsItsUriSays() {
        try (RedisServer server = RedisServer.builder().password(SECRET).start()) {
            String uri = "redis://:" + SECRET + "@127.0.0.1:" + server.port() + "/2?clientName=from-uri&protocol=2";
            RedisOptions options = RedisOptions.builder().uri(uri).syncConnect(true).build();
            try (RedisClient redis = RedisClient.connect(options)) {
                assertEquals(true, redis.set("k", "v"));
                redis.hset("h", Map.of("a", "b"));
                assertInstanceOf(RespArray.class, redis.command("HGETALL", "h"), "protocol=2 speaks RESP2");
                String clients = (String) server.execute("CLIENT", "LIST");
                String line = clients.lines().filter(l -> l.contains(" name=from-uri ")).findFirst().orElseThrow();
                assertTrue(line.contains(" db=2 "), line);
                assertTrue(line.matches(".* resp=2( .*)?"), line);
                assertEquals("v", redis.get("k"));
                assertNull(server.execute("GET", "k"), "the key went to database 2, not 0");
            }
        }
    }
}
