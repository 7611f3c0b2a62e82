package dev.tether.redis.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with {@code openssl} (docs/redis-client.md, 'Testing against real
 * servers'): a CA, a server
 * certificate for IP:127.0.0.1, a server certificate for DNS:wrong.example (the name-mismatch
 * case) and a client certificate (extendedKeyUsage clientAuth), all signed by the CA. EC P-256
 * keys for speed, written as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) as redis-server and
 * {@code TlsOptions} read them. Everything lives in {@link #dir()}; {@link #delete()} removes it.
 * Public for the TLS tests outside this package ({@code SentinelTlsTest}).
 */
public final class TestCertificates {

    private static final long OPENSSL_TIMEOUT_SECONDS = 30;

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Generates the full set in a fresh temp dir; fails with a clear message if openssl is missing. */
    public static TestCertificates generate() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tether-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for test certificates", e);
        }
        TestCertificates certs = new TestCertificates(dir);
        try {
            certs.write("openssl.cnf", """
                    [ req ]
                    distinguished_name = dn
                    prompt = no
                    [ dn ]
                    CN = unused
                    [ ca ]
                    basicConstraints = critical, CA:TRUE
                    keyUsage = critical, keyCertSign, cRLSign
                    subjectKeyIdentifier = hash
                    [ server_ip ]
                    basicConstraints = critical, CA:FALSE
                    keyUsage = critical, digitalSignature, keyEncipherment, keyAgreement
                    extendedKeyUsage = serverAuth
                    subjectAltName = IP:127.0.0.1
                    [ server_wrong ]
                    basicConstraints = critical, CA:FALSE
                    keyUsage = critical, digitalSignature, keyEncipherment, keyAgreement
                    extendedKeyUsage = serverAuth
                    subjectAltName = DNS:wrong.example
                    [ client ]
                    basicConstraints = critical, CA:FALSE
                    keyUsage = critical, digitalSignature, keyAgreement
                    extendedKeyUsage = clientAuth
                    """);
            certs.openssl("req", "-x509", "-config", "openssl.cnf", "-extensions", "ca",
                    "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Tether Test CA");
            certs.leaf("server", "/CN=127.0.0.1", "server_ip");
            certs.leaf("wrong", "/CN=wrong.example", "server_wrong");
            certs.leaf("client", "/CN=tether-test-client", "client");
            for (String key : List.of("ca.key", "server.key", "wrong.key", "client.key")) {
                String text = Files.readString(dir.resolve(key), StandardCharsets.US_ASCII);
                if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
                    throw new IllegalStateException(key + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY): " + text.lines()
                            .findFirst().orElse(""));
                }
            }
            return certs;
        } catch (IOException e) {
            certs.delete();
            throw new UncheckedIOException("cannot generate test certificates in " + dir, e);
        } catch (RuntimeException e) {
            certs.delete();
            throw e;
        }
    }

    private void leaf(String name, String subject, String extensions) throws IOException {
        openssl("req", "-new", "-config", "openssl.cnf",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-set_serial", Long.toString(System.nanoTime() & Long.MAX_VALUE),
                "-days", "2", "-extfile", "openssl.cnf", "-extensions", extensions, "-out", name + ".crt");
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("the TLS tests need the openssl command line tool on PATH to make "
                    + "certificates; install it (Debian: apt-get install openssl)", e);
        }
        try {
            if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish within " + OPENSSL_TIMEOUT_SECONDS + " s: "
                        + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("openssl failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                    + "\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** The temp dir holding every file. */
    public Path dir() {
        return dir;
    }

    /** The CA certificate, to trust (client) and to verify client certificates (server). */
    public Path ca() {
        return dir.resolve("ca.crt");
    }

    /** Server certificate with SAN IP:127.0.0.1. */
    public Path serverCert() {
        return dir.resolve("server.crt");
    }

    /** The key of {@link #serverCert()}. */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** Server certificate with SAN DNS:wrong.example only: must be refused for 127.0.0.1. */
    public Path wrongNameCert() {
        return dir.resolve("wrong.crt");
    }

    /** The key of {@link #wrongNameCert()}. */
    public Path wrongNameKey() {
        return dir.resolve("wrong.key");
    }

    /** Client certificate (extendedKeyUsage clientAuth) for mutual TLS. */
    public Path clientCert() {
        return dir.resolve("client.crt");
    }

    /** The key of {@link #clientCert()}. */
    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** Deletes the dir and everything in it; quiet. */
    public void delete() {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
