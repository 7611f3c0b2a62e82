package dev.tether.examples.demo;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import java.time.Instant;
import java.util.List;

/**
 * The default mode: a redis-server of the demo's own (through redis-testkit, on loopback, in a
 * temp dir) with {@code appendonly yes} and {@code appendfsync always}, so every write it
 * acknowledged is on disk before the reply and survives {@code kill -9}. Outages are real
 * crashes: SIGKILL, a pause, and a restart on the same port and dir.
 */
final class LocalRedisTarget implements Target {

    private final RedisServer server;
    private final RedisWorkload workload;

    LocalRedisTarget(DemoMetrics metrics) {
        this.server = RedisServer.builder().appendOnly().start();
        RedisWorkload started = null;
        try {
            started = new RedisWorkload(RedisOptions.builder().host(server.host()).port(server.port()), metrics);
        } finally {
            if (started == null) {
                server.close();
            }
        }
        this.workload = started;
    }

    @Override
    public String describe() {
        Object version = server.execute("INFO", "server");
        String v = String.valueOf(version).lines().filter(l -> l.startsWith("redis_version:"))
                .map(l -> l.substring("redis_version:".length()).strip()).findFirst().orElse("?");
        return "redis-server " + v + " on " + server.host() + ":" + server.port()
                + " (appendonly yes, appendfsync always), list " + workload.key();
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
        long pid = server.pid();
        server.kill(); // returns once the process is dead
        return new Outage("kill -9 redis-server (pid " + pid + ")", false);
    }

    @Override
    public Back endOutage(int number) {
        int startsBefore = server.readyTimes().size();
        server.restart(); // same port, same dir: the append-only file is loaded again
        // The log's time stamp, not the moment restart() noticed: recovery is timed from when the
        // server itself said it was ready.
        List<Instant> ready = server.readyTimes();
        Instant at = ready.size() > startsBefore ? ready.getLast() : Instant.now();
        return new Back(at, "redis-server restarted (pid " + server.pid() + "), ready at " + Formats.time(at));
    }

    @Override
    public CrossCheck readBack(Ledger ledger) {
        try (RedisClient checker = RedisClient.connect(RedisOptions.builder().host(server.host())
                .port(server.port()).syncConnect(true).build())) {
            return RedisWorkload.readBack(checker, workload.key(), ledger);
        }
    }

    @Override
    public void close() {
        try {
            workload.close();
        } finally {
            server.close(); // stops redis-server and deletes its temp dir
        }
    }
}
