package dev.tether.redis.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 23, defect 3: a reply that trickles in, one byte every 300 ms, trips the health check.
 * Bytes keep arriving faster than the health interval, yet no reply completes within its
 * deadline; once the oldest pending reply is older than its deadline plus one health interval the
 * connection is torn down and reconnected, and the callers still waiting on it get HEALTH_CHECK.
 */
@ExtendWith(LeakCheckExtension.class)
class TrickleHealthCheckTest extends FreshServerTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);
    /** Deadline plus one interval, plus one more interval for the tick's phase and a second to spare. */
    private static final Duration BOUND = COMMAND_TIMEOUT.plus(HEALTH_INTERVAL).plus(HEALTH_INTERVAL).plusSeconds(1);

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTricklingReplyTearsTheConnectionDownAndWaitingCallersGetHealthCheck() throws Exception {
        List<CompletableFuture<String>> pings = new CopyOnWriteArrayList<>();
        ScheduledExecutorService issuer = Executors.newSingleThreadScheduledExecutor();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             RedisClient redis = RedisClient.connect(RedisOptions.builder().port(proxy.port())
                     .commandTimeout(COMMAND_TIMEOUT).healthCheckInterval(HEALTH_INTERVAL)
                     .syncConnect(true).build())) {
            redis.ping();
            long accepted = proxy.acceptedTotal();
            proxy.slowDrip(1, Duration.ofMillis(300), Direction.DOWNSTREAM);
            long faultAt = System.nanoTime();
            // A caller every 100 ms: some are always waiting, within their deadline, on the trickling link.
            issuer.scheduleAtFixedRate(() -> pings.add(redis.async().ping()),
                    0, 100, TimeUnit.MILLISECONDS);
            long detectedAfterMs;
            try {
                Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(10))
                        .until(() -> proxy.acceptedTotal() > accepted);
                detectedAfterMs = (System.nanoTime() - faultAt) / 1_000_000;
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("a reply trickling in at one byte every 300 ms kept the connection up for "
                        + BOUND.toMillis() + " ms (command timeout " + COMMAND_TIMEOUT.toMillis()
                        + " ms, health interval " + HEALTH_INTERVAL.toMillis() + " ms); "
                        + pings.stream().filter(CompletableFuture::isCompletedExceptionally).count()
                        + " of " + pings.size() + " PINGs had failed meanwhile");
            }
            issuer.shutdownNow();
            proxy.pass();
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> pings.stream().allMatch(CompletableFuture::isDone));
            long healthCheck = pings.stream().filter(f -> reason(f) == RedisConnectionException.Reason.HEALTH_CHECK)
                    .count();
            System.out.printf("reliability scenario=trickle-health-check detectedAfterMs=%d pings=%d healthCheck=%d%n",
                    detectedAfterMs, pings.size(), healthCheck);
            assertTrue(healthCheck > 0, "the connection was torn down after " + detectedAfterMs
                    + " ms but no waiting PING failed with HEALTH_CHECK");
        } finally {
            issuer.shutdownNow();
            issuer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static RedisConnectionException.Reason reason(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() instanceof RedisConnectionException r ? r.reason() : null;
        }
    }
}
