package dev.tether.testkit;

import static dev.tether.testkit.PipeOutcomes.assertSettled;
import static dev.tether.testkit.PipeOutcomes.describe;
import static dev.tether.testkit.PipeOutcomes.upstreamBytes;
import static dev.tether.testkit.PipeWaits.awaitQuietly;
import static dev.tether.testkit.PipeWaits.join;
import static dev.tether.testkit.PipeWaits.startThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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

    private static final int ORDER_REQUESTS = 2_000;
    private static final int ORDER_THREADS = 16;
    private static final Set<Reason> CUT_OUTCOMES = EnumSet.of(Reason.CLOSED, Reason.DISCONNECTED);

    private PipeRig<B> rig;
    private PipeOutcomes<B> outcomes;

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
        outcomes = new PipeOutcomes<>(this, rig.events());
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
        return outcomes.callSync(pipe, n, timeout);
    }

    /** What {@code future} of {@code numbered(n)} came to; fails the test if it is not complete within {@link #WAIT}. */
    protected final Outcome outcome(int n, CompletableFuture<?> future) {
        return PipeOutcomes.outcome(n, future);
    }

    /** Fails unless {@code o} is the reply to its own request. */
    protected final void assertOwnReply(Outcome o, String when) {
        outcomes.assertOwnReply(o, when);
    }

    /** The pipe reason of {@code o}'s failure; fails if it succeeded or failed with something else. */
    protected final Reason assertFailure(Outcome o, String when) {
        return outcomes.assertFailure(o, when);
    }

    /**
     * Waits until {@code numbered(n)} succeeds; a connection failure meanwhile is retried, a wrong
     * reply fails at once.
     */
    protected final void awaitRecovered(Pipe<B> pipe, int n) {
        outcomes.awaitRecovered(pipe, n);
    }

    // ---------------------------------------------------------------- order

    /**
     * 2,000 asynchronous requests from 16 threads at once over one pipe: every future completes
     * with the reply to its own request.
     */
    @Test
    @Timeout(60)
    public void everyAsyncReplyReachesItsOwnCallerUnderPipelining() throws Exception {
        Pipe<B> pipe = startPipe(peer().address(), Duration.ofSeconds(5), true);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[ORDER_REQUESTS];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = startThreads("pipe-conformance-async", ORDER_THREADS, t -> () -> {
            awaitQuietly(go);
            for (int n = t; n < ORDER_REQUESTS; n += ORDER_THREADS) {
                futures[n] = pipe.callAsync(numbered(n));
            }
        });
        go.countDown(); // the threads waited at the gate, so that they send at once
        join(threads); // which also publishes the futures
        outcomes.assertOwnReplies(futures);
        assertSettled(pipe, "after every reply came");
    }

    /**
     * As {@link #everyAsyncReplyReachesItsOwnCallerUnderPipelining}, with every other request
     * synchronous: callers that read their own replies and callers that leave reading to others
     * share one connection.
     */
    @Test
    @Timeout(60)
    public void syncAndAsyncCallersSharingThePipeEachGetTheirOwnReply() throws Exception {
        Pipe<B> pipe = startPipe(peer().address(), Duration.ofSeconds(5), true);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[ORDER_REQUESTS];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = startThreads("pipe-conformance-mixed", ORDER_THREADS, t -> () -> {
            awaitQuietly(go);
            for (int n = t; n < ORDER_REQUESTS; n += ORDER_THREADS) {
                if ((n / ORDER_THREADS) % 2 == 0) {
                    futures[n] = pipe.callAsync(numbered(n));
                } else {
                    Outcome o = callSync(pipe, n, CALL_TIMEOUT);
                    futures[n] = o.error() == null ? CompletableFuture.completedFuture(o.reply())
                            : CompletableFuture.failedFuture(o.error());
                }
            }
        });
        go.countDown();
        join(threads);
        outcomes.assertOwnReplies(futures);
        assertSettled(pipe, "after every reply came");
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
        ChaosProxy proxy = proxy();
        int port = proxy.port();
        Pipe<B> pipe = startPipe(proxy.address(), stallInterval(), true);
        int batch = 50;
        long batchBytes = outcomes.measure(pipe, proxy, 0, batch);

        // The same requests again, with the replies swallowed: once the proxy has read all their
        // bytes, every one of them is written and unanswered.
        proxy.blackhole(Direction.DOWNSTREAM);
        long before = upstreamBytes(proxy);
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int n = 0; n < batch; n++) {
            inFlight.add(pipe.callAsync(numbered(n)));
        }
        waitUpTo(WAIT).alias("the proxy to read the " + batch + " requests (" + batchBytes + " bytes)")
                .until(() -> upstreamBytes(proxy) - before >= batchBytes);
        assertTrue(inFlight.stream().noneMatch(CompletableFuture::isDone),
                "a request completed although its reply was swallowed");

        int mark = mark();
        proxy.close(); // stops listening, then closes every connection: the cut
        for (int n = 0; n < batch; n++) {
            assertEquals(Reason.DISCONNECTED, assertFailure(outcome(n, inFlight.get(n)), "in flight at the cut"),
                    "request " + n + " was in flight when the connection was cut");
        }
        awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "a Disconnected event", WAIT);

        // Nothing listens now: synchronous and asynchronous requests from several threads, each
        // CLOSED (an early connect may be tried for it, and is refused).
        List<Outcome> whileDown = new CopyOnWriteArrayList<>();
        join(startThreads("pipe-conformance-down", 4, t -> () -> {
            for (int i = 0; i < 10; i++) {
                int n = batch + t * 10 + i;
                whileDown.add(i % 2 == 0 ? callSync(pipe, n, CALL_TIMEOUT) : outcome(n, pipe.callAsync(numbered(n))));
            }
        }));
        for (Outcome o : whileDown) {
            assertEquals(Reason.CLOSED, assertFailure(o, "while nothing listened"),
                    "request " + o.n() + " was made while nothing listened");
        }
        assertTrue(pipe.state() != ConnectionState.CONNECTED, "connected while nothing listens: " + pipe);

        rig.proxyOn(port); // a listener on the same port again, passing bytes
        awaitRecovered(pipe, 0);
        assertSettled(pipe, "after the outage");
    }

    /**
     * Eight threads call without pause while the proxy resets the connection three times: every
     * request gets its own reply or fails with CLOSED or DISCONNECTED, nothing else, every future
     * completes exactly once, and none is left unfinished.
     */
    @Test
    @Timeout(60)
    public void underLoadACutFailsRequestsOnlyClosedOrDisconnected() throws Exception {
        ChaosProxy proxy = proxy();
        Pipe<B> pipe = startPipe(proxy.address(), stallInterval(), true);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        AtomicLong successes = new AtomicLong();
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<Integer, AtomicInteger> completions = new ConcurrentHashMap<>();
        List<Throwable> broken = new CopyOnWriteArrayList<>();
        Thread[] workers = startThreads("pipe-conformance-load", 8, t -> () -> {
            try {
                while (running.get()) {
                    List<Outcome> mine = t % 2 == 0 ? List.of(callSync(pipe, next.getAndIncrement(), CALL_TIMEOUT))
                            : asyncRound(pipe, next, completions);
                    successes.addAndGet(mine.stream().filter(o -> o.error() == null).count());
                    outcomes.addAll(mine);
                }
            } catch (Throwable e) {
                broken.add(e);
            }
        });
        try {
            for (int cut = 1; cut <= 3; cut++) {
                assertTrue(broken.isEmpty(), "a caller broke: " + broken);
                long before = successes.get();
                waitUpTo(WAIT).alias("20 successes before cut " + cut).until(() -> successes.get() >= before + 20);
                int mark = mark();
                waitUpTo(WAIT).alias("a connection to cut (cut " + cut + ")").until(() -> proxy.cutWithReset() >= 1);
                awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected after cut " + cut, WAIT);
            }
            long before = successes.get();
            waitUpTo(WAIT).alias("20 successes after the last cut").until(() -> successes.get() >= before + 20);
        } finally {
            running.set(false);
            join(workers);
        }
        if (!broken.isEmpty()) {
            throw new AssertionError("a caller broke: " + broken.get(0), broken.get(0));
        }

        List<String> wrong = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.error() == null ? !isReplyTo(o.n(), o.reply()) : !CUT_OUTCOMES.contains(reasonOf(o.error()))) {
                wrong.add(o.n() + " -> " + (o.error() != null ? o.error() : describe(o.reply())));
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + outcomes.size() + " requests got neither their own reply"
                + " nor CLOSED nor DISCONNECTED: " + wrong.stream().limit(10).collect(Collectors.joining("; ")));
        // Dependent stages run on the completion executor: wait for each to have run, then count.
        waitUpTo(WAIT).alias("every future's completion callback").until(
                () -> completions.values().stream().allMatch(c -> c.get() >= 1));
        completions.forEach((n, count) -> assertEquals(1, count.get(), "the future of request " + n
                + " completed " + count.get() + " times"));
        assertSettled(pipe, "after the cuts");
    }

    /** Four asynchronous requests at once, counting how often each future completes. */
    private List<Outcome> asyncRound(Pipe<B> pipe, AtomicInteger next, ConcurrentHashMap<Integer, AtomicInteger> completions) {
        List<Integer> ns = new ArrayList<>();
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = next.getAndIncrement();
            AtomicInteger count = completions.computeIfAbsent(n, k -> new AtomicInteger());
            CompletableFuture<?> future = pipe.callAsync(numbered(n));
            future.whenComplete((r, e) -> count.incrementAndGet());
            ns.add(n);
            futures.add(future);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < ns.size(); i++) {
            outcomes.add(outcome(ns.get(i), futures.get(i)));
        }
        return outcomes;
    }

    // ---------------------------------------------------------------- late replies

    /**
     * With the proxy delaying every reply by {@link #replyDelay()}, a request with a much shorter
     * timeout fails with TIMEOUT and the next request gets its own reply, not the late one; for a
     * synchronous and an asynchronous caller. A late reply does not cost the connection.
     */
    @Test
    @Timeout(60)
    public void aLateReplyIsDroppedAndTheNextRequestGetsItsOwn() throws Exception {
        ChaosProxy proxy = proxy();
        // A stall interval far beyond the delay: the late replies must be dropped, not cut off.
        Pipe<B> pipe = startPipe(proxy.address(), Duration.ofSeconds(10), true);
        assertOwnReply(callSync(pipe, 0, CALL_TIMEOUT), "before the delay");
        int mark = mark();
        proxy.delay(replyDelay(), Direction.DOWNSTREAM);
        Duration shortTimeout = replyDelay().dividedBy(6);

        assertEquals(Reason.TIMEOUT, assertFailure(callSync(pipe, 1, shortTimeout), "with a short timeout"));
        assertOwnReply(callSync(pipe, 2, CALL_TIMEOUT), "after a request that timed out (synchronous)");

        CompletableFuture<?> late = pipe.callAsync(numbered(3), shortTimeout);
        assertEquals(Reason.TIMEOUT, assertFailure(outcome(3, late), "with a short timeout (asynchronous)"));
        assertOwnReply(outcome(4, pipe.callAsync(numbered(4))), "after a request that timed out (asynchronous)");

        proxy.pass();
        assertOwnReply(callSync(pipe, 5, CALL_TIMEOUT), "once replies are on time again");
        assertTrue(events().subList(mark, events().size()).stream().noneMatch(
                s -> s.event() instanceof ConnectionEvent.Disconnected), "late replies cost the connection: " + events());
        assertSettled(pipe, "after the late replies");
    }

    // ---------------------------------------------------------------- the stall check

    /**
     * With the proxy swallowing every byte both ways while the connection stays open (a half-open
     * peer), a request times out and the stall check tears the connection down within the
     * deadline, the stall interval (its grace) and one more (its period) plus {@link #slack()}; once
     * the proxy passes bytes again the pipe works.
     */
    @Test
    @Timeout(60)
    public void aBlackholedPeerIsDetectedByTheStallCheckAndThePipeRecovers() throws Exception {
        ChaosProxy proxy = proxy();
        Duration stall = stallInterval();
        Pipe<B> pipe = startPipe(proxy.address(), stall, true);
        assertOwnReply(callSync(pipe, 0, CALL_TIMEOUT), "before the blackhole");
        int mark = mark();
        proxy.blackhole();
        Duration timeout = stall.plus(Duration.ofMillis(100));
        long sent = System.nanoTime();
        assertEquals(Reason.TIMEOUT, assertFailure(callSync(pipe, 1, timeout), "into the blackhole"));

        Duration bound = timeout.plus(stall.multipliedBy(2)).plus(slack());
        Seen down = awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance,
                "the stall check's Disconnected event", WAIT.plus(bound));
        Object info = ((ConnectionEvent.Disconnected) down.event()).info();
        assertTrue(info instanceof SocketTimeoutException, "the connection went down for another reason: " + info);
        long tookMillis = (down.nanos() - sent) / 1_000_000;
        assertTrue(tookMillis <= bound.toMillis(), "the stall check took " + tookMillis + " ms; bound " + bound);

        // No request is sent before the blackhole ends: bytes it swallowed are gone for good.
        proxy.pass();
        awaitRecovered(pipe, 2);
        waitUpTo(WAIT).until(pipe::state, s -> s == ConnectionState.CONNECTED);
        assertSettled(pipe, "after recovering");
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
        Pipe<B> pipe = startPipe(peer().address(), stallInterval(), true);
        assertOwnReply(callSync(pipe, 0, CALL_TIMEOUT), "before the restart");
        int mark = mark();
        peer().stop();
        awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected after the server stopped",
                WAIT);
        assertEquals(Reason.CLOSED, assertFailure(callSync(pipe, 1, CALL_TIMEOUT), "while the server was down"));
        peer().start();
        awaitRecovered(pipe, 2);
        awaitEvent(mark, ConnectionEvent.Connected.class::isInstance, "Connected after the restart", WAIT);
        mark = mark();
        peer().restart();
        awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected after a quick restart", WAIT);
        awaitRecovered(pipe, 3);
        assertSettled(pipe, "after the restarts");
    }

    /**
     * {@link Pipe#close()} with a synchronous and an asynchronous caller waiting for replies the
     * proxy swallows: both fail with STOPPED, {@code stopped()} completes, and a request after the
     * close fails with STOPPED too.
     */
    @Test
    @Timeout(60)
    public void closeFailsWaitingCallersWithStopped() throws Exception {
        ChaosProxy proxy = proxy();
        Pipe<B> pipe = startPipe(proxy.address(), Duration.ofSeconds(10), true);
        long bytes = outcomes.measure(pipe, proxy, 1, 2);
        proxy.blackhole(Direction.DOWNSTREAM);
        long before = upstreamBytes(proxy);
        CompletableFuture<Outcome> sync = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().daemon().name("pipe-conformance-sync-caller")
                .start(() -> sync.complete(callSync(pipe, 1, Duration.ofSeconds(30))));
        CompletableFuture<?> async = pipe.callAsync(numbered(2), Duration.ofSeconds(30));
        waitUpTo(WAIT).alias("both requests written").until(() -> upstreamBytes(proxy) - before >= bytes);

        pipe.close();
        assertEquals(Reason.STOPPED, assertFailure(sync.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "waiting when the pipe closed (synchronous)"));
        assertEquals(Reason.STOPPED, assertFailure(outcome(2, async), "waiting when the pipe closed (asynchronous)"));
        caller.join(WAIT);
        pipe.stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(ConnectionState.STOPPED, pipe.state());
        assertEquals(Reason.STOPPED, assertFailure(callSync(pipe, 3, CALL_TIMEOUT), "after the close"));
        assertEquals(Reason.STOPPED, assertFailure(outcome(4, pipe.callAsync(numbered(4))), "after the close"));
        assertEquals(0, pipe.unfinished(), "unfinished requests after the close");
    }

    /**
     * {@link Pipe#close()} while the connect hangs on a listener that never accepts returns
     * promptly (well under the connect timeout) and fails a request waiting for that connect with
     * STOPPED.
     */
    @Test
    @Timeout(60)
    public void closeWhileConnectHangsReturnsPromptly() throws Exception {
        ConformanceBlackhole hole = ConformanceBlackhole.open();
        rig.closeAtEnd(hole);
        Pipe<B> pipe = startPipe(socket(hole.address()).withConnectTimeout(Duration.ofSeconds(30)), stallInterval(),
                false);
        waitUpTo(WAIT).until(pipe::state, s -> s == ConnectionState.CONNECTING);
        CompletableFuture<?> waiting = pipe.callAsync(numbered(1), Duration.ofSeconds(30));

        long started = System.nanoTime();
        pipe.close();
        pipe.stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 5_000, "close took " + tookMillis + " ms while a connect (timeout 30 s) hung");
        assertEquals(Reason.STOPPED, assertFailure(outcome(1, waiting), "waiting for a connect that hung"));
    }

    /**
     * 100 times: the proxy resets the connection, requests fail until the pipe has reconnected,
     * then succeed.
     * Afterwards it holds no more loops, readers or sockets than after its first connect.
     */
    @Test
    @Timeout(120)
    public void noLeakAfter100ReconnectCycles() throws Exception {
        ChaosProxy proxy = proxy();
        Pipe<B> pipe = startPipe(proxy.address(), stallInterval(), true);
        assertOwnReply(callSync(pipe, 0, CALL_TIMEOUT), "before the first cut");
        LeakCheck.Baseline connected = LeakCheck.baseline();
        for (int cycle = 1; cycle <= 100; cycle++) {
            int mark = mark();
            int c = cycle;
            waitUpTo(WAIT).alias("a connection to cut (cycle " + c + ")").until(() -> proxy.cutWithReset() >= 1);
            // Requests at once: the first finds the reset connection (an idle pipe would only
            // notice at its next stall check), the next ones the new connection.
            awaitRecovered(pipe, cycle);
            awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected in cycle " + cycle, WAIT);
        }
        connected.assertNoLeaks(Duration.ofSeconds(5));
        assertEquals(ConnectionState.CONNECTED, pipe.state());
        assertSettled(pipe, "after 100 reconnects");
    }
}
