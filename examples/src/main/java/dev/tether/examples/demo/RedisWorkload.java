package dev.tether.examples.demo;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionListener;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisErrorException;
import dev.tether.redis.RedisOptions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis half of both Redis modes: the one shared {@link RedisClient} the workers use, RPUSH
 * of each id to one list, the booking of failures, and the read-back with LRANGE.
 */
final class RedisWorkload implements AutoCloseable {

    /** LRANGE page size: big pages keep the read-back to a few round trips, small enough to stay far below limits. */
    private static final int PAGE = 100_000;
    private static final int READ_ATTEMPTS = 5;

    private final String key = "tether-demo:" + UUID.randomUUID();
    private final AtomicLong connects = new AtomicLong();
    private final RedisClient client;

    /**
     * Connects the workers' client. Only the demo's own options are added to {@code options}: a
     * client name (to find it in CLIENT LIST) and a listener counting connects. Everything else,
     * backoff and early reconnect included, stays at the library's defaults: that is what the
     * demo shows. With {@code metrics} (null for none), the client also publishes to them.
     */
    RedisWorkload(RedisOptions.Builder options, DemoMetrics metrics) {
        ConnectionListener countConnects = event -> {
            if (event instanceof ConnectionEvent.Connected) {
                connects.incrementAndGet();
            }
        };
        if (metrics != null) {
            metrics.apply(options);
        }
        this.client = RedisClient.connect(options.clientName(clientName()).listener(countConnects).build());
        if (metrics != null) {
            metrics.bind(client);
        }
    }

    /** A name unique to this run's list, so CLIENT KILL can find exactly the demo's connection. */
    String clientName() {
        return "tether-demo-" + key.substring(key.length() - 12);
    }

    String key() {
        return key;
    }

    /** How many times the client connected (1 + reconnects). */
    long connects() {
        return connects.get();
    }

    void send(String id) {
        client.rpush(key, id);
    }

    String state() {
        return client.state().name();
    }

    static Failure classify(RuntimeException error) {
        if (error instanceof RedisErrorException refused) {
            // An error reply means the command did not run. A restarted server accepts connections
            // while it still loads its append-only file, and answers LOADING until it is done.
            return new Failure(refused.code(), Failure.Delivery.REFUSED, refused.getMessage());
        }
        if (!(error instanceof RedisConnectionException e)) {
            return Failure.unexpected(error);
        }
        // written() says, for this command, whether any of it reached the socket: if not, it
        // did not run; if so, it got no reply and may have run.
        Failure.Delivery delivery = e.written() ? Failure.Delivery.IN_DOUBT : Failure.Delivery.NOT_SENT;
        return new Failure(e.reason().name(), delivery, e.getMessage());
    }

    /**
     * Reads the whole list through {@code checker} (a client of its own, not the workers' one) in
     * pages, and checks it against the ledger. A page that fails is retried: LRANGE has no side
     * effect, and the server is up by now.
     */
    static CrossCheck readBack(RedisClient checker, String key, Ledger ledger) {
        long length = checker.llen(key);
        long read = 0;
        while (read < length) {
            List<String> page = null;
            for (int attempt = 1; page == null; attempt++) {
                try {
                    page = checker.lrange(key, read, read + PAGE - 1);
                } catch (RedisConnectionException e) {
                    if (attempt == READ_ATTEMPTS) {
                        return ledger.check("LRANGE " + key + " (failed after " + read + " of " + length + " entries: "
                                + e.getMessage() + ")", false);
                    }
                }
            }
            if (page.isEmpty()) {
                break; // the list shrank: nobody else writes to it, but never loop on it
            }
            page.forEach(ledger::sawOnServer);
            read += page.size();
        }
        return ledger.check("LRANGE " + key + " (" + Formats.count(read) + " entries)", true);
    }

    /** Removes the list, so a server the demo does not own is left as it was found. */
    static void delete(RedisClient checker, String key) {
        try {
            checker.del(key);
        } catch (RuntimeException e) {
            // best effort: the key is random and the demo is over
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
