package dev.tether.testkit;

import static dev.tether.testkit.PipeConformance.CALL_TIMEOUT;
import static dev.tether.testkit.PipeConformance.WAIT;
import static dev.tether.testkit.PipeOutcomes.assertSettled;
import static dev.tether.testkit.PipeOutcomes.outcome;
import static dev.tether.testkit.PipeWaits.waitUpTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.PipeConformance.Seen;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The bodies of {@link PipeConformance}'s timeout cases: a late reply is dropped rather than
 * delivered to the next caller, and the stall check tears down a connection to a peer that went
 * silent (the one timing assertion of the suite). Each method runs the test of the same name
 * there, whose javadoc says what it holds the adapter to.
 *
 * @param <B> the adapter's request type
 */
final class PipeTimeoutCases<B extends Request<?>> {

    private final PipeConformance<B> suite;

    PipeTimeoutCases(PipeConformance<B> suite) {
        this.suite = suite;
    }

    void aLateReplyIsDroppedAndTheNextRequestGetsItsOwn() throws Exception {
        ChaosProxy proxy = suite.proxy();
        // A stall interval far beyond the delay: the late replies must be dropped, not cut off.
        Pipe<B> pipe = suite.startPipe(proxy.address(), Duration.ofSeconds(10), true);
        suite.assertOwnReply(suite.callSync(pipe, 0, CALL_TIMEOUT), "before the delay");
        int mark = suite.mark();
        proxy.delay(suite.replyDelay(), Direction.DOWNSTREAM);
        Duration shortTimeout = suite.replyDelay().dividedBy(6);

        assertEquals(Reason.TIMEOUT, suite.assertFailure(suite.callSync(pipe, 1, shortTimeout),
                "with a short timeout"));
        suite.assertOwnReply(suite.callSync(pipe, 2, CALL_TIMEOUT), "after a request that timed out (synchronous)");

        CompletableFuture<?> late = pipe.callAsync(suite.numbered(3), shortTimeout);
        assertEquals(Reason.TIMEOUT, suite.assertFailure(outcome(3, late), "with a short timeout (asynchronous)"));
        suite.assertOwnReply(outcome(4, pipe.callAsync(suite.numbered(4))),
                "after a request that timed out (asynchronous)");

        proxy.pass();
        suite.assertOwnReply(suite.callSync(pipe, 5, CALL_TIMEOUT), "once replies are on time again");
        assertTrue(suite.events().subList(mark, suite.events().size()).stream().noneMatch(
                s -> s.event() instanceof ConnectionEvent.Disconnected),
                "late replies cost the connection: " + suite.events());
        assertSettled(pipe, "after the late replies");
    }

    void aBlackholedPeerIsDetectedByTheStallCheckAndThePipeRecovers() throws Exception {
        ChaosProxy proxy = suite.proxy();
        Duration stall = suite.stallInterval();
        Pipe<B> pipe = suite.startPipe(proxy.address(), stall, true);
        suite.assertOwnReply(suite.callSync(pipe, 0, CALL_TIMEOUT), "before the blackhole");
        int mark = suite.mark();
        proxy.blackhole();
        Duration timeout = stall.plus(Duration.ofMillis(100));
        long sent = System.nanoTime();
        assertEquals(Reason.TIMEOUT, suite.assertFailure(suite.callSync(pipe, 1, timeout), "into the blackhole"));

        Duration bound = timeout.plus(stall.multipliedBy(2)).plus(suite.slack());
        Seen down = suite.awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance,
                "the stall check's Disconnected event", WAIT.plus(bound));
        Object info = ((ConnectionEvent.Disconnected) down.event()).info();
        assertTrue(info instanceof SocketTimeoutException, "the connection went down for another reason: " + info);
        long tookMillis = (down.nanos() - sent) / 1_000_000;
        assertTrue(tookMillis <= bound.toMillis(), "the stall check took " + tookMillis + " ms; bound " + bound);

        // No request is sent before the blackhole ends: bytes it swallowed are gone for good.
        proxy.pass();
        suite.awaitRecovered(pipe, 2);
        waitUpTo(WAIT).until(pipe::state, s -> s == ConnectionState.CONNECTED);
        assertSettled(pipe, "after recovering");
    }
}
