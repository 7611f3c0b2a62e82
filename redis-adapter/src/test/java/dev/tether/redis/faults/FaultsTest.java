package dev.tether.redis.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.redis.Commands;
import dev.tether.redis.KeyValue;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespProtocolException;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.tether.testkit.EventRecorder;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.tether.testkit.LeakCheckExtension;

/**
 * Hard faults against a real server (docs/redis-client.md, 'Delivery rules' and 'Testing against
 * real servers'): a killed client connection, a
 * SIGKILLed and restarted server under concurrent load, corrupted bytes, a server that stopped
 * reading. In-flight commands fail with a clear reason, nothing hangs, the client recovers.
 */
@ExtendWith(LeakCheckExtension.class)
class FaultsTest {


    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private RedisServer server;

    @BeforeEach
    void startServer() {
        server = RedisServer.builder().start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.resume(); // a paused server is resumed before it is stopped
            server.close();
        }
    }


    private static RedisOptions.Builder options(int port) {
        return RedisOptions.builder().port(port).syncConnect(true)
                .commandTimeout(COMMAND_TIMEOUT).connectTimeout(Duration.ofMillis(500))
                .healthCheckInterval(Duration.ofMillis(150))
                .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20)));
    }

    private static boolean pings(RedisClient redis) {
        try {
            return "PONG".equals(redis.ping());
        } catch (RedisConnectionException e) {
            return false;
        }
    }

    private static RedisConnectionException connectionFailure(CompletableFuture<?> future, Duration within) {
        try {
            Object value = future.get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a RedisConnectionException, got the reply " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisConnectionException r) {
                return r;
            }
            throw new AssertionError("expected a RedisConnectionException, got " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the future was still pending after " + within.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

    private long blockedClients() {
        Matcher m = BLOCKED.matcher(String.valueOf(server.execute("INFO", "clients")));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String clientLine(String name) {
        for (String line : String.valueOf(server.execute("CLIENT", "LIST")).split("\r?\n")) {
            if (line.contains(" name=" + name + " ")) {
                return line;
            }
        }
        throw new AssertionError("no client named " + name + " in CLIENT LIST");
    }

    private String clientId(String name) {
        return Arrays.stream(clientLine(name).split(" ")).filter(f -> f.startsWith("id=")).findFirst()
                .orElseThrow().substring(3);
    }

    /** The CLIENT LIST line of the one connection blocked in a command. */
    private String blockedLine() {
        for (String line : String.valueOf(server.execute("CLIENT", "LIST")).split("\r?\n")) {
            if (line.contains(" flags=b ")) {
                return line;
            }
        }
        throw new AssertionError("no blocked client in CLIENT LIST");
    }

    @Test
    void clientKillDuringABlpopFailsItWithDisconnected() {
        try (RedisClient redis = RedisClient.connect(options(server.port()).clientName("faults-blpop").database(3).build())) {
            // 1. the BLPOP's (dedicated) connection killed by its id
            CompletableFuture<KeyValue> pop = redis.async().executeAsync(Commands.blpop(List.of("faults:q"), Duration.ofSeconds(5)));
            Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> blockedClients() == 1);
            String blocked = blockedLine();
            assertTrue(blocked.contains(" name=faults-blpop ") && blocked.contains(" db=3 "),
                    () -> "the dedicated connection ran the handshake: " + blocked);
            String id = Arrays.stream(blocked.split(" ")).filter(f -> f.startsWith("id=")).findFirst().orElseThrow().substring(3);
            assertEquals(1L, server.execute("CLIENT", "KILL", "ID", id));
            long killed = System.nanoTime();
            RedisConnectionException e = connectionFailure(pop, Duration.ofSeconds(2));
            assertEquals(Reason.DISCONNECTED, e.reason(), e::toString);
            System.out.printf("CLIENT KILL ID: BLPOP failed %d ms after the kill%n", (System.nanoTime() - killed) / 1_000_000);
            assertTrue(pings(redis), "the shared connection was not touched");

            // 2. killed with every normal client (the killing connection itself is skipped)
            CompletableFuture<KeyValue> again = redis.async().executeAsync(Commands.blpop(List.of("faults:q"), Duration.ofSeconds(5)));
            Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> blockedClients() == 1);
            assertTrue(blockedLine().contains(" db=3 "), "a new dedicated connection, with the handshake run");
            Object count = server.execute("CLIENT", "KILL", "TYPE", "normal");
            assertTrue(count instanceof Long n && n >= 2, () -> "CLIENT KILL TYPE normal answered " + count);
            RedisConnectionException e2 = connectionFailure(again, Duration.ofSeconds(2));
            assertEquals(Reason.DISCONNECTED, e2.reason(), e2::toString);

            // the shared connection reconnects by itself, and the handshake ran again: same name, same database
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> pings(redis));
            String line = clientLine("faults-blpop");
            assertTrue(line.contains(" db=3 "), () -> "database not selected again after the reconnect: " + line);
            assertEquals(1L, redis.rpush("faults:q", "job"));
            assertEquals(new KeyValue("faults:q", "job"), redis.blpop(Duration.ofSeconds(1), "faults:q"));
        }
    }

    @Test
    void killNineAndRestartUnderSixtyFourCallers() throws Exception {
        int callers = 64;
        Duration bound = COMMAND_TIMEOUT.plusSeconds(1); // every future completes within its deadline + 1 s
        EventRecorder events = new EventRecorder();
        try (RedisClient redis = RedisClient.connect(options(server.port()).listener(events).build())) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean restarted = new AtomicBoolean();
            AtomicLong firstOkAfterRestart = new AtomicLong();
            LongAdder ok = new LongAdder();
            LongAdder okAfterRestart = new LongAdder();
            LongAdder stuck = new LongAdder();
            Map<Reason, LongAdder> failures = new EnumMap<>(Reason.class);
            for (Reason r : Reason.values()) {
                failures.put(r, new LongAdder());
            }
            Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            long hardDeadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                String key = "faults:counter:" + (t % 8);
                threads.add(Thread.ofPlatform().name("faults-caller-" + t).daemon(true).start(() -> {
                    for (int n = 0; n < 2_000_000 && !stop.get() && System.nanoTime() < hardDeadline; n++) {
                        CompletableFuture<?> f = n % 2 == 0 ? redis.async().incr(key) : redis.async().get(key);
                        try {
                            f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                            ok.increment();
                            if (restarted.get()) {
                                okAfterRestart.increment();
                                firstOkAfterRestart.compareAndSet(0, System.nanoTime());
                            }
                        } catch (ExecutionException e) {
                            if (e.getCause() instanceof RedisConnectionException r) {
                                failures.get(r.reason()).increment();
                            } else {
                                unexpected.add(e.getCause());
                            }
                        } catch (TimeoutException e) {
                            stuck.increment();
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            unexpected.add(e);
                        }
                    }
                }));
            }
            try {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ok.sum() >= 2000);
                long killedAt = System.nanoTime();
                server.kill();
                Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertTrue(
                        failures.get(Reason.DISCONNECTED).sum() > 0, () -> "no caller saw DISCONNECTED after the kill: "
                                + failures + ", ok=" + ok.sum() + ", stuck=" + stuck.sum() + ", unexpected=" + unexpected
                                + ", state=" + redis.state() + ", events=" + events.all()));
                long restartAt = System.nanoTime();
                server.restart();
                long restartedAt = System.nanoTime();
                restarted.set(true);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> okAfterRestart.sum() >= 1000);
                System.out.printf("kill -9 under %d callers: restart took %d ms; first success %d ms after the server was"
                                + " back (%d ms after the kill); %s; ok=%d%n", callers,
                        (restartedAt - restartAt) / 1_000_000, (firstOkAfterRestart.get() - restartedAt) / 1_000_000,
                        (firstOkAfterRestart.get() - killedAt) / 1_000_000, failures, ok.sum());
            } finally {
                stop.set(true);
                for (Thread thread : threads) {
                    thread.join(Duration.ofSeconds(5));
                }
            }
            for (Thread thread : threads) {
                assertTrue(!thread.isAlive(), () -> thread.getName() + " did not finish");
            }
            assertEquals(0, stuck.sum(), () -> stuck.sum() + " futures were still pending " + bound.toMillis()
                    + " ms after they were issued");
            assertTrue(unexpected.isEmpty(), () -> "unexpected failures: " + unexpected);
            assertTrue(failures.get(Reason.DISCONNECTED).sum() > 0, () -> "the kill was never seen in flight: " + failures);
            assertEquals(0, failures.get(Reason.STOPPED).sum(), () -> "the client stopped: " + failures);
            assertEquals(0, failures.get(Reason.PROTOCOL_ERROR).sum(), () -> "garbled replies: " + failures);
            assertTrue(events.of(ConnectionEvent.Disconnected.class).size() >= 1);
            assertEquals(ConnectionState.CONNECTED, redis.state());
            long n = redis.incr("faults:after");
            assertEquals(1L, n);
            assertEquals("1", redis.get("faults:after"));
        }
    }

    @Test
    void corruptedBytesTearTheConnectionDownWithAProtocolErrorAndTheClientRecovers() throws Exception {
        EventRecorder events = new EventRecorder();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(RedisOptions.builder().port(proxy.port()).syncConnect(true)
                     .commandTimeout(COMMAND_TIMEOUT).connectTimeout(Duration.ofMillis(500))
                     .healthCheckInterval(null) // no idle PING may take the corrupted byte
                     .backoffPolicy(BackoffPolicy.constant(Duration.ofMillis(20))).listener(events).build())) {
            assertEquals("PONG", redis.ping());
            proxy.corruptNext(1, Direction.DOWNSTREAM);
            CompletableFuture<String> ping = redis.async().ping();
            RedisConnectionException e = connectionFailure(ping, Duration.ofSeconds(2));
            assertTrue(proxy.bytesCorrupted(Direction.DOWNSTREAM) >= 1);
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !events.of(ConnectionEvent.Disconnected.class).isEmpty());
            Object info = events.of(ConnectionEvent.Disconnected.class).get(0).info();
            Throwable cause = info instanceof Throwable t ? t : info instanceof dev.tether.core.net.SocketEvent.Failed f ? f.error() : null;
            boolean protocolCause = false;
            for (Throwable c = cause; c != null; c = c.getCause()) {
                protocolCause |= c instanceof RespProtocolException;
            }
            boolean sawProtocolCause = protocolCause;
            assertTrue(sawProtocolCause, () -> "the disconnect should be caused by invalid RESP, got " + info);
            assertEquals(Reason.PROTOCOL_ERROR, e.reason(), e::toString);

            proxy.pass();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> pings(redis));
            assertTrue(redis.set("faults:after-corruption", "ok"));
            assertEquals("ok", redis.get("faults:after-corruption"));
        }
    }

    @Test
    void writingToAServerThatStoppedReadingDoesNotFreezeTheClient() {
        EventRecorder events = new EventRecorder();
        RedisClient redis = RedisClient.connect(options(server.port()).listener(events).build());
        try {
            assertEquals("PONG", redis.ping());
            server.pause();
            byte[] value = new byte[1 << 20];
            Arrays.fill(value, (byte) 'v');
            long start = System.nanoTime();
            List<CompletableFuture<Boolean>> sets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sets.add(redis.async().set(("faults:big:" + i).getBytes(StandardCharsets.UTF_8), value));
            }
            Duration bound = COMMAND_TIMEOUT.plusSeconds(2);
            Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
            for (CompletableFuture<Boolean> set : sets) {
                Duration left = Duration.ofNanos(Math.max(1, start + bound.toNanos() - System.nanoTime()));
                RedisConnectionException e = connectionFailure(set, left);
                reasons.merge(e.reason(), 1, Integer::sum);
            }
            long failedAfter = System.nanoTime() - start;
            // the loop itself went on: it gave up the stuck write (write timeout) or the health check
            // found the silence, and tore the connection down, well within the bound
            Awaitility.await().atMost(Duration.ofNanos(Math.max(1, start + bound.toNanos() - System.nanoTime())))
                    .until(() -> !events.of(ConnectionEvent.Disconnected.class).isEmpty());
            Object info = events.of(ConnectionEvent.Disconnected.class).get(0).info();
            Throwable why = info instanceof Throwable t ? t : info instanceof dev.tether.core.net.SocketEvent.Failed f ? f.error() : null;
            assertTrue(why != null && (why instanceof java.net.SocketTimeoutException
                            || String.valueOf(why.getMessage()).contains("no reply")),
                    () -> "expected a write timeout or the health check to tear the connection down, got " + info);
            // the loop still answers: a new command gets an answer (a failure) in time, not a hang
            RedisConnectionException later = connectionFailure(redis.async().ping(), COMMAND_TIMEOUT.plusSeconds(1));
            long closeStart = System.nanoTime();
            redis.close();
            long closeTook = System.nanoTime() - closeStart;
            System.out.printf("paused server: 20 x 1 MB SETs all failed within %d ms (%s); torn down by: %s;"
                    + " a later PING failed with %s; close took %d ms%n", failedAfter / 1_000_000, reasons, why,
                    later.reason(), closeTook / 1_000_000);
            assertTrue(closeTook < Duration.ofSeconds(3).toNanos(), () -> "close took " + closeTook / 1_000_000 + " ms");
            assertEquals(ConnectionState.STOPPED, redis.state());
        } finally {
            redis.close();
            server.resume();
        }
        // the server itself is fine afterwards
        try (RedisClient again = RedisClient.connect(options(server.port()).build())) {
            assertEquals("PONG", again.ping());
        }
    }
}
