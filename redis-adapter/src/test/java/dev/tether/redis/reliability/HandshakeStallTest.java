package dev.tether.redis.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 23, defect 4: commands issued while a handshake runs wait at most until that attempt
 * ends, never across attempts. The connection drops while the server is SIGSTOPped, so every
 * reconnect's TCP connect succeeds and its handshake hangs until the connect timeout; a command
 * issued meanwhile is answered (CLOSED: never sent) no later than the end of the attempt that was
 * running, that is within one connect timeout of being issued, well before its own much longer
 * command timeout.
 */
@ExtendWith(LeakCheckExtension.class)
class HandshakeStallTest extends FreshServerTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ISSUING = Duration.ofSeconds(3);
    /** One attempt, plus a quarter of one for scheduling; two attempts would be twice the timeout. */
    private static final Duration BOUND = CONNECT_TIMEOUT.plus(CONNECT_TIMEOUT.dividedBy(4));

    private record Issued(long atNanos, CompletableFuture<String> reply, long[] doneNanos) {
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void aCommandIssuedDuringAStalledHandshakeWaitsAtMostUntilThatAttemptEnds() throws Exception {
        List<Issued> issued = new CopyOnWriteArrayList<>();
        ScheduledExecutorService issuer = Executors.newSingleThreadScheduledExecutor();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(RedisOptions.builder().port(proxy.port())
                     .connectTimeout(CONNECT_TIMEOUT).commandTimeout(COMMAND_TIMEOUT)
                     .syncConnect(true).build())) {
            redis.ping();
            long accepted = proxy.acceptedTotal();
            server.pause(); // SIGSTOP: the kernel still completes TCP connects, nobody answers HELLO
            proxy.cutWithReset();
            // The reconnect's handshake is hanging once its connection reached the proxy.
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> proxy.acceptedTotal() > accepted);
            long stopIssuing = System.nanoTime() + ISSUING.toNanos();
            issuer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() < stopIssuing) {
                    long[] done = new long[1];
                    CompletableFuture<String> reply = redis.async().ping();
                    long at = System.nanoTime();
                    issued.add(new Issued(at, reply, done));
                    reply.whenComplete((v, e) -> done[0] = System.nanoTime());
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            Awaitility.await().atMost(ISSUING.plus(COMMAND_TIMEOUT).plusSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> System.nanoTime() > stopIssuing && issued.stream().allMatch(i -> i.reply().isDone()));
            issuer.shutdownNow();
            long longestMs = 0;
            for (Issued i : issued) {
                // whenComplete may run just after isDone turns true: wait for its stamp.
                Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> i.doneNanos()[0] != 0);
                longestMs = Math.max(longestMs, (i.doneNanos()[0] - i.atNanos()) / 1_000_000);
            }
            server.resume();
            System.out.printf("reliability scenario=handshake-stall commands=%d longestWaitMs=%d connectTimeoutMs=%d"
                    + " attempts=%d%n", issued.size(), longestMs, CONNECT_TIMEOUT.toMillis(),
                    proxy.acceptedTotal() - accepted);
            assertTrue(!issued.isEmpty(), "no command was issued");
            long worst = longestMs;
            assertTrue(worst <= BOUND.toMillis(), "a command issued during a handshake hung by a SIGSTOPped server"
                    + " waited " + worst + " ms: more than one attempt (connect timeout "
                    + CONNECT_TIMEOUT.toMillis() + " ms, bound " + BOUND.toMillis() + " ms)");
        } finally {
            issuer.shutdownNow();
            issuer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
