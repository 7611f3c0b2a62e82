package dev.tether.testkit;

import static dev.tether.testkit.PipeConformance.CALL_TIMEOUT;
import static dev.tether.testkit.PipeOutcomes.assertSettled;
import static dev.tether.testkit.PipeWaits.awaitQuietly;
import static dev.tether.testkit.PipeWaits.join;
import static dev.tether.testkit.PipeWaits.startThreads;

import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.PipeConformance.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The bodies of {@link PipeConformance}'s order cases: thousands of requests from many threads at
 * once over one pipe, asynchronous or mixed with synchronous callers, each answered with its own
 * reply. Each method runs the test of the same name there, whose javadoc says what it holds the
 * adapter to.
 *
 * @param <B> the adapter's request type
 */
final class PipeOrderCases<B extends Request<?>> {

    private static final int ORDER_REQUESTS = 2_000;
    private static final int ORDER_THREADS = 16;

    private final PipeConformance<B> suite;
    private final PipeRig<B> rig;

    PipeOrderCases(PipeConformance<B> suite, PipeRig<B> rig) {
        this.suite = suite;
        this.rig = rig;
    }

    void everyAsyncReplyReachesItsOwnCallerUnderPipelining() throws Exception {
        Pipe<B> pipe = suite.startPipe(suite.peer().address(), Duration.ofSeconds(5), true);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[ORDER_REQUESTS];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = startThreads("pipe-conformance-async", ORDER_THREADS, t -> () -> {
            awaitQuietly(go);
            for (int n = t; n < ORDER_REQUESTS; n += ORDER_THREADS) {
                futures[n] = pipe.callAsync(suite.numbered(n));
            }
        });
        go.countDown(); // the threads waited at the gate, so that they send at once
        join(threads); // which also publishes the futures
        rig.outcomes().assertOwnReplies(futures);
        assertSettled(pipe, "after every reply came");
    }

    void syncAndAsyncCallersSharingThePipeEachGetTheirOwnReply() throws Exception {
        Pipe<B> pipe = suite.startPipe(suite.peer().address(), Duration.ofSeconds(5), true);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[ORDER_REQUESTS];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = startThreads("pipe-conformance-mixed", ORDER_THREADS, t -> () -> {
            awaitQuietly(go);
            for (int n = t; n < ORDER_REQUESTS; n += ORDER_THREADS) {
                if ((n / ORDER_THREADS) % 2 == 0) {
                    futures[n] = pipe.callAsync(suite.numbered(n));
                } else {
                    Outcome o = suite.callSync(pipe, n, CALL_TIMEOUT);
                    futures[n] = o.error() == null ? CompletableFuture.completedFuture(o.reply())
                            : CompletableFuture.failedFuture(o.error());
                }
            }
        });
        go.countDown();
        join(threads);
        rig.outcomes().assertOwnReplies(futures);
        assertSettled(pipe, "after every reply came");
    }
}
