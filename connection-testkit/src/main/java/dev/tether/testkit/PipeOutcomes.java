package dev.tether.testkit;

import static dev.tether.testkit.PipeConformance.WAIT;
import static dev.tether.testkit.PipeWaits.waitUpTo;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.PipeConformance.Outcome;
import dev.tether.testkit.chaos.ChaosProxy;
import dev.tether.testkit.chaos.Direction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the numbered requests of a {@link PipeConformance} test come to, and the assertions on
 * it: a call and its {@link Outcome}, its own reply or a pipe failure (through the suite's
 * {@code numbered}, {@code isReplyTo} and {@code reasonOf}), waiting for a pipe to answer again,
 * no request left unfinished, and how many bytes a batch of requests puts on the wire.
 *
 * @param <B> the adapter's request type
 */
final class PipeOutcomes<B extends Request<?>> {

    private final PipeConformance<B> suite;
    private final PipeEvents events;

    PipeOutcomes(PipeConformance<B> suite, PipeEvents events) {
        this.suite = suite;
        this.events = events;
    }

    /** Sends {@code numbered(n)} and waits for what it came to. */
    Outcome callSync(Pipe<B> pipe, int n, Duration timeout) {
        try {
            return new Outcome(n, pipe.call(suite.numbered(n), timeout), null);
        } catch (RuntimeException e) {
            return new Outcome(n, null, e);
        }
    }

    /**
     * What {@code future} of {@code numbered(n)} came to; fails the test if it is not complete
     * within {@link PipeConformance#WAIT}.
     */
    static Outcome outcome(int n, CompletableFuture<?> future) {
        try {
            return new Outcome(n, future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome(n, null, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the future of request " + n + " did not complete within " + WAIT.toMillis()
                    + " ms: it hangs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Fails unless {@code o} is the reply to its own request. */
    void assertOwnReply(Outcome o, String when) {
        if (o.error() != null) {
            throw new AssertionError("request " + o.n() + " " + when + " failed: " + o.error(), o.error());
        }
        assertTrue(suite.isReplyTo(o.n(), o.reply()), "request " + o.n() + " " + when + " got " + describe(o.reply())
                + ", not its own reply " + describe(suite.expectedReply(o.n())));
    }

    /** Fails unless every one of {@code futures}, the one of {@code numbered(n)} at index n, got its own reply. */
    void assertOwnReplies(CompletableFuture<?>[] futures) {
        List<String> wrong = new ArrayList<>();
        for (int n = 0; n < futures.length; n++) {
            assertNotNull(futures[n], "request " + n + " was never sent");
            Outcome o = outcome(n, futures[n]);
            if (o.error() != null || !suite.isReplyTo(n, o.reply())) {
                wrong.add(n + " -> " + (o.error() != null ? o.error() : describe(o.reply())));
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + futures.length + " requests did not get their own reply: "
                + wrong.stream().limit(10).collect(Collectors.joining("; ")));
    }

    /** The pipe reason of {@code o}'s failure; fails if it succeeded or failed with something else. */
    Reason assertFailure(Outcome o, String when) {
        assertNotNull(o.error(), "request " + o.n() + " " + when + " succeeded with " + describe(o.reply()));
        Reason reason = suite.reasonOf(o.error());
        if (reason == null) {
            throw new AssertionError("request " + o.n() + " " + when + " failed with " + o.error()
                    + ", which is no pipe failure", o.error());
        }
        return reason;
    }

    /**
     * Waits until {@code numbered(n)} succeeds; a connection failure meanwhile is retried, a wrong
     * reply fails at once.
     */
    void awaitRecovered(Pipe<B> pipe, int n) {
        AtomicReference<Outcome> last = new AtomicReference<>();
        try {
            waitUpTo(WAIT).until(() -> {
                Outcome o = callSync(pipe, n, Duration.ofSeconds(1));
                last.set(o);
                if (o.error() != null) {
                    if (suite.reasonOf(o.error()) == null) {
                        throw new AssertionError("request " + n + " failed with " + o.error(), o.error());
                    }
                    return false;
                }
                assertOwnReply(o, "while recovering");
                return true;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("request " + n + " did not succeed again within " + WAIT.toMillis()
                    + " ms; the last try: " + last.get() + "; pipe: " + pipe + "; events: " + events, e);
        }
    }

    /** Waits until {@code pipe} has no unfinished request. */
    static void assertSettled(Pipe<?> pipe, String when) {
        waitUpTo(WAIT).alias("no unfinished request " + when + " (pipe " + pipe + ")")
                .until(pipe::unfinished, u -> u == 0);
    }

    /** A reply for a failure message: its {@code toString}, or a byte array's length and text. */
    static String describe(Object reply) {
        return reply instanceof byte[] bytes ? "byte[" + bytes.length + "] " + new String(bytes,
                StandardCharsets.ISO_8859_1) : String.valueOf(reply);
    }

    // ---------------------------------------------------------------- measurement

    /** Bytes the proxy read from its clients (forwarded or not): what the pipe has surely written. */
    static long upstreamBytes(ChaosProxy proxy) {
        return proxy.bytesForwarded(Direction.UPSTREAM) + proxy.bytesDropped(Direction.UPSTREAM);
    }

    /** Sends {@code numbered(from .. from+count-1)} once and returns the bytes the proxy read for them. */
    long measure(Pipe<B> pipe, ChaosProxy proxy, int from, int count) {
        long before = upstreamBytes(proxy);
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            futures.add(pipe.callAsync(suite.numbered(n)));
        }
        for (int i = 0; i < count; i++) {
            assertOwnReply(outcome(from + i, futures.get(i)), "while measuring");
        }
        long bytes = upstreamBytes(proxy) - before;
        assertTrue(bytes > 0, "the proxy read nothing for " + count + " requests");
        return bytes;
    }
}
