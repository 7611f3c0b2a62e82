package dev.tether.redis.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.Credentials;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 23, defect 2: a rotating-credentials supplier that hands out a wrong password is retried
 * within the backoff policy, not at the early-connect rate. With the default policy (equal
 * jitter, 100 ms to 2 s) and callers hammering the client, the server's {@code ACL LOG} counts at
 * most one refused AUTH a second once the refusals are 3 s old.
 */
@ExtendWith(LeakCheckExtension.class)
class CredentialsBackoffTest extends FreshServerTest {

    private static final Duration SETTLED = Duration.ofSeconds(3);
    private static final Duration MEASURED = Duration.ofSeconds(3);
    private static final int CALLERS = 4;

    @Override
    protected RedisServer newServer() {
        return RedisServer.builder().password("right-password").start();
    }

    /** The refused authentications in ACL LOG: the sum of the counts of its entries with reason auth. */
    private long refusedAuths() {
        Object log = server.execute("ACL", "LOG", "1000");
        long total = 0;
        for (Object entry : (List<?>) log) {
            List<?> fields = (List<?>) entry;
            String reason = null;
            long count = 0;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String key = String.valueOf(fields.get(i));
                if (key.equals("reason")) {
                    reason = String.valueOf(fields.get(i + 1));
                } else if (key.equals("count")) {
                    count = Long.parseLong(String.valueOf(fields.get(i + 1)));
                }
            }
            if ("auth".equals(reason)) {
                total += count;
            }
        }
        return total;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aRotatingSupplierWithAWrongPasswordIsRetriedAtThePolicysPace() throws Exception {
        AtomicInteger supplied = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port())
                .credentials(() -> {
                    supplied.incrementAndGet();
                    return new Credentials(null, "rotated-away");
                }).build());
        Thread[] callers = new Thread[CALLERS];
        long atSettled;
        long refusedInWindow;
        try {
            for (int i = 0; i < CALLERS; i++) {
                callers[i] = Thread.ofPlatform().name("hammer-" + i).start(() -> {
                    while (!stop.get()) {
                        try {
                            redis.ping();
                        } catch (RedisConnectionException expected) {
                            // HANDSHAKE_REFUSED while the refusal is why there is no connection
                        }
                        LockSupport.parkNanos(200_000);
                    }
                });
            }
            long settled = start + SETTLED.toNanos();
            Awaitility.await().atMost(SETTLED.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> System.nanoTime() >= settled);
            atSettled = refusedAuths();
            server.execute("ACL", "LOG", "RESET");
            long end = System.nanoTime() + MEASURED.toNanos();
            Awaitility.await().atMost(MEASURED.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> System.nanoTime() >= end);
            refusedInWindow = refusedAuths();
        } finally {
            stop.set(true);
            for (Thread t : callers) {
                if (t != null) {
                    t.join(10_000);
                }
            }
            redis.close();
        }
        System.out.printf("reliability scenario=rotating-credentials refusedFirst%ds=%d refusedNext%ds=%d"
                + " supplierCalls=%d%n", SETTLED.toSeconds(), atSettled, MEASURED.toSeconds(), refusedInWindow,
                supplied.get());
        assertTrue(atSettled > 0, "the server logged no refused AUTH: the client never tried");
        long allowed = MEASURED.toSeconds() + 1; // one a second, plus one on the window's edge
        assertTrue(refusedInWindow <= allowed, "ACL LOG counts " + refusedInWindow + " refused AUTHs in "
                + MEASURED.toSeconds() + " s once the refusals were " + SETTLED.toSeconds()
                + " s old; the default policy (at least 1 s apart once grown) allows " + allowed);
    }
}
