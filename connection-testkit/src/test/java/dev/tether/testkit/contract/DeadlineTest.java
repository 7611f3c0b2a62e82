package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.CallResult;
import dev.tether.connection.CallTimeoutException;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.Ticker;
import dev.tether.core.ConnectionOptions;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Call deadlines, cancellation, exactly-once completion and deferred replies
 * (docs/behaviour-contract.md, 'Calls, casts and info').
 */
@ExtendWith(LeakCheckExtension.class)
class DeadlineTest extends ContractBSupport {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeTime time = new FakeTime();
    private final ScriptedConnection conn = new ScriptedConnection();
    private final AtomicBoolean seen = new AtomicBoolean();
    private final AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();

    /** A call that records it was handled and answers. */
    private Eval recorded() {
        return Eval.call(from -> {
            seen.set(true);
            return CallResult.reply("handled");
        });
    }

    /** A call whose reply handle is kept in {@link #kept}; the caller keeps waiting. */
    private Eval keptForLater() {
        return Eval.call(from -> {
            kept.set(from);
            return CallResult.noReply();
        });
    }

    private ReplyTo<Object> awaitKept() {
        await().atMost(WAIT).until(() -> kept.get() != null);
        return kept.get();
    }

    @Test
    void an_async_call_whose_deadline_passed_while_queued_fails_with_a_timeout_and_is_never_delivered() {
        ConnectionRef<Object, Object> ref = start(conn, fakeTime(time).build());
        CompletableFuture<Object> call;
        try (Gate gate = blockLoop(ref)) {
            call = ref.callAsync(recorded(), Duration.ofSeconds(1));
            time.advance(Duration.ofSeconds(2));
            CallTimeoutException timeout = assertInstanceOf(CallTimeoutException.class, failureOf(call),
                    "the caller learns of the timeout at its deadline, while the loop is still busy");
            assertEquals(Duration.ofSeconds(1), timeout.timeout());
        }
        flush(ref);
        assertFalse(seen.get(), "handleCall never saw the expired call");
    }

    @Test
    void a_sync_call_whose_deadline_passed_while_queued_is_dropped_before_handleCall() {
        AtomicInteger tickerReads = new AtomicInteger();
        Ticker counting = () -> {
            tickerReads.incrementAndGet();
            return time.nanoTime();
        };
        ConnectionRef<Object, Object> ref = start(conn,
                ConnectionOptions.builder().ticker(counting).scheduler(time).build());
        CompletableFuture<Object> caller;
        try (Gate gate = blockLoop(ref)) {
            int before = tickerReads.get();
            caller = inThread(() -> ref.call(recorded(), LONG)); // waits 30 s of real time at most
            await().atMost(WAIT).until(() -> tickerReads.get() > before); // its deadline was read
            time.advance(LONG.plusSeconds(1));
        }
        assertInstanceOf(CallTimeoutException.class, failureOf(caller),
                "failed by the loop when it reached the expired call, not after 30 s");
        flush(ref);
        assertFalse(seen.get(), "an expired request is never sent to the behaviour");
    }

    @Test
    void a_sync_call_times_out_with_CallTimeoutException_and_a_late_reply_is_dropped() {
        ConnectionRef<Object, Object> ref = start(conn);
        Duration timeout = Duration.ofMillis(100);

        CallTimeoutException e = assertThrows(CallTimeoutException.class, () -> ref.call(keptForLater(), timeout));

        assertEquals(timeout, e.timeout());
        assertEquals("call to " + ref.name() + " timed out after 100 ms", e.getMessage());
        ReplyTo<Object> late = awaitKept();
        assertTrue(late.isDone());
        assertTrue(late.isExpired());
        assertFalse(late.reply("too late"), "a late reply is dropped");
        assertFalse(late.fail(new IllegalStateException("too late")), "a late failure is dropped");
        assertEquals("alive", ref.call(replyWith("alive")));
    }

    @Test
    void cancelling_a_queued_async_call_means_handleCall_never_sees_it() {
        ConnectionRef<Object, Object> ref = start(conn);
        CompletableFuture<Object> call;
        try (Gate gate = blockLoop(ref)) {
            call = ref.callAsync(recorded(), LONG);
            assertTrue(call.cancel(true));
        }
        flush(ref);
        assertFalse(seen.get());
        assertTrue(call.isCancelled());
        assertThrows(CancellationException.class, call::join);
    }

    @Test
    void cancelling_an_async_call_being_handled_completes_its_reply_handle_and_drops_the_late_reply() {
        ConnectionRef<Object, Object> ref = start(conn);
        CompletableFuture<Object> call = ref.callAsync(keptForLater(), LONG);
        ReplyTo<Object> from = awaitKept();
        assertFalse(from.isDone());

        assertTrue(call.cancel(false));

        assertTrue(from.isDone(), "the behaviour can see that the caller gave up");
        assertTrue(from.isExpired());
        assertFalse(from.reply("late"));
        assertThrows(CancellationException.class, call::join);
        assertEquals(ConnectionState.CONNECTED, ref.state());
    }

