package dev.tether.redis;

import dev.tether.core.net.TlsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a Redis Sentinel deployment is: the sentinels to ask, the name of the service they
 * monitor, and how to talk to the sentinels themselves (their own credentials and TLS, if they
 * need any). Set it with {@link RedisOptions.Builder#sentinel}, or write a
 * {@code redis-sentinel://} URI (see {@link RedisOptions#fromUri}); the client then asks the
 * sentinels for the primary on every connect, checks it with ROLE, and moves when they announce
 * a failover. The data nodes' credentials, TLS, database and timeouts are the
 * {@link RedisOptions}' own.
 *
 * <pre>{@code
 * RedisOptions options = RedisOptions.builder()
 *         .sentinel(SentinelOptions.builder("mymaster")
 *                 .sentinel("127.0.0.1:26379").sentinel("127.0.0.1:26380").build())
 *         .credentials(new Credentials("app", "secret"))          // the data nodes'
 *         .build();
 * }</pre>
 */
public final class SentinelOptions {

    /** The port a sentinel address without one gets. */
    public static final int DEFAULT_PORT = 26379;

    private final String serviceName;
    private final List<String> sentinels;
    private final Credentials credentials;
    private final TlsOptions tls;
    private final ReadFrom readFrom;

    private SentinelOptions(Builder b) {
        this.serviceName = b.serviceName;
        this.sentinels = List.copyOf(b.sentinels);
        this.credentials = b.credentials;
        this.tls = b.tls;
        this.readFrom = b.readFrom;
    }

    /** A builder for the service the sentinels know as {@code serviceName} ("mymaster"). */
    public static Builder builder(String serviceName) {
        return new Builder(serviceName);
    }

    /** The name the sentinels monitor the primary under. */
    public String serviceName() {
        return serviceName;
    }

    /** The sentinels given, as {@code host:port}, in the order they are asked first. */
    public List<String> sentinels() {
        return sentinels;
    }

    /** The sentinels' own credentials, or null if they need none. */
    public Credentials credentials() {
        return credentials;
    }

    /** TLS to the sentinels, or null for plain TCP. */
    public TlsOptions tls() {
        return tls;
    }

    /** Which node serves read-only commands: the primary (default), or a replica the sentinels list. */
    public ReadFrom readFrom() {
        return readFrom;
    }

    @Override
    public String toString() {
        return "SentinelOptions[" + serviceName + " via " + sentinels + (credentials != null ? ", with credentials" : "")
                + (tls != null ? ", TLS" : "") + ", readFrom=" + readFrom + "]";
    }

    /** Builds {@link SentinelOptions}; at least one sentinel is needed. */
    public static final class Builder {
        private final String serviceName;
        private final List<String> sentinels = new ArrayList<>();
        private Credentials credentials;
        private TlsOptions tls;
        private ReadFrom readFrom = ReadFrom.PRIMARY;

        private Builder(String serviceName) {
            Objects.requireNonNull(serviceName, "serviceName");
            if (serviceName.isBlank()) {
                throw new IllegalArgumentException("a Sentinel service name must not be blank");
            }
            this.serviceName = serviceName;
        }

        /** A sentinel, as {@code host:port} or {@code host} (port 26379); IPv6 as {@code [::1]:26379}. */
        public Builder sentinel(String address) {
            sentinels.add(normalise(address));
            return this;
        }

        /** Several sentinels; as {@link #sentinel(String)} for each. */
        public Builder sentinels(List<String> addresses) {
            Objects.requireNonNull(addresses, "addresses").forEach(this::sentinel);
            return this;
        }

        /** Credentials the sentinels ask for ({@code requirepass} or an ACL user on the sentinels). Default none. */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** TLS to the sentinels (the data nodes' TLS is {@link RedisOptions.Builder#tls}). Default plain TCP. */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Which node serves the commands the server flags read-only (GET, HGETALL, XRANGE...):
         * {@link ReadFrom#PRIMARY} (the default), {@link ReadFrom#REPLICA_PREFERRED} (a replica
         * that {@code SENTINEL REPLICAS} lists as up and linked, else the primary) or
         * {@link ReadFrom#ANY}. Writes, pipelines and transactions always go to the primary. A
         * replica may lag: a read right after a write can miss it.
         */
        public Builder readFrom(ReadFrom readFrom) {
            this.readFrom = Objects.requireNonNull(readFrom, "readFrom");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException if no sentinel was given
         */
        public SentinelOptions build() {
            if (sentinels.isEmpty()) {
                throw new IllegalArgumentException("Sentinel options for '" + serviceName + "' need at least one sentinel");
            }
            return new SentinelOptions(this);
        }

        static String normalise(String address) {
            Objects.requireNonNull(address, "sentinel address");
            String a = address.trim();
            if (a.isEmpty()) {
                throw new IllegalArgumentException("a sentinel address must not be blank");
            }
            int close = a.lastIndexOf(']');
            int colon = a.lastIndexOf(':');
            boolean hasPort = a.startsWith("[") ? close >= 0 && colon > close : colon > 0 && a.indexOf(':') == colon;
            if (a.startsWith("[") && close < 0 || !a.startsWith("[") && a.indexOf(':') != colon) {
                throw new IllegalArgumentException("not a sentinel address (host:port, or [IPv6]:port): " + address);
            }
            if (!hasPort) {
                return a + ":" + DEFAULT_PORT;
            }
            String port = a.substring(colon + 1);
            try {
                int p = Integer.parseInt(port);
                if (p < 1 || p > 65_535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a sentinel address needs a port in 1..65535, got '" + port + "' in "
                        + address, e);
            }
            if (colon == 0 || a.startsWith("[") && close == 1) {
                throw new IllegalArgumentException("a sentinel address needs a host: " + address);
            }
            return a;
        }
    }
}
