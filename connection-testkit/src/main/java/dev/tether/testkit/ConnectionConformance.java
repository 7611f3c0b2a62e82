package dev.tether.testkit;

import static dev.tether.testkit.ConformanceRun.CALL_TIMEOUT;
import static dev.tether.testkit.ConformanceRun.STOP_TIMEOUT;
import static dev.tether.testkit.ConformanceRun.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.testkit.ConformanceLog.Entry;
import dev.tether.testkit.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conformance tests written once, which any connection built on Tether runs by implementing this
 * interface in a test class (docs/behaviour-contract.md, 'What Tether adds'): it reconnects after the peer closes,
 * backs off with growing delays, answers calls while backing off, stops promptly even while a
 * connect hangs, stops in the documented order, and leaks nothing over 100 reconnects. An adapter
 * built on the pipe layer ({@code dev.tether.core.pipe}) has no behaviour of its own to test here:
 * it runs {@link PipeConformance} instead.
 *
 * <pre>{@code
 * @ExtendWith(LeakCheckExtension.class)
 * class EchoConnectionConformanceTest implements ConnectionConformance<String, String> {
 *     public ConformancePeer startPeer() throws IOException { ... an echo server on loopback ... }
 *     public Connection<String, String> newConnection(InetSocketAddress address) {
 *         return new EchoConnection(address);         // a behaviour opening a SocketLink
 *     }
 *     public String probe() { return "ping"; }
 *     public boolean isAnswerWhileDisconnected(String reply, Throwable error) {
 *         return error instanceof EchoConnection.NotConnected;
 *     }
 * }
 * }</pre>
 *
 * <p><b>What the suite expects of the behaviour.</b> Its connect opens a socket to the address
 * it was made with (the suite points it at the peer, at a chaos proxy in front of the peer, or at
 * a listener that never answers). It notices by itself that the peer closed the connection (it
 * reads, as a {@code SocketLink} does) and then returns Disconnect. It backs off with
 * {@code Backoff.byPolicy()}, so the suite's policy and event counts apply. The probe goes to the
 * peer and waits for its answer.
 *
 * <p><b>How it runs.</b> Each test starts a fresh peer ({@link #startPeer()}), wraps the behaviour
 * in a recorder that logs its lifecycle callbacks, starts it with its own options (fast backoff, a
 * call timeout of 2 s, a stop timeout of 5 s, a listener), waits on events rather than sleeping,
 * and stops and closes everything when it ends, passing or failing. {@link LeakCheckExtension}
 * checks every test. Each test takes well under a second when the connection behaves, and a
 * failing wait gives up after 10 s with the events it saw.
 *
 * @param <Q> the request type of the connection under test
 * @param <R> its reply type
 */
@ExtendWith(LeakCheckExtension.class)
public interface ConnectionConformance<Q, R> {

    /** Starts a fresh peer on loopback for one test; the suite closes it when the test ends. */
    ConformancePeer startPeer() throws Exception;

    /** A new, unstarted behaviour that connects to {@code address}. */
    Connection<Q, R> newConnection(InetSocketAddress address);

    /** A request that goes to the peer and succeeds while connected (a ping, an echo). */
    Q probe();

    /**
     * True if this is how the behaviour documents answering a call while it has no connection:
     * a fail-fast error (a "closed" exception), a reply, or even a call timeout for a behaviour
     * that holds calls until it reconnects. Exactly one of the two is non-null.
     *
     * @param reply the reply, or null if the call failed
     * @param error what the call failed with (unwrapped from the future), or null
     */
    boolean isAnswerWhileDisconnected(R reply, Throwable error);

    /**
     * True if {@code error} is how a caller still waiting when the connection stopped with
     * {@code reason} is failed. Default: the runtime's {@link ConnectionStoppedException} carrying
     * that reason. A behaviour that fails its in-flight callers itself in terminate, with an
     * exception of its own, says so here.
     */
    default boolean isStoppedError(Throwable error, StopReason reason) {
        return error instanceof ConnectionStoppedException stopped && reason.equals(stopped.reason());
    }

    /**
     * Starts the behaviour; override to start it the way the client under test does, keeping the
     * options as given. Default: {@link Tether#start(Connection, ConnectionOptions)}.
     */
    default ConnectionRef<Q, R> start(Connection<Q, R> behaviour, ConnectionOptions options) {
        return Tether.start(behaviour, options);
    }

    /**
     * The peer stops: the connection reports Disconnected, backs off while it is refused, and is
     * Connected again once the peer is back, where the probe succeeds. A quick restart as well.
     */
    @Test
    @Timeout(60)
    default void reconnectsAfterThePeerCloses() throws Exception {
        try (ConformanceRun<Q, R> run = ConformanceRun.open(this)) {
            ConnectionRef<Q, R> ref = run.start(run.peer().address(),
                    run.options(BackoffPolicy.constant(Duration.ofMillis(20))));
            run.awaitConnected(0);
            run.probe(ref, "after the first connect");

            // The peer goes away: the connection must notice, back off while it is refused, and
            // come back by itself once the peer does.
            int mark = run.log().mark();
            run.peer().stop();
            ConformanceLog log = run.log();
            int down = log.await(mark, ConnectionEvent.Disconnected.class, WAIT).index();
            int refused = log.await(down, ConnectionEvent.BackingOff.class, WAIT).index();
            run.peer().start();
            run.awaitConnected(refused);
            run.probe(ref, "after reconnecting to a restarted peer");

            // A quick restart drops the connection without a long outage.
            mark = log.mark();
            run.peer().restart();
            down = log.await(mark, ConnectionEvent.Disconnected.class, WAIT).index();
            run.awaitConnected(down);
            run.probe(ref, "after the peer restarted");
            assertEquals(ConnectionState.CONNECTED, ref.state());
        }
    }

    /**
     * With the peer down and an exponential policy without jitter, the BackingOff events count
     * attempts 1, 2, 3... with the policy's delays, growing up to the cap, and no attempt comes
     * before the previous delay has passed.
     */
    @Test
    @Timeout(60)
    default void backoffGrowsBetweenAttempts() throws Exception {
        Duration base = Duration.ofMillis(10);
        Duration cap = Duration.ofMillis(80);
        BackoffPolicy policy = BackoffPolicy.exponential(base, cap);
        int attempts = 6;
        try (ConformanceRun<Q, R> run = ConformanceRun.open(this)) {
            ConnectionRef<Q, R> ref = run.start(run.peer().address(), run.options(policy));
            run.awaitConnected(0);
            int mark = run.log().mark();
            run.peer().stop();

            Entry[] backoffs = new Entry[attempts];
            int from = mark;
            for (int i = 0; i < attempts; i++) {
                backoffs[i] = run.log().await(from, ConnectionEvent.BackingOff.class, WAIT);
                from = backoffs[i].index() + 1;
            }
            Duration previous = Duration.ZERO;
            for (int i = 0; i < attempts; i++) {
                ConnectionEvent.BackingOff b = (ConnectionEvent.BackingOff) backoffs[i].what();
                String where = "backoff " + (i + 1) + " of " + List.of(backoffs);
                assertEquals(i + 1, b.attempt(), "attempts are counted from 1 in an outage: " + where);
                assertEquals(policy.delay(i + 1, previous, RandomGenerator.getDefault()), b.delay(),
                        "the delay is the policy's for the attempt: " + where);
                assertTrue(b.delay().compareTo(previous) >= 0, "delays never shrink: " + where);
                if (i > 0) {
                    // The next attempt came no earlier than the previous delay (1 ms for clocks).
                    long gap = backoffs[i].nanos() - backoffs[i - 1].nanos();
                    assertTrue(gap >= previous.toNanos() - 1_000_000, "attempt " + (i + 1) + " came "
                            + gap / 1_000 + " us after the previous backoff of " + previous.toMillis() + " ms");
                }
                previous = b.delay();
            }
            assertTrue(((ConnectionEvent.BackingOff) backoffs[1].what()).delay().compareTo(base) > 0,
                    "the delay grows after the first attempt");
            assertEquals(cap, previous, "the delay reaches the cap and stays there");

            int last = run.log().mark();
            run.peer().start();
            run.awaitConnected(last);
            run.probe(ref, "after the peer came back");
        }
    }

    /**
     * Calls made while the peer is down complete within their deadline, the way
     * {@link #isAnswerWhileDisconnected} says; the connection keeps running and recovers.
     */
    @Test
    @Timeout(60)
    default void callsWhileBackingOffAreAnsweredPerTheBehaviour() throws Exception {
        try (ConformanceRun<Q, R> run = ConformanceRun.open(this)) {
            // A backoff long enough that the calls below find the connection backing off.
            ConnectionRef<Q, R> ref = run.start(run.peer().address(),
                    run.options(BackoffPolicy.constant(Duration.ofMillis(200))));
            run.awaitConnected(0);
            int mark = run.log().mark();
            run.peer().stop();
            run.log().await(mark, ConnectionEvent.BackingOff.class, WAIT);

            for (int i = 0; i < 3; i++) {
                CompletableFuture<R> call = ref.callAsync(probe(), CALL_TIMEOUT);
                R reply = null;
                Throwable error = null;
                try {
                    reply = call.get(CALL_TIMEOUT.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    error = e.getCause();
                } catch (TimeoutException e) {
                    fail("a call while disconnected was not answered within its deadline of "
                            + CALL_TIMEOUT.toMillis() + " ms (plus 1 s): it hangs");
                }
                assertTrue(isAnswerWhileDisconnected(reply, error), "call " + (i + 1) + " while disconnected got "
                        + (error != null ? "error " + error : "reply " + reply) + ", not the behaviour's answer");
            }
            assertFalse(ref.state().isTerminal(), "answering calls while disconnected stopped the connection");

            int back = run.log().mark();
            run.peer().start();
            run.awaitConnected(back);
            run.probe(ref, "after the peer came back");
        }
    }

    /**
     * Stop returns in well under its timeout while connect hangs on a peer that never answers,
     * and fails a call queued behind the connect with {@link ConnectionStoppedException}.
     */
    @Test
    @Timeout(60)
    default void stopWhileConnectingReturnsPromptly() throws Exception {
        try (ConformanceRun<Q, R> run = ConformanceRun.open(this)) {
            ConformanceBlackhole hole = run.blackhole();
            ConnectionRef<Q, R> ref = run.start(hole.address(),
                    run.options(BackoffPolicy.constant(Duration.ofMillis(10))));
            run.log().awaitCallback(0, "connect", WAIT);
            // Queued behind the hanging connect: stop must fail it, not leave it waiting.
            CompletableFuture<R> queued = ref.callAsync(probe(), Duration.ofSeconds(30));

            long started = System.nanoTime();
            StopReason reason = StopReason.shutdown("conformance: stop while connecting");
            StopReason result = ref.stop(reason, STOP_TIMEOUT);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(reason, result);
            assertTrue(tookMillis < 2_000, "stop took " + tookMillis + " ms while connect hung");
            assertEquals(ConnectionState.STOPPED, ref.state());
            run.log().awaitCallback(0, "terminate", Duration.ZERO);
            assertStoppedWith(queued, reason);
        }
    }

    /**
     * Stop with a call in flight (the peer swallowed it): terminate runs first, then the waiting
     * caller fails with {@link ConnectionStoppedException} carrying the reason, then the Stopped
     * event, and {@code stopped()} completes with the same reason.
     */
    @Test
    @Timeout(60)
    default void terminateRunsBeforeStoppedCompletesAndCallersFail() throws Exception {
        try (ConformanceRun<Q, R> run = ConformanceRun.open(this)) {
            ChaosProxy proxy = run.proxy();
            AtomicReference<CompletableFuture<R>> waiting = new AtomicReference<>();
            AtomicReference<String> atTerminate = new AtomicReference<>("terminate did not run");
            AtomicReference<String> atStopped = new AtomicReference<>("no Stopped event");
            ConnectionOptions options = run.options(BackoffPolicy.constant(Duration.ofMillis(20))).toBuilder()
                    .listener(event -> {
                        if (event instanceof ConnectionEvent.Stopped) {
                            atStopped.set(describe(waiting.get()));
                        }
                    })
                    .build();
            ConnectionRef<Q, R> ref = run.start(proxy.address(), options);
            run.recorder().beforeTerminate(() -> atTerminate.set(describe(waiting.get())));
            run.awaitConnected(0);
            run.probe(ref, "through the proxy");

            // The peer stops answering, so the next call stays in flight (a deferred reply).
            proxy.blackhole();
            int mark = run.log().mark();
            waiting.set(ref.callAsync(probe(), Duration.ofSeconds(30)));
            run.log().awaitCallback(mark, "handleCall", WAIT);

            StopReason reason = StopReason.shutdown("conformance: stop with a caller waiting");
            assertEquals(reason, ref.stop(reason, STOP_TIMEOUT));
            Entry terminate = run.log().awaitCallback(mark, "terminate", Duration.ZERO);
            Entry stopped = run.log().await(mark, ConnectionEvent.Stopped.class, Duration.ZERO);

            assertEquals(reason, ((ConformanceLog.Callback) terminate.what()).argument());
            assertEquals(reason, ((ConnectionEvent.Stopped) stopped.what()).reason());
            assertTrue(terminate.index() < stopped.index(), "terminate runs before the Stopped event: " + run.log());
            assertEquals("caller waiting", atTerminate.get(), "terminate runs before waiting callers fail");
            assertEquals("caller answered", atStopped.get(), "waiting callers fail before the Stopped event");
            assertEquals(reason, ref.stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertStoppedWith(waiting.get(), reason);
        }
    }

    /**
     * 100 times: a chaos proxy resets the connection, it reconnects and the probe succeeds. After
     * that it holds no more loops, readers or sockets than after its first connect.
     */
    @Test
    @Timeout(120)
    default void noLeakAfter100ReconnectCycles() throws Exception {
        try (ConformanceRun<Q, R> run = ConformanceRun.open(this)) {
            ChaosProxy proxy = run.proxy();
            ConnectionRef<Q, R> ref = run.start(proxy.address(),
                    run.options(BackoffPolicy.constant(Duration.ofMillis(2))));
            run.awaitConnected(0);
            run.probe(ref, "before the first cut");
            LeakCheck.Baseline connected = LeakCheck.baseline();

            long started = System.nanoTime();
            for (int cycle = 1; cycle <= 100; cycle++) {
                int mark = run.log().mark();
                // The probe went through the proxy, so it holds the connection and can cut it.
                assertTrue(proxy.cutWithReset() >= 1, "cycle " + cycle + ": the proxy had no connection to cut");
                int down = run.log().await(mark, ConnectionEvent.Disconnected.class, WAIT).index();
                run.awaitConnected(down);
                run.probe(ref, "after reconnect " + cycle);
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 60_000, "100 reconnects took " + tookMillis + " ms");

            // Still connected, it holds exactly what it held after the first connect.
            connected.assertNoLeaks(Duration.ofSeconds(5));
            assertEquals(ConnectionState.CONNECTED, ref.state());
        }
    }

    private static String describe(CompletableFuture<?> caller) {
        return caller == null ? "no caller yet" : caller.isDone() ? "caller answered" : "caller waiting";
    }

    private void assertStoppedWith(CompletableFuture<?> call, StopReason reason) throws InterruptedException {
        try {
            Object reply = call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            fail("a caller waiting when the connection stopped got a reply: " + reply);
        } catch (ExecutionException e) {
            assertTrue(isStoppedError(e.getCause(), reason), "a caller waiting when the connection stopped with "
                    + reason.describe() + " fails as isStoppedError says; it got " + e.getCause());
        } catch (TimeoutException e) {
            fail("a caller waiting when the connection stopped was never answered");
        }
    }
}
