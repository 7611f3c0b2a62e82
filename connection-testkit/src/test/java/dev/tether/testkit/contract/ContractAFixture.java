package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.InfoResult;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.awaitility.core.ThrowingRunnable;

/**
 * Shared set-up of the contract tests of ResultTableTest, OrderingTest and CallbackFailureTest:
 * one {@link ScriptedConnection} on fake time, with its lifecycle events recorded. Every
 * connection a test starts is tracked, so {@link #assertAllStopped()} (an {@code @AfterEach})
 * fails a test that left one running, after stopping it so later tests start clean.
 */
final class ContractAFixture {

    /** How long any asynchronous condition may take before a test fails. */
    static final Duration WAIT = Duration.ofSeconds(5);

    final FakeTime time = new FakeTime();
    final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    final ScriptedConnection conn = new ScriptedConnection();
    private final List<ConnectionRef<Object, Object>> started = new CopyOnWriteArrayList<>();

    /** Options on fake time that record lifecycle events. */
    ConnectionOptions.Builder options() {
        return ConnectionOptions.builder().ticker(time).scheduler(time).listener(events::add);
    }

    ConnectionRef<Object, Object> start() {
        return start(options().build());
    }

    ConnectionRef<Object, Object> start(ConnectionOptions options) {
        ConnectionRef<Object, Object> ref = Tether.start(conn, options);
        started.add(ref);
        return ref;
    }

    /** Stops whatever a test left running, then fails the test for having left it. */
    void assertAllStopped() {
        List<String> leftRunning = new ArrayList<>();
        for (ConnectionRef<Object, Object> ref : started) {
            if (!ref.stopped().isDone()) {
                leftRunning.add(ref.name() + " (" + ref.state() + ")");
                ref.stop(StopReason.shutdown("test cleanup"), WAIT);
            }
        }
        assertEquals(List.of(), leftRunning, "the test did not stop every connection it started");
    }

    /** A round trip through the loop: once it returns, everything queued before it was handled. */
    static Object ping(ConnectionRef<Object, Object> ref) {
        return ref.call(Eval.call(from -> CallResult.reply("pong")));
    }

    /**
     * Sends an info {@link Eval} whose body runs only after {@code send} has returned. Use it when
     * the body may stop the process: the handle's send (LoopHandle) re-checks {@code closed} after
     * enqueueing, so a send whose message was already handled by a loop that then stopped throws
     * ConnectionStoppedException (a runtime bug reproduced by ResultTableTest).
     */
    static void sendInfo(ConnectionRef<Object, Object> ref, Supplier<InfoResult> body) {
        CountDownLatch sent = new CountDownLatch(1);
        ref.send(Eval.info(() -> {
            awaitLatch(sent);
            return body.get();
        }));
        sent.countDown();
    }

    /** As {@link #sendInfo}, for a cast. */
    static void castEval(ConnectionRef<Object, Object> ref, Supplier<CastResult> body) {
        CountDownLatch sent = new CountDownLatch(1);
        ref.cast(Eval.cast(() -> {
            awaitLatch(sent);
            return body.get();
        }));
        sent.countDown();
    }

    /** The journal (without mailboxDrained) becomes exactly {@code expected}. */
    void awaitCalls(String... expected) {
        eventually(() -> assertEquals(List.of(expected), conn.calls()));
    }

    /** The lifecycle events become exactly {@code expected}. */
    void awaitEvents(ConnectionEvent... expected) {
        eventually(() -> assertEquals(List.of(expected), events));
    }

    static void awaitState(ConnectionRef<?, ?> ref, ConnectionState expected) {
        eventually(() -> assertEquals(expected, ref.state()));
    }

    /** Waits until exactly {@code timers} fake timers are pending: the loop armed them. */
    void awaitTimers(int timers) {
        eventually(() -> assertEquals(timers, time.pendingTasks(), "pending fake timers"));
    }

    static void eventually(ThrowingRunnable assertion) {
        await().atMost(WAIT).untilAsserted(assertion);
    }

    /** The stop reason, once the connection has stopped. */
    static StopReason stopReason(ConnectionRef<?, ?> ref) {
        try {
            return ref.stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError(ref.name() + " did not stop within " + WAIT + " (" + ref.state() + ")", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("stopped() failed", e);
        }
    }

    /**
     * Blocks the calling callback until {@code latch} opens, at most {@link #WAIT}; true if it
     * opened. A test that forgets to open it fails instead of hanging.
     */
    static boolean awaitLatch(CountDownLatch latch) {
        try {
            return latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
