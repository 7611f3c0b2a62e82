package dev.tether.examples.demo;

import dev.tether.redis.Command;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.resp.RespVerbatimString;
import dev.tether.testkit.chaos.ChaosProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The {@code --uri} mode: an existing Redis server on loopback that the demo must not kill. The
 * workers' client goes through a {@link ChaosProxy}; odd outages cut the path there (every
 * connection reset, new ones refused) for a while, even ones have the server itself drop the
 * demo's connection with {@code CLIENT KILL ID}. A second client, straight to the server, finds
 * that id and reads the list back. The list has a fresh random key and is deleted at the end.
 */
final class ProxiedRedisTarget implements Target {

    private final URI uri;
    private final RedisClient checker;
    private final ChaosProxy proxy;
    private final RedisWorkload workload;

    ProxiedRedisTarget(String uriText, DemoMetrics metrics) {
        this.uri = URI.create(uriText);
        if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--uri takes redis://host:port[/db] (plain TCP on loopback), got "
                    + uri.getScheme() + "://...");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        requireLoopback(uri.getHost());
        // syncConnect: a wrong address is reported now, not as a minute of CLOSED failures.
        this.checker = RedisClient.connect(RedisOptions.builder().uri(uriText).syncConnect(true).build());
        ChaosProxy started = null;
        RedisWorkload connected = null;
        try {
            started = ChaosProxy.start(new InetSocketAddress(uri.getHost(), port));
            connected = new RedisWorkload(RedisOptions.builder().uri(throughProxy(started.port())), metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the chaos proxy", e);
        } finally {
            if (connected == null) {
                if (started != null) {
                    started.close();
                }
                checker.close();
            }
        }
        this.proxy = started;
        this.workload = connected;
    }

    /** The demo only ever talks to this machine: it is a demo, not a load generator for real servers. */
    private static void requireLoopback(String host) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("--uri must name a server on this machine (127.0.0.1, localhost), got "
                    + host);
        }
    }

    /** The same URI (credentials, database) with the proxy's address. */
    private String throughProxy(int proxyPort) {
        return uri.getScheme() + "://" + (uri.getRawUserInfo() != null ? uri.getRawUserInfo() + "@" : "")
                + "127.0.0.1:" + proxyPort + (uri.getRawPath() != null ? uri.getRawPath() : "")
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
    }

    @Override
    public String describe() {
        return "existing server " + uri.getHost() + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort())
                + " through chaos proxy 127.0.0.1:" + proxy.port() + ", list " + workload.key();
    }

    @Override
    public void send(String id) {
        workload.send(id);
    }

    @Override
    public Failure classify(RuntimeException error) {
        return RedisWorkload.classify(error);
    }

    @Override
    public String state() {
        return workload.state();
    }

    @Override
    public Outage startOutage(int number) {
        if (number % 2 == 1) {
            proxy.refuseNew(true); // first, so the reconnect that follows the cut is refused too
            int cut = proxy.cutWithReset();
            return new Outage("proxy: RST " + cut + " connection" + (cut == 1 ? "" : "s") + ", refuse new ones", false);
        }
        String id = demoClientId();
        if (id == null) {
            return new Outage("CLIENT KILL: demo client not connected now", true);
        }
        // By id, not TYPE normal: this server is not ours, and other clients must not notice.
        checker.command("CLIENT", "KILL", "ID", id);
        return new Outage("CLIENT KILL ID " + id + " (the demo's connection)", true);
    }

    /** The id of the workers' connection, from CLIENT LIST, by the client name the demo gave it. */
    private String demoClientId() {
        String list = checker.execute(Command.of(ProxiedRedisTarget::text, "CLIENT", "LIST", "TYPE", "normal"));
        String wanted = "name=" + workload.clientName();
        return list.lines().filter(line -> (" " + line + " ").contains(" " + wanted + " "))
                .map(line -> line.split(" ")[0])
                .filter(field -> field.startsWith("id="))
                .map(field -> field.substring(3))
                .findFirst().orElse(null);
    }

    private static String text(RespValue reply) {
        return switch (reply) {
            case RespBulkString bulk -> bulk.asString();
            case RespVerbatimString verbatim -> new String(verbatim.payload(), StandardCharsets.UTF_8);
            default -> throw new IllegalStateException("CLIENT LIST answered " + reply);
        };
    }

    @Override
    public Back endOutage(int number) {
        Instant at = Instant.now(); // before pass(), so a quick success cannot precede it
        proxy.pass();
        return new Back(at, "proxy passes again at " + Formats.time(at));
    }

    @Override
    public CrossCheck readBack(Ledger ledger) {
        return RedisWorkload.readBack(checker, workload.key(), ledger);
    }

    @Override
    public void close() {
        try {
            workload.close();
            RedisWorkload.delete(checker, workload.key());
        } finally {
            try {
                proxy.close();
            } finally {
                checker.close();
            }
        }
    }
}
