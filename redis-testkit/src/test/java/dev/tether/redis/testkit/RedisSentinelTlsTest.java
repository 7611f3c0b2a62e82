package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS-only Sentinel setup of its own (not the extension's plain one): it starts, every process
 * refuses plain TCP, the Sentinels agree on the primary and know the replicas and each other by
 * their TLS ports, and {@code SENTINEL FAILOVER} moves the primary, with replication over TLS.
 */
class RedisSentinelTlsTest {

    @TempDir
    Path temp;

    @Test
    void a_TLS_setup_starts_agrees_on_the_primary_and_fails_over() throws Exception {
        assumeTrue(certificates(temp), "openssl is needed to make test certificates");
        try (RedisSentinel sentinel = RedisSentinel.builder()
                .tls(temp.resolve("server.crt"), temp.resolve("server.key"), temp.resolve("ca.crt"))
                .start()) {
            assertTrue(sentinel.isTls());
            assertTrue(sentinel.sentinelUri().startsWith("rediss-sentinel://127.0.0.1:"), sentinel.sentinelUri());
            RedisServer primary = sentinel.primary();
            assertEquals("master", ((List<?>) primary.execute("ROLE")).get(0));
            for (RedisServer node : sentinel.nodes()) {
                assertTrue(node.isTls(), node.toString());
                assertEquals(List.of("port", "0"), node.execute("CONFIG", "GET", "port"));
                assertEquals(List.of("tls-replication", "yes"), node.execute("CONFIG", "GET", "tls-replication"));
                assertRefusesPlainTcp(node);
            }
            List<String> replicaPorts = sentinel.replicas().stream().map(r -> Integer.toString(r.port())).sorted().toList();
            for (RedisServer each : sentinel.sentinels()) {
                assertRefusesPlainTcp(each);
                assertEquals(List.of("127.0.0.1", Integer.toString(primary.port())),
                        each.execute("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"));
                assertEquals(replicaPorts, SentinelState.entries(each, "REPLICAS", "mymaster").stream()
                        .map(r -> r.get("port")).sorted().toList(), "the replicas, by their TLS ports");
                assertEquals(sentinel.sentinels().stream().filter(s -> s != each).map(s -> Integer.toString(s.port()))
                                .collect(Collectors.toSet()),
                        SentinelState.entries(each, "SENTINELS", "mymaster").stream().map(p -> p.get("port"))
                                .collect(Collectors.toSet()), "the other sentinels, by their TLS ports");
            }

            RedisServer previous = sentinel.failover();
            assertEquals(primary, previous);
            RedisServer now = sentinel.awaitPrimaryChange(previous.port(), Duration.ofSeconds(15));
            assertNotEquals(previous.port(), now.port());
            sentinel.awaitStable(Duration.ofSeconds(15));
            assertEquals(now, sentinel.primary());
            assertEquals("OK", now.execute("SET", "tls:after-failover", "v"));
            assertEquals(2L, now.execute("WAIT", "2", "5000"), "both replicas got the write over TLS");
            assertEquals("v", previous.execute("GET", "tls:after-failover"), "the old primary replicates from the new");
            assertTrue(sentinel.switchTo(now.port()).isPresent(), "a sentinel logged +switch-master to " + now.port());
        }
    }

    /** A plain RESP PING to a TLS-only port gets no PONG: the server drops the connection. */
    private static void assertRefusesPlainTcp(RedisServer server) {
        assertThrows(UncheckedIOException.class,
                () -> Resp.callTcp(server.host(), server.port(), Duration.ofSeconds(2), null, "PING"),
                server + " must not answer plain RESP");
    }

    /** A CA and a server certificate for IP:127.0.0.1 signed by it (EC P-256); false without openssl. */
    static boolean certificates(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("ext.cnf"), String.join("\n",
                "[ ca ]", "basicConstraints = critical, CA:TRUE", "keyUsage = critical, keyCertSign, cRLSign",
                "[ server ]", "basicConstraints = critical, CA:FALSE",
                "keyUsage = critical, digitalSignature, keyAgreement",
                "extendedKeyUsage = serverAuth, clientAuth", "subjectAltName = IP:127.0.0.1", ""));
        return openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=Tether Kit Test CA",
                        "-extensions", "ca", "-config", "ext.cnf")
                && openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", "-config", "ext.cnf")
                && openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                        "-CAcreateserial", "-days", "1", "-extfile", "ext.cnf", "-extensions", "server",
                        "-out", "server.crt");
    }

    private static boolean openssl(Path dir, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return false;
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + command + "\n"
                        + Files.readString(dir.resolve("openssl.log")));
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
