package dev.tether.testkit;

import static dev.tether.testkit.PipeConformance.CALL_TIMEOUT;
import static dev.tether.testkit.PipeConformance.WAIT;
import static dev.tether.testkit.PipeOutcomes.assertSettled;
import static dev.tether.testkit.PipeOutcomes.outcome;
import static dev.tether.testkit.PipeOutcomes.upstreamBytes;
import static dev.tether.testkit.PipeWaits.join;
import static dev.tether.testkit.PipeWaits.waitUpTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.PipeConformance.Outcome;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bodies of {@link PipeConformance}'s lifecycle cases: reconnecting after the server restarts,
 * {@link Pipe#close()} with callers waiting or a connect hanging, and no leak after 100 reconnects.
 * Each method runs the test of the same name there, whose javadoc says what it holds the adapter
 * to.
 *
 * @param <B> the adapter's request type
 */
final class PipeLifecycleCases<B extends Request<?>> {

    private final PipeConformance<B> suite;
    private final PipeRig<B> rig;

    PipeLifecycleCases(PipeConformance<B> suite, PipeRig<B> rig) {
        this.suite = suite;
        this.rig = rig;
    }

    void reconnectsAfterTheServerRestarts() throws Exception {
        Pipe<B> pipe = suite.startPipe(suite.peer().address(), suite.stallInterval(), true);
        suite.assertOwnReply(suite.callSync(pipe, 0, CALL_TIMEOUT), "before the restart");
        int mark = suite.mark();
        suite.peer().stop();
        suite.awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected after the server stopped",
                WAIT);
        assertEquals(Reason.CLOSED, suite.assertFailure(suite.callSync(pipe, 1, CALL_TIMEOUT),
                "while the server was down"));
        suite.peer().start();
        suite.awaitRecovered(pipe, 2);
        suite.awaitEvent(mark, ConnectionEvent.Connected.class::isInstance, "Connected after the restart", WAIT);
        mark = suite.mark();
        suite.peer().restart();
        suite.awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected after a quick restart",
                WAIT);
        suite.awaitRecovered(pipe, 3);
        assertSettled(pipe, "after the restarts");
    }

    void closeFailsWaitingCallersWithStopped() throws Exception {
        ChaosProxy proxy = suite.proxy();
        Pipe<B> pipe = suite.startPipe(proxy.address(), Duration.ofSeconds(10), true);
        long bytes = rig.outcomes().measure(pipe, proxy, 1, 2);
        proxy.blackhole(Direction.DOWNSTREAM);
        long before = upstreamBytes(proxy);
        CompletableFuture<Outcome> sync = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().daemon().name("pipe-conformance-sync-caller")
                .start(() -> sync.complete(suite.callSync(pipe, 1, Duration.ofSeconds(30))));
        CompletableFuture<?> async = pipe.callAsync(suite.numbered(2), Duration.ofSeconds(30));
        waitUpTo(WAIT).alias("both requests written").until(() -> upstreamBytes(proxy) - before >= bytes);

        pipe.close();
        assertEquals(Reason.STOPPED, suite.assertFailure(sync.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "waiting when the pipe closed (synchronous)"));
        assertEquals(Reason.STOPPED, suite.assertFailure(outcome(2, async),
                "waiting when the pipe closed (asynchronous)"));
        caller.join(WAIT);
        pipe.stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(ConnectionState.STOPPED, pipe.state());
        assertEquals(Reason.STOPPED, suite.assertFailure(suite.callSync(pipe, 3, CALL_TIMEOUT), "after the close"));
        assertEquals(Reason.STOPPED, suite.assertFailure(outcome(4, pipe.callAsync(suite.numbered(4))),
                "after the close"));
        assertEquals(0, pipe.unfinished(), "unfinished requests after the close");
    }

    void closeWhileConnectHangsReturnsPromptly() throws Exception {
        ConformanceBlackhole hole = ConformanceBlackhole.open();
        rig.closeAtEnd(hole);
        Pipe<B> pipe = suite.startPipe(suite.socket(hole.address()).withConnectTimeout(Duration.ofSeconds(30)),
                suite.stallInterval(), false);
        waitUpTo(WAIT).until(pipe::state, s -> s == ConnectionState.CONNECTING);
        CompletableFuture<?> waiting = pipe.callAsync(suite.numbered(1), Duration.ofSeconds(30));

        long started = System.nanoTime();
        pipe.close();
        pipe.stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 5_000, "close took " + tookMillis + " ms while a connect (timeout 30 s) hung");
        assertEquals(Reason.STOPPED, suite.assertFailure(outcome(1, waiting), "waiting for a connect that hung"));
    }

    void noLeakAfter100ReconnectCycles() throws Exception {
        ChaosProxy proxy = suite.proxy();
        Pipe<B> pipe = suite.startPipe(proxy.address(), suite.stallInterval(), true);
        suite.assertOwnReply(suite.callSync(pipe, 0, CALL_TIMEOUT), "before the first cut");
        LeakCheck.Baseline connected = LeakCheck.baseline();
        for (int cycle = 1; cycle <= 100; cycle++) {
            int mark = suite.mark();
            int c = cycle;
            waitUpTo(WAIT).alias("a connection to cut (cycle " + c + ")").until(() -> proxy.cutWithReset() >= 1);
            // Requests at once: the first finds the reset connection (an idle pipe would only
            // notice at its next stall check), the next ones the new connection.
            suite.awaitRecovered(pipe, cycle);
            suite.awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected in cycle " + cycle,
                    WAIT);
        }
        connected.assertNoLeaks(Duration.ofSeconds(5));
        assertEquals(ConnectionState.CONNECTED, pipe.state());
        assertSettled(pipe, "after 100 reconnects");
    }
}
