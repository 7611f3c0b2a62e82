package dev.tether.testkit;

import static dev.tether.testkit.PipeConformance.CALL_TIMEOUT;
import static dev.tether.testkit.PipeConformance.WAIT;
import static dev.tether.testkit.PipeOutcomes.assertSettled;
import static dev.tether.testkit.PipeOutcomes.describe;
import static dev.tether.testkit.PipeOutcomes.outcome;
import static dev.tether.testkit.PipeOutcomes.upstreamBytes;
import static dev.tether.testkit.PipeWaits.join;
import static dev.tether.testkit.PipeWaits.startThreads;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The bodies of {@link PipeConformance}'s CLOSED-versus-DISCONNECTED cases: requests in flight
 * when the connection is cut, requests made while nothing listens, and callers under load while
 * the proxy resets the connection. Each method runs the test of the same name there, whose
 * javadoc says what it holds the adapter to.
 *
 * @param <B> the adapter's request type
 */
final class PipeCutCases<B extends Request<?>> {

    private static final Set<Reason> CUT_OUTCOMES = EnumSet.of(Reason.CLOSED, Reason.DISCONNECTED);

    private final PipeConformance<B> suite;
    private final PipeRig<B> rig;

    PipeCutCases(PipeConformance<B> suite, PipeRig<B> rig) {
        this.suite = suite;
        this.rig = rig;
    }

    void inFlightRequestsFailDisconnectedAndRequestsWhileDownFailClosed() throws Exception {
        ChaosProxy proxy = suite.proxy();
        int port = proxy.port();
        Pipe<B> pipe = suite.startPipe(proxy.address(), suite.stallInterval(), true);
        int batch = 50;
        long batchBytes = rig.outcomes().measure(pipe, proxy, 0, batch);

        // The same requests again, with the replies swallowed: once the proxy has read all their
        // bytes, every one of them is written and unanswered.
        proxy.blackhole(Direction.DOWNSTREAM);
        long before = upstreamBytes(proxy);
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int n = 0; n < batch; n++) {
            inFlight.add(pipe.callAsync(suite.numbered(n)));
        }
        waitUpTo(WAIT).alias("the proxy to read the " + batch + " requests (" + batchBytes + " bytes)")
                .until(() -> upstreamBytes(proxy) - before >= batchBytes);
        assertTrue(inFlight.stream().noneMatch(CompletableFuture::isDone),
                "a request completed although its reply was swallowed");

        int mark = suite.mark();
        proxy.close(); // stops listening, then closes every connection: the cut
        for (int n = 0; n < batch; n++) {
            assertEquals(Reason.DISCONNECTED, suite.assertFailure(outcome(n, inFlight.get(n)), "in flight at the cut"),
                    "request " + n + " was in flight when the connection was cut");
        }
        suite.awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "a Disconnected event", WAIT);

        // Nothing listens now: synchronous and asynchronous requests from several threads, each
        // CLOSED (an early connect may be tried for it, and is refused).
        List<Outcome> whileDown = new CopyOnWriteArrayList<>();
        join(startThreads("pipe-conformance-down", 4, t -> () -> {
            for (int i = 0; i < 10; i++) {
                int n = batch + t * 10 + i;
                whileDown.add(i % 2 == 0 ? suite.callSync(pipe, n, CALL_TIMEOUT)
                        : outcome(n, pipe.callAsync(suite.numbered(n))));
            }
        }));
        for (Outcome o : whileDown) {
            assertEquals(Reason.CLOSED, suite.assertFailure(o, "while nothing listened"),
                    "request " + o.n() + " was made while nothing listened");
        }
        assertTrue(pipe.state() != ConnectionState.CONNECTED, "connected while nothing listens: " + pipe);

        rig.proxyOn(port); // a listener on the same port again, passing bytes
        suite.awaitRecovered(pipe, 0);
        assertSettled(pipe, "after the outage");
    }

    void underLoadACutFailsRequestsOnlyClosedOrDisconnected() throws Exception {
        ChaosProxy proxy = suite.proxy();
        Pipe<B> pipe = suite.startPipe(proxy.address(), suite.stallInterval(), true);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        AtomicLong successes = new AtomicLong();
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<Integer, AtomicInteger> completions = new ConcurrentHashMap<>();
        List<Throwable> broken = new CopyOnWriteArrayList<>();
        Thread[] workers = startThreads("pipe-conformance-load", 8, t -> () -> {
            try {
                while (running.get()) {
                    List<Outcome> mine = t % 2 == 0
                            ? List.of(suite.callSync(pipe, next.getAndIncrement(), CALL_TIMEOUT))
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
                int mark = suite.mark();
                waitUpTo(WAIT).alias("a connection to cut (cut " + cut + ")").until(() -> proxy.cutWithReset() >= 1);
                suite.awaitEvent(mark, ConnectionEvent.Disconnected.class::isInstance, "Disconnected after cut " + cut,
                        WAIT);
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
            if (o.error() == null ? !suite.isReplyTo(o.n(), o.reply())
                    : !CUT_OUTCOMES.contains(suite.reasonOf(o.error()))) {
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
    private List<Outcome> asyncRound(Pipe<B> pipe, AtomicInteger next,
            ConcurrentHashMap<Integer, AtomicInteger> completions) {
        List<Integer> ns = new ArrayList<>();
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = next.getAndIncrement();
            AtomicInteger count = completions.computeIfAbsent(n, k -> new AtomicInteger());
            CompletableFuture<?> future = pipe.callAsync(suite.numbered(n));
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
}
