package dev.tether.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for the TLS tests, made at test time with the {@code openssl} command: a test CA,
 * a server certificate for IP 127.0.0.1, one for DNS wrong.example, and one for 127.0.0.1 signed
 * by a second CA nobody trusts. Server keys are PKCS12 files with password "changeit".
 */
final class TestPki {

    static final char[] PASSWORD = "changeit".toCharArray();

    final Path dir;
    final Path caPem;
    final Path goodP12;
    final Path wrongNameP12;
    final Path untrustedP12;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caPem = dir.resolve("ca.pem");
        this.goodP12 = dir.resolve("good.p12");
        this.wrongNameP12 = dir.resolve("wrong.p12");
        this.untrustedP12 = dir.resolve("untrusted.p12");
    }

    /** Generates everything in {@code dir}. */
    static TestPki generate(Path dir) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        pki.ca("ca", "Tether Test CA");
        pki.ca("rogue", "Rogue CA");
        pki.server("good", "IP:127.0.0.1", "ca");
        pki.server("wrong", "DNS:wrong.example", "ca");
        pki.server("untrusted", "IP:127.0.0.1", "rogue");
        return pki;
    }

    private void ca(String name, String cn) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + cn,
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void server(String name, String san, String ca) throws IOException, InterruptedException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\n"
                + "basicConstraints=CA:FALSE\n"
                + "keyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=serverAuth\n", StandardCharsets.US_ASCII);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
        openssl("pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-certfile", ca + ".pem",
                "-name", "server", "-out", name + ".p12", "-passout", "pass:changeit");
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** A client context trusting only the test CA. */
    SSLContext clientTrustingTestCa() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("tether-test-ca", ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** A server context presenting the key and certificate in {@code p12}. */
    static SSLContext serverContext(Path p12) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A TLS server on 127.0.0.1 presenting {@code p12}; {@code receiveBuffer} 0 for the default. */
    static SSLServerSocket serverSocket(Path p12, int receiveBuffer) throws GeneralSecurityException, IOException {
        SSLServerSocket server = (SSLServerSocket) serverContext(p12).getServerSocketFactory().createServerSocket();
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer);
        }
        server.bind(new InetSocketAddress(Peers.LOOPBACK, 0), 50);
        return server;
    }
}
