package dev.tether.core.net;

import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TLS for a {@link SocketLink}. Hostname verification is on by default: the server's certificate
 * must name the host connected to (or {@link #serverName()} when set), as HTTPS clients check.
 *
 * @param context supplies trust (and, for mutual TLS, the client's key)
 * @param verifyHostname check the certificate's name; default true. Turn off only for tests of
 *     the refusal itself
 * @param serverName the name to verify and send as SNI; null for the host connected to
 */
public record TlsOptions(SSLContext context, boolean verifyHostname, String serverName) {

    /** Checks that {@code context} is not null. */
    public TlsOptions {
        Objects.requireNonNull(context, "context");
    }

    /** TLS with {@code context}, hostname verification on. */
    public static TlsOptions of(SSLContext context) {
        return new TlsOptions(context, true, null);
    }

    /** TLS with the JVM's default trust store, hostname verification on. */
    public static TlsOptions systemDefault() {
        try {
            return of(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
    }

    /**
     * TLS trusting the CA certificates in a PEM file (as redis-server's {@code tls-ca-cert-file}),
     * hostname verification on.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate
     */
    public static TlsOptions trusting(java.nio.file.Path caCertificatesPem) {
        return of(PemTrust.context(Objects.requireNonNull(caCertificatesPem, "caCertificatesPem"), null, null));
    }

    /**
     * Mutual TLS: trust the CA certificates in {@code caCertificatesPem} and present
     * {@code clientCertificatePem} (a chain) with its PKCS#8 {@code clientKeyPem}.
     *
     * @throws IllegalArgumentException if a file cannot be read or parsed
     */
    public static TlsOptions mutual(java.nio.file.Path caCertificatesPem, java.nio.file.Path clientCertificatePem,
                                    java.nio.file.Path clientKeyPem) {
        return of(PemTrust.context(Objects.requireNonNull(caCertificatesPem, "caCertificatesPem"),
                Objects.requireNonNull(clientCertificatePem, "clientCertificatePem"),
                Objects.requireNonNull(clientKeyPem, "clientKeyPem")));
    }

    /** The same, verifying {@code name} instead of the host connected to. */
    public TlsOptions withServerName(String name) {
        return new TlsOptions(context, verifyHostname, Objects.requireNonNull(name, "name"));
    }

    /** The same without hostname verification (trust is still checked). */
    public TlsOptions withoutHostnameVerification() {
        return new TlsOptions(context, false, serverName);
    }

    @Override
    public String toString() {
        return "TlsOptions[verifyHostname=" + verifyHostname + (serverName == null ? "" : ", serverName=" + serverName) + "]";
    }
}