    @Test
    void a_future_completes_exactly_once_and_the_first_completion_wins() {
        ConnectionRef<Object, Object> ref = start(conn);
        List<Boolean> outcomes = new CopyOnWriteArrayList<>();

        Object answer = ref.call(Eval.call(from -> {
            outcomes.add(from.reply("first"));
            outcomes.add(from.reply("second"));
            outcomes.add(from.fail(new IllegalStateException("third")));
            outcomes.add(from.isDone());
            return CallResult.reply("fourth"); // ignored, never thrown into the loop
        }));

        assertEquals("first", answer);
        flush(ref); // the caller may wake before the callback finished
        assertEquals(List.of(true, false, false, true), outcomes);
        assertEquals(ConnectionState.CONNECTED, ref.state());
        assertEquals("alive", ref.call(replyWith("alive")));
    }

    @Test
    void a_failure_reaches_the_caller_as_is_and_a_reply_after_it_is_ignored() {
        ConnectionRef<Object, Object> ref = start(conn);
        IllegalStateException unchecked = new IllegalStateException("no such key");
        IOException checked = new IOException("reset by peer");
        AtomicBoolean replyAfterFail = new AtomicBoolean(true);

        IllegalStateException sync = assertThrows(IllegalStateException.class, () -> ref.call(Eval.call(from -> {
            from.fail(unchecked);
            replyAfterFail.set(from.reply("ignored"));
            return CallResult.noReply();
        })));
        Throwable async = failureOf(ref.callAsync(Eval.call(from -> {
            from.fail(unchecked);
            return CallResult.noReply();
        })));
        ConnectionException wrapped = assertThrows(ConnectionException.class, () -> ref.call(Eval.call(from -> {
            from.fail(checked);
            return CallResult.noReply();
        })));

        assertSame(unchecked, sync);
        assertFalse(replyAfterFail.get());
        assertSame(unchecked, async);
        assertSame(checked, wrapped.getCause(), "a checked exception is wrapped for a synchronous caller");
    }

    @Test
    void the_reply_handle_exposes_the_callers_deadline_on_the_connection_ticker() {
        ConnectionRef<Object, Object> ref = start(conn, fakeTime(time).build());
        long sentAt = time.nanoTime();
        CompletableFuture<Object> call = ref.callAsync(keptForLater(), Duration.ofSeconds(3));
        ReplyTo<Object> from = awaitKept();

        assertSame(time, conn.context().ticker());
        assertEquals(sentAt + Duration.ofSeconds(3).toNanos(), from.deadlineNanos());
        assertEquals(Duration.ofSeconds(3), from.remaining());
        assertFalse(from.isExpired());

        time.advance(Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(2), from.remaining());

        time.advance(Duration.ofSeconds(5));
        assertEquals(Duration.ZERO, from.remaining(), "never negative");
        assertTrue(from.isExpired());
        assertInstanceOf(CallTimeoutException.class, failureOf(call));
        assertFalse(from.reply("late"));
    }

    @Test
    void a_deferred_reply_completed_from_another_thread_reaches_the_caller() throws Exception {
        ConnectionRef<Object, Object> ref = start(conn);
        CompletableFuture<Object> call = ref.callAsync(keptForLater(), LONG);
        ReplyTo<Object> from = awaitKept();

        assertEquals("meanwhile", ref.call(replyWith("meanwhile")), "the loop serves others while one call waits");
        assertFalse(call.isDone());

        AtomicBoolean won = new AtomicBoolean();
        Thread replier = Thread.ofPlatform().name("contractb-replier").start(() -> won.set(from.reply("from afar")));
        replier.join(WAIT);

        assertTrue(won.get());
        assertEquals("from afar", valueOf(call));
    }

    @Test
    void a_call_from_the_connections_own_loop_to_itself_fails_at_once_with_IllegalStateException() {
        ConnectionRef<Object, Object> ref = start(conn);
        List<Throwable> errors = new CopyOnWriteArrayList<>();

        Object answer = assertTimeout(Duration.ofSeconds(2), () -> ref.call(Eval.call(from -> {
            ConnectionRef<Object, Object> self = conn.context().self();
            for (Runnable selfCall : List.<Runnable>of(
                    () -> self.call(replyWith("x")),
                    () -> self.call(replyWith("x"), LONG))) {
                try {
                    selfCall.run();
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
            return CallResult.reply("survived");
        })));

        assertEquals("survived", answer);
        assertEquals(2, errors.size(), "both self-calls fail");
        for (Throwable e : errors) {
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains(ref.name()) && e.getMessage().contains("deadlock"), e.getMessage());
        }
    }

    @Test
    void a_call_timeout_must_be_positive() {
        ConnectionRef<Object, Object> ref = start(conn);
        assertAll(
                () -> assertEquals("call timeout must be positive, got PT0S", assertThrows(
                        IllegalArgumentException.class, () -> ref.call(recorded(), Duration.ZERO)).getMessage()),
                () -> assertEquals("call timeout must be positive, got PT-1S", assertThrows(
                        IllegalArgumentException.class, () -> ref.callAsync(recorded(), Duration.ofSeconds(-1)))
                        .getMessage()));
        flush(ref);
        assertFalse(seen.get());
    }
}
