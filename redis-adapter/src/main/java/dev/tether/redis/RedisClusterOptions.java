package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link RedisClusterClient} finds and talks to a cluster: the seed nodes it reads the
 * slot map from, the options every node connection is made with (credentials, TLS, protocol,
 * timeouts, backoff, health check: one {@link RedisOptions}, whose host and port are replaced
 * per node), how many redirects one command may follow, and whether to read the slot map with
 * {@code CLUSTER SLOTS} instead of {@code CLUSTER SHARDS}.
 */
public final class RedisClusterOptions {

    private final List<String> seeds;
    private final RedisOptions nodeOptions;
    private final int maxRedirects;
    private final boolean useClusterSlots;
    private final ReadFrom readFrom;
    private final java.time.Duration topologyRefreshInterval;

    private RedisClusterOptions(Builder b) {
        this.seeds = List.copyOf(b.seeds);
        this.nodeOptions = b.nodeOptions;
        this.maxRedirects = b.maxRedirects;
        this.useClusterSlots = b.useClusterSlots;
        this.readFrom = b.readFrom;
        this.topologyRefreshInterval = b.topologyRefreshInterval;
    }

    /** A builder; at least one seed is needed. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seeds, as {@code host:port}. */
    public List<String> seeds() {
        return seeds;
    }

    /** What every node connection is made with (host and port replaced per node). */
    public RedisOptions nodeOptions() {
        return nodeOptions;
    }

    /** Redirects (MOVED, ASK, TRYAGAIN) one command may follow before it fails; default 5. */
    public int maxRedirects() {
        return maxRedirects;
    }

    /** Whether the slot map is read with CLUSTER SLOTS (servers before 7.0) instead of CLUSTER SHARDS. */
    public boolean useClusterSlots() {
        return useClusterSlots;
    }

    /** Which node serves read-only commands; default {@link ReadFrom#PRIMARY}. */
    public ReadFrom readFrom() {
        return readFrom;
    }

    /**
     * How often the slot map is read again while all is well; default 60 s. It is also read at
     * once on MOVED, and every 500 ms while a node's connection is down, until it is back or the
     * map no longer names it.
     */
    public java.time.Duration topologyRefreshInterval() {
        return topologyRefreshInterval;
    }

    @Override
    public String toString() {
        return "RedisClusterOptions[seeds=" + seeds + ", maxRedirects=" + maxRedirects
                + (useClusterSlots ? ", CLUSTER SLOTS" : "") + "]";
    }

    /** Builds {@link RedisClusterOptions}; bad values are refused with a message saying why. */
    public static final class Builder {
        private final List<String> seeds = new ArrayList<>();
        private RedisOptions nodeOptions = RedisOptions.builder().build();
        private int maxRedirects = 5;
        private boolean useClusterSlots;
        private ReadFrom readFrom = ReadFrom.PRIMARY;
        private java.time.Duration topologyRefreshInterval = java.time.Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * A seed node: {@code host:port}, or a {@code redis://} / {@code rediss://} URI (only its
         * host and port are used; give credentials and TLS in {@link #nodeOptions}).
         */
        public Builder seed(String seed) {
            Objects.requireNonNull(seed, "seed");
            String s = seed.contains("://") ? hostPort(RedisOptions.fromUri(seed)) : seed;
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("a seed is host:port or a redis:// URI, got \"" + seed + "\"");
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("the port of seed \"" + seed + "\" is out of range");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port of seed \"" + seed + "\" is not a number", e);
            }
            seeds.add(s);
            return this;
        }

        /** Several seeds; see {@link #seed}. */
        public Builder seeds(List<String> seeds) {
            Objects.requireNonNull(seeds, "seeds").forEach(this::seed);
            return this;
        }

        /** The options of every node connection; their host, port and Unix socket are ignored. */
        public Builder nodeOptions(RedisOptions options) {
            this.nodeOptions = Objects.requireNonNull(options, "nodeOptions");
            return this;
        }

        /** Redirects one command may follow; at least 1, default 5. */
        public Builder maxRedirects(int redirects) {
            if (redirects < 1) {
                throw new IllegalArgumentException("maxRedirects must be at least 1, got " + redirects);
            }
            this.maxRedirects = redirects;
            return this;
        }

        /** Reads the slot map with CLUSTER SLOTS instead of CLUSTER SHARDS; default false. */
        public Builder useClusterSlots(boolean on) {
            this.useClusterSlots = on;
            return this;
        }

        /** Which node serves read-only commands; default {@link ReadFrom#PRIMARY}. */
        public Builder readFrom(ReadFrom readFrom) {
            this.readFrom = Objects.requireNonNull(readFrom, "readFrom");
            return this;
        }

        /** How often the slot map is read again while all is well; at least 1 s, default 60 s. */
        public Builder topologyRefreshInterval(java.time.Duration interval) {
            Objects.requireNonNull(interval, "topologyRefreshInterval");
            if (interval.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("topologyRefreshInterval must be at least 1 s, got " + interval);
            }
            this.topologyRefreshInterval = interval;
            return this;
        }

        /** The options. @throws IllegalStateException without a seed */
        public RedisClusterOptions build() {
            if (seeds.isEmpty()) {
                throw new IllegalStateException("a cluster client needs at least one seed node");
            }
            return new RedisClusterOptions(this);
        }

        private static String hostPort(RedisOptions o) {
            return o.host() + ":" + o.port();
        }
    }
}
