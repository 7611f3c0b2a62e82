package dev.tether.testkit;

import dev.tether.connection.ConnectionEvent;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conformance tests for a request/reply adapter built on the {@link Pipe} layer (a codec, its
 * requests and the pipe's settings), run against the adapter's real server: an adapter's test
 * class extends this one and says how to start its server, how to build its pipe, and which
 * request the server answers with a reply derived from a number. Every case then holds the
 * adapter to the pipe's delivery contract, with the test kit's {@link ChaosProxy} between pipe and
 * server where the network has to misbehave.
 *
 * <pre>{@code
 * class LineClientConformanceTest extends PipeConformance<LineClient.Line> {
 *     protected ConformancePeer startPeer() throws IOException { ... a LineServer on loopback ... }
 *     protected Pipe.Builder<LineClient.Line> newPipe(SocketOptions socket) {
 *         return LineClient.builder(socket);                  // codec and error translator set
 *     }
 *     protected Request<?> numbered(int n) { return new LineClient.Line("ECHO n-" + n); }
 *     protected Object expectedReply(int n) { return "n-" + n; }
 *     protected Reason reasonOf(Throwable error) {           // only if it translates PipeException
 *         return error instanceof LineClientException e ? Reason.valueOf(e.reason().name()) : null;
 *     }
 * }
 * }</pre>
 *
 * <h2>The cases</h2>
 * <ul>
 *   <li><b>Order under pipelining</b>: 2,000 requests from 16 threads at once, asynchronous (and,
 *       in a second case, synchronous and asynchronous mixed), each answered with its own reply.</li>
 *   <li><b>CLOSED versus DISCONNECTED</b>: requests written and unanswered when the connection is
 *       cut fail with {@link Reason#DISCONNECTED}; requests made while nothing listens fail with
 *       {@link Reason#CLOSED}; under load with repeated cuts, every request gets its own reply,
 *       CLOSED or DISCONNECTED, nothing else, and every future completes exactly once.</li>
 *   <li><b>A late reply is dropped</b>: with the proxy delaying the server's replies, a request
 *       with a short timeout fails with {@link Reason#TIMEOUT}, and the next one gets its own reply,
 *       not the late one; the connection stays up.</li>
 *   <li><b>The stall check</b>: with the proxy swallowing every byte (a half-open peer), the pipe
 *       tears the connection down within the deadline plus two stall intervals (the grace and the
 *       check period) plus {@link #slack()}, and recovers once the proxy passes bytes again.</li>
 *   <li><b>Lifecycle</b>: it reconnects after the server restarts; {@link Pipe#close()} fails
 *       every waiting caller with {@link Reason#STOPPED}, also while a connect hangs, and returns
 *       promptly; 100 cut-and-reconnect cycles leak no loop, reader or socket.</li>
 * </ul>
 *
 * <h2>Extension points</h2>
 * <ul>
 *   <li>{@link #startPeer()} (required): the real server, on loopback, restartable on the same
 *       port; the suite starts one per test and closes it afterwards.</li>
 *   <li>{@link #newPipe(SocketOptions)} (required): the adapter's pipe builder with its codec and
 *       whatever the adapter always sets (handshake, error translator, push listener...). Leave
 *       {@code connection(...)} and {@code stallInterval(...)} unset: the suite sets them, and a
 *       builder option may be set only once.</li>
 *   <li>{@link #numbered(int)} and {@link #expectedReply(int)} (required): a request whose reply
 *       the server derives from {@code n} (an echo, a get of a key holding {@code n}, an opaque
 *       token), so that a reply delivered to the wrong caller is caught. The same {@code n} must
 *       encode to the same bytes each time (the suite measures what a batch writes), and sending it
 *       again must not change its reply. {@link #isReplyTo(int, Object)} compares; override it for
 *       replies without a useful {@code equals}.</li>
 *   <li>{@link #reasonOf(Throwable)}: for an adapter whose error translator turns
 *       {@link PipeException} into its own exception, the pipe reason that exception stands for.</li>
 *   <li>{@link #prepare(Pipe)}: runs once a test's pipe is connected, before any numbered request
 *       (to store the values the numbered requests read back, say).</li>
 *   <li>{@link #socket(InetSocketAddress)}: the socket options (to add TLS, a connect timeout).</li>
 *   <li>{@link #stallInterval()}, {@link #replyDelay()}, {@link #slack()}: the timings, should an
 *       adapter's server need longer ones.</li>
 * </ul>
 * Helpers for an adapter's own cases are protected: {@link #startPipe}, {@link #proxy()},
 * {@link #peer()}, {@link #events()}, {@link #awaitRecovered}, {@link #outcome}.
 *
 * <h2>How it runs</h2>
 * It needs JUnit Jupiter and Awaitility on the test class path (optional dependencies of the test
 * kit, as for {@link ConnectionConformance}). Each case starts its own server, proxies and pipe.
 * Waits are on conditions (Awaitility, polling every few milliseconds) with generous upper
 * bounds, never sleeps; the only timing assertion is the stall check's upper bound.
 * {@link LeakCheckExtension} checks every test, after the suite has closed the pipes, proxies and
 * peer the test opened. Each case takes well under two seconds for an adapter that conforms (the
 * 100 reconnects a few seconds).
 *
 * @param <B> the adapter's request type, as its codec declares it
 */
@ExtendWith(LeakCheckExtension.class)
public abstract class PipeConformance<B extends Request<?>> {

    /** The longest any expected outcome may take to show up. */
    protected static final Duration WAIT = Duration.ofSeconds(10);
    /** The call timeout of the suite's pipes: long enough that no case times out by accident. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private PipeRig<B> rig;

    /**
     * One lifecycle event of a pipe this test started.
     *
     * @param nanos {@link System#nanoTime()} when it came
     * @param event the event
     */
    protected record Seen(long nanos, ConnectionEvent event) {
        @Override
        public String toString() {
            return event.toString();
        }
    }

    /**
     * What one request came to: its reply, or what it failed with (unwrapped from the future).
     *
     * @param n the number of the request
     * @param reply the reply, when {@code error} is null
     * @param error the failure, or null
     */
    protected record Outcome(int n, Object reply, Throwable error) {
    }

    // ---------------------------------------------------------------- extension points

    /** Starts the adapter's real server on loopback for one test; the suite closes it afterwards. */
    protected abstract ConformancePeer startPeer() throws Exception;

    /**
     * The adapter's pipe builder for {@code socket}, with its codec and everything the adapter
     * always sets, but neither {@code connection} nor {@code stallInterval}: the suite sets those.
     * Leave {@code holdQueue} at 0 and {@code earlyConnect} on (the defaults): the suite expects a
     * request made while nothing listens to fail fast with CLOSED.
     */
    protected abstract Pipe.Builder<B> newPipe(SocketOptions socket);

    /** A request the server answers with a reply derived from {@code n}; the same bytes every time. */
    protected abstract Request<?> numbered(int n);

    /** The reply the server gives to {@link #numbered(int) numbered(n)}, as the caller receives it. */
    protected abstract Object expectedReply(int n);

    /** Whether {@code reply} answers {@code numbered(n)}; default {@code Objects.deepEquals} with the expected one. */
    protected boolean isReplyTo(int n, Object reply) {
        return Objects.deepEquals(expectedReply(n), reply);
    }

    /**
     * The pipe reason {@code error} stands for, or null if it is no connection failure (then the
     * case fails with it). Default: the reason of a {@link PipeException}; an adapter with an error
     * translator maps its own exception back.
     */
    protected Reason reasonOf(Throwable error) {
        return error instanceof PipeException e ? e.reason() : null;
    }

    /** Runs once a test's pipe is connected, before any numbered request; default nothing. */
    protected void prepare(Pipe<B> pipe) throws Exception {
    }

    /** The socket options for a server at {@code address}; default plain TCP with a 2 s connect timeout. */
    protected SocketOptions socket(InetSocketAddress address) {
        return SocketOptions.tcp(address.getHostString(), address.getPort()).withConnectTimeout(Duration.ofSeconds(2));
    }

    /** The stall interval of the stall-check case (the other cases use longer ones); default 200 ms. */
    protected Duration stallInterval() {
        return Duration.ofMillis(200);
    }

    /** How long the proxy holds each reply in the late-reply case; default 300 ms. */
    protected Duration replyDelay() {
        return Duration.ofMillis(300);
    }

    /** What an upper bound on an event allows beyond the pipe's own timings; default 3 s. */
    protected Duration slack() {
        return Duration.ofSeconds(3);
    }

    // ---------------------------------------------------------------- fixture and helpers

    /** Starts this test's server through {@link #startPeer()}; JUnit calls it before each case. */
    @BeforeEach
    protected final void startThePeer() throws Exception {
        rig = PipeRig.open(this);
    }

    /** Closes the pipes, then the proxies, then the peer; throws the first failure, others suppressed. */
    @AfterEach
    protected final void closeWhatTheTestOpened() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** This test's server. */
    protected final ConformancePeer peer() {
        return rig.peer();
    }

    /** Every lifecycle event of the pipes this test started, in order. */
    protected final List<Seen> events() {
        return rig.events().all();
    }

    /** A chaos proxy in front of the peer, closed when the test ends. */
    protected final ChaosProxy proxy() throws Exception {
        return rig.proxyOn(0);
    }

    /**
     * Starts a pipe to {@code address} through {@link #newPipe}, with a fast backoff
     * (exponential, 10 ms to 100 ms), the suite's call timeout, a listener feeding
     * {@link #events()} and {@code stallInterval}; closed (and waited for) when the test ends.
     * Unless {@code connected} is false it returns once connected and {@link #prepare prepared}.
     */
    protected final Pipe<B> startPipe(InetSocketAddress address, Duration stallInterval, boolean connected)
            throws Exception {
        return startPipe(socket(address), stallInterval, connected);
    }

    /** As {@link #startPipe(InetSocketAddress, Duration, boolean)}, with socket options of the caller's. */
    protected final Pipe<B> startPipe(SocketOptions socket, Duration stallInterval, boolean connected)
            throws Exception {
        return rig.startPipe(socket, stallInterval, connected);
    }

    /** An Awaitility condition factory polling every few milliseconds, on the calling thread. */
    protected static ConditionFactory waitUpTo(Duration atMost) {
        return PipeWaits.waitUpTo(atMost);
    }

    /** The index the next event will get. */
    protected final int mark() {
        return rig.events().mark();
    }

    /** Waits (up to {@code atMost}) for an event at or after {@code from} that matches; returns it. */
    protected final Seen awaitEvent(int from, Predicate<ConnectionEvent> match, String what, Duration atMost) {
        return rig.events().await(from, match, what, atMost);
    }

    /** Sends {@code numbered(n)} and waits for what it came to. */
    protected final Outcome callSync(Pipe<B> pipe, int n, Duration timeout) {
        return rig.outcomes().callSync(pipe, n, timeout);
    }

    /** What {@code future} of {@code numbered(n)} came to; fails the test if it is not complete within {@link #WAIT}. */
    protected final Outcome outcome(int n, CompletableFuture<?> future) {
        return PipeOutcomes.outcome(n, future);
    }

    /** Fails unless {@code o} is the reply to its own request. */
    protected final void assertOwnReply(Outcome o, String when) {
        rig.outcomes().assertOwnReply(o, when);
    }

    /** The pipe reason of {@code o}'s failure; fails if it succeeded or failed with something else. */
    protected final Reason assertFailure(Outcome o, String when) {
        return rig.outcomes().assertFailure(o, when);
    }

    /**
     * Waits until {@code numbered(n)} succeeds; a connection failure meanwhile is retried, a wrong
     * reply fails at once.
     */
    protected final void awaitRecovered(Pipe<B> pipe, int n) {
        rig.outcomes().awaitRecovered(pipe, n);
    }

    // The bodies of the cases below are in PipeOrderCases, PipeCutCases, PipeTimeoutCases and
    // PipeLifecycleCases, one class per section; the javadoc here is what they check.
    // ---------------------------------------------------------------- order

    /**
     * 2,000 asynchronous requests from 16 threads at once over one pipe: every future completes
     * with the reply to its own request.
     */
    @Test
    @Timeout(60)
    public void everyAsyncReplyReachesItsOwnCallerUnderPipelining() throws Exception {
        new PipeOrderCases<>(this, rig).everyAsyncReplyReachesItsOwnCallerUnderPipelining();
    }

    /**
     * As {@link #everyAsyncReplyReachesItsOwnCallerUnderPipelining}, with every other request
     * synchronous: callers that read their own replies and callers that leave reading to others
     * share one connection.
     */
    @Test
    @Timeout(60)
    public void syncAndAsyncCallersSharingThePipeEachGetTheirOwnReply() throws Exception {
        new PipeOrderCases<>(this, rig).syncAndAsyncCallersSharingThePipeEachGetTheirOwnReply();
    }

    // ---------------------------------------------------------------- CLOSED versus DISCONNECTED

    /**
     * Requests written and unanswered (the proxy swallows the replies) when the connection is cut
     * fail with DISCONNECTED; requests made while nothing listens fail with CLOSED, synchronous
     * and asynchronous alike; once a listener is back the pipe reconnects by itself.
     */
    @Test
    @Timeout(60)
    public void inFlightRequestsFailDisconnectedAndRequestsWhileDownFailClosed() throws Exception {
        new PipeCutCases<>(this, rig).inFlightRequestsFailDisconnectedAndRequestsWhileDownFailClosed();
    }

    /**
     * Eight threads call without pause while the proxy resets the connection three times: every
     * request gets its own reply or fails with CLOSED or DISCONNECTED, nothing else, every future
     * completes exactly once, and none is left unfinished.
     */
    @Test
    @Timeout(60)
    public void underLoadACutFailsRequestsOnlyClosedOrDisconnected() throws Exception {
        new PipeCutCases<>(this, rig).underLoadACutFailsRequestsOnlyClosedOrDisconnected();
    }

    // ---------------------------------------------------------------- late replies and the stall check

    /**
     * With the proxy delaying every reply by {@link #replyDelay()}, a request with a much shorter
     * timeout fails with TIMEOUT and the next request gets its own reply, not the late one; for a
     * synchronous and an asynchronous caller. A late reply does not cost the connection.
     */
    @Test
    @Timeout(60)
    public void aLateReplyIsDroppedAndTheNextRequestGetsItsOwn() throws Exception {
        new PipeTimeoutCases<>(this).aLateReplyIsDroppedAndTheNextRequestGetsItsOwn();
    }

    /**
     * With the proxy swallowing every byte both ways while the connection stays open (a half-open
     * peer), a request times out and the stall check tears the connection down within the
     * deadline, the stall interval (its grace) and one more (its period) plus {@link #slack()}; once
     * the proxy passes bytes again the pipe works.
     */
    @Test
    @Timeout(60)
    public void aBlackholedPeerIsDetectedByTheStallCheckAndThePipeRecovers() throws Exception {
        new PipeTimeoutCases<>(this).aBlackholedPeerIsDetectedByTheStallCheckAndThePipeRecovers();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * The server stops (connects refused, connections closed by the server) and starts again on
     * the same port: the pipe notices, fails requests meanwhile with CLOSED, and reconnects by
     * itself.
     */
    @Test
    @Timeout(60)
    public void reconnectsAfterTheServerRestarts() throws Exception {
        new PipeLifecycleCases<>(this, rig).reconnectsAfterTheServerRestarts();
    }

    /**
     * {@link Pipe#close()} with a synchronous and an asynchronous caller waiting for replies the
     * proxy swallows: both fail with STOPPED, {@code stopped()} completes, and a request after the
     * close fails with STOPPED too.
     */
    @Test
    @Timeout(60)
    public void closeFailsWaitingCallersWithStopped() throws Exception {
        new PipeLifecycleCases<>(this, rig).closeFailsWaitingCallersWithStopped();
    }

    /**
     * {@link Pipe#close()} while the connect hangs on a listener that never accepts returns
     * promptly (well under the connect timeout) and fails a request waiting for that connect with
     * STOPPED.
     */
    @Test
    @Timeout(60)
    public void closeWhileConnectHangsReturnsPromptly() throws Exception {
        new PipeLifecycleCases<>(this, rig).closeWhileConnectHangsReturnsPromptly();
    }

    /**
     * 100 times: the proxy resets the connection, requests fail until the pipe has reconnected,
     * then succeed.
     * Afterwards it holds no more loops, readers or sockets than after its first connect.
     */
    @Test
    @Timeout(120)
    public void noLeakAfter100ReconnectCycles() throws Exception {
        new PipeLifecycleCases<>(this, rig).noLeakAfter100ReconnectCycles();
    }
}
