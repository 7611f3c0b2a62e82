package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tether.redis.testkit.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.provider.Arguments;

/** Helpers shared by the integration tests of the Redis client (no test of its own). */
final class RedisTestSupport {

    private RedisTestSupport() {
    }

    /** The {@code @MethodSource} of tests run under RESP2 and RESP3, each through the sync and the async face. */
    static final String PROTOCOLS_AND_FACES = "dev.tether.redis.RedisTestSupport#protocolsAndFaces";

    static Stream<Arguments> protocolsAndFaces() {
        return Stream.of(2, 3).flatMap(p -> Stream.of(Face.values()).map(f -> Arguments.of(p, f)));
    }

    /** assertEquals on boxed values: typed results compare as the objects they are; an optional message. */
    static void assertValue(Object expected, Object actual, String... message) {
        assertEquals(expected, actual, message.length == 0 ? null : message[0]);
    }

    /** Options for {@code server} speaking {@code protocol}, connected before {@code connect} returns. */
    static RedisOptions.Builder options(RedisServer server, int protocol) {
        return RedisOptions.builder().port(server.port()).protocol(protocol).syncConnect(true);
    }

    static RedisClient connect(RedisServer server, int protocol) {
        return RedisClient.connect(options(server, protocol).build());
    }


    /** A loopback port nothing listens on (bound to port 0, then released). */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (bounded) for a future and rethrows what it failed with as it is, so that sync and
     * async forms can be asserted the same way.
     */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete within 15 s: " + future, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The exception a completed-exceptionally future failed with (unwrapped). */
    static Throwable failureOf(CompletableFuture<?> future) {
        try {
            Object value = future.get(15, TimeUnit.SECONDS);
            return fail("expected the future to fail, but it completed with " + value);
        } catch (ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("the future did not complete within 15 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Asserts that {@code call} throws a RedisConnectionException with {@code reason}. */
    static RedisConnectionException assertConnectionFailure(RedisConnectionException.Reason reason, Executable call) {
        RedisConnectionException e = assertThrows(RedisConnectionException.class, call);
        assertEquals(reason, e.reason(), () -> "wrong reason in " + e);
        return e;
    }

    /** Asserts that {@code future} fails with a RedisConnectionException with {@code reason}. */
    static RedisConnectionException assertConnectionFailure(RedisConnectionException.Reason reason,
                                                            CompletableFuture<?> future) {
        Throwable t = failureOf(future);
        if (!(t instanceof RedisConnectionException e)) {
            throw new AssertionError("expected a RedisConnectionException(" + reason + "), got " + t, t);
        }
        assertEquals(reason, e.reason(), () -> "wrong reason in " + e);
        return e;
    }

    /** The sync or async face of a client, to run the same assertions through both. */
    enum Face {
        SYNC, ASYNC;

        <T> T call(RedisClient client, Function<RedisClient, T> sync, Function<RedisAsync, CompletableFuture<T>> async) {
            return this == SYNC ? sync.apply(client) : join(async.apply(client.async()));
        }
    }

    /** Returns the value of {@code supplier}, or null if it threw a RedisConnectionException. */
    static <T> T orNullOnConnectionFailure(Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (RedisConnectionException e) {
            return null;
        }
    }
}
