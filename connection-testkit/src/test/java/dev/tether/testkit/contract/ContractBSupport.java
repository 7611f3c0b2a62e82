package dev.tether.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared helpers of the runtime contract tests: starting connections that are stopped after each
 * test, blocking the loop at a gate, flushing the mailbox, and waiting on futures with a bound.
 */
@ExtendWith(LeakCheckExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
abstract class ContractBSupport {

    /** The bound of every wait in these tests. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private final List<ConnectionRef<?, ?>> started = new CopyOnWriteArrayList<>();

    /** Starts {@code conn} with default options; stopped after the test if the test did not. */
    ConnectionRef<Object, Object> start(ScriptedConnection conn) {
        return start(conn, ConnectionOptions.defaults());
    }

    /** Starts {@code conn}; stopped after the test if the test did not. */
    ConnectionRef<Object, Object> start(ScriptedConnection conn, ConnectionOptions options) {
        return track(Tether.start(conn, options));
    }

    /** Registers a connection started elsewhere so it is stopped after the test. */
    <Q, R> ConnectionRef<Q, R> track(ConnectionRef<Q, R> ref) {
        started.add(ref);
        return ref;
    }

    /**
     * The JDK keeps one socket descriptor open for good the first time a process uses sockets (the
     * pre-close socket pair of its socket dispatcher). Open one before any leak-check baseline so
     * that JVM noise is not reported as a leak by the first test that touches a socket.
     */
    @BeforeAll
    static void warmUpTheJdkSocketLayer() throws IOException {
        try (ServerSocket warmUp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(warmUp.isBound());
        }
    }

    @AfterEach
    void stopEverythingStarted() {
        for (ConnectionRef<?, ?> ref : started) {
            if (ref.state() != ConnectionState.STOPPED) {
                try {
                    ref.stop(StopReason.normal(), WAIT);
                } catch (RuntimeException e) {
                    // The test failed already; the leak check reports what is left.
                }
            }
        }
    }

    /** Options whose ticker and scheduler are {@code time}. */
    static ConnectionOptions.Builder fakeTime(FakeTime time) {
        return ConnectionOptions.builder().ticker(time).scheduler(time);
    }

    /** A unique connection name, so concurrent tests never share one. */
    static String uniqueName() {
        return "contractb-" + UUID.randomUUID();
    }

    /** A call that the scripted connection answers with {@code value}. */
    static Eval replyWith(Object value) {
        return Eval.call(from -> CallResult.reply(value));
    }

    /**
     * Sends a call and waits for its answer: once this returns, everything queued before it has
     * been handled. Uses no timer, so it does not disturb {@link FakeTime#scheduledDelays()}.
     */
    static void flush(ConnectionRef<Object, Object> ref) {
        ref.call(replyWith("flushed"), WAIT);
    }

    /** The connection's loop thread, read from inside a callback. */
    static Thread loopThreadOf(ConnectionRef<Object, Object> ref) {
        return (Thread) ref.call(Eval.call(from -> CallResult.reply(Thread.currentThread())), WAIT);
    }

    /** Blocks the loop inside a cast until the gate is released; returns once the loop is held. */
    static Gate blockLoop(ConnectionRef<Object, Object> ref) {
        return blockLoop(ref, () -> { });
    }

    /** As {@link #blockLoop(ConnectionRef)}; {@code onRelease} runs on the loop right after release. */
    static Gate blockLoop(ConnectionRef<Object, Object> ref, Runnable onRelease) {
        Gate gate = new Gate();
        ref.cast(Eval.cast(() -> {
            gate.entered.countDown();
            if (awaitQuietly(gate.release)) {
                onRelease.run();
            }
            return CastResult.noReply();
        }));
        awaitLatch(gate.entered, "the loop to reach the gate");
        return gate;
    }

    /** Holds a connection's loop inside a callback until released (or until stop interrupts it). */
    static final class Gate implements AutoCloseable {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        void release() {
            release.countDown();
        }

        @Override
        public void close() {
            release();
        }
    }

    /** Waits for {@code latch} inside a callback; false if interrupted (stop interrupts callbacks). */
    static boolean awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Waits up to {@link #WAIT} for {@code latch} and fails the test if it does not open. */
    static void awaitLatch(CountDownLatch latch, String what) {
        try {
            assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "timed out waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** The value of {@code future}, waiting up to {@link #WAIT}. */
    static <T> T valueOf(Future<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a value, the future failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no value within " + WAIT, e);
        }
    }

    /** The exception {@code future} failed with (unwrapped), waiting up to {@link #WAIT}. */
    static Throwable failureOf(Future<?> future) {
        try {
            Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a failure, the future completed with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no outcome within " + WAIT, e);
        }
    }

    /**
     * What an asynchronous call that cannot be accepted produced: the exception it threw, or the
     * one its future failed with. Either is a clear error to the sender.
     */
    static Throwable rejectionOf(Supplier<? extends Future<?>> call) {
        Future<?> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            return e;
        }
        return failureOf(future);
    }

    /** Runs {@code body} on a new virtual thread; the future holds its outcome. */
    static <T> CompletableFuture<T> inThread(Callable<T> body) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread.ofVirtual().name("contractb-caller").start(() -> {
            try {
                outcome.complete(body.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        return outcome;
    }
}
