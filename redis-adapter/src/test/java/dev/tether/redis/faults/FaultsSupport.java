package dev.tether.redis.faults;

import dev.tether.connection.BackoffPolicy;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What the handshake and delivery fault tests share: a server with ACL users, fast options, failures of futures. */
final class FaultsSupport {

    static final Duration FAST = Duration.ofMillis(20);

    private FaultsSupport() {
    }

    /** A server with user {@code app} (password {@code apppass}) and {@code noselect} ({@code nspass}, no SELECT). */
    static RedisServer serverWithAclUsers() {
        RedisServer server = RedisServer.builder().start();
        server.execute("ACL", "SETUSER", "app", "on", ">apppass", "~*", "+@all");
        server.execute("ACL", "SETUSER", "noselect", "on", ">nspass", "~*", "+@all", "-select");
        return server;
    }

    /** Short timeouts and a constant 20 ms backoff, so refusals and retries come quickly. */
    static RedisOptions.Builder fastOptions(RedisServer server) {
        return RedisOptions.builder().port(server.port()).commandTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(1000)).backoffPolicy(BackoffPolicy.constant(FAST))
                .earlyConnectWindow(Duration.ofMillis(50));
    }

    /** The failure of the future {@code call} returns, or what {@code call} threw at once. */
    static RedisConnectionException failure(Supplier<? extends CompletableFuture<?>> call) {
        try {
            call.get().get(15, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisConnectionException r) {
                return r;
            }
            throw new AssertionError("expected a RedisConnectionException", e.getCause());
        } catch (RedisConnectionException e) {
            return e; // refused at once, also fine
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
