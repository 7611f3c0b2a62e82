package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Backoff;
import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.CallResult;
import dev.tether.connection.Cancellable;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.Signal;
import dev.tether.connection.StopReason;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Self-messages with sendAfter and the library-managed backoff timer, on fake time
 * (docs/behaviour-contract.md, 'Timers').
 */
@ExtendWith(LeakCheckExtension.class)
class TimerTest extends ContractBSupport {

    private static final IOException REFUSED = new IOException("connection refused");

    private final FakeTime time = new FakeTime();
    private final ScriptedConnection conn = new ScriptedConnection();
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicBoolean serverUp = new AtomicBoolean();

    private ConnectionRef<Object, Object> startOnFakeTime() {
        return start(conn, fakeTime(time).build());
    }

    /** Connects when {@link #serverUp}, else backs off by {@code policy}; records events. */
    private ConnectionRef<Object, Object> startWithPolicy(BackoffPolicy policy) {
        conn.onConnect(info -> serverUp.get() ? ConnectResult.ok() : ConnectResult.backoffByPolicy(REFUSED));
        return start(conn, fakeTime(time).backoffPolicy(policy).listener(events::add).build());
    }

    private Cancellable sendAfter(ConnectionRef<Object, Object> ref, Object message, Duration delay) {
        return (Cancellable) ref.call(Eval.call(from -> CallResult.reply(conn.context().sendAfter(message, delay))));
    }

    private long deliveries(Object message) {
        return conn.invocations("handleInfo").stream().filter(i -> message.equals(i.argument())).count();
    }

    private List<ConnectionEvent.BackingOff> backingOff() {
        return events.stream()
                .filter(ConnectionEvent.BackingOff.class::isInstance)
                .map(ConnectionEvent.BackingOff.class::cast)
                .toList();
    }

    private void awaitBackingOff(int count) {
        await().atMost(WAIT).until(() -> backingOff().size() >= count);
    }

    private static List<Duration> millis(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }

    @Test
    void a_sendAfter_message_is_delivered_exactly_once_after_its_delay() {
        ConnectionRef<Object, Object> ref = startOnFakeTime();
        Cancellable tick = sendAfter(ref, "tick", Duration.ofSeconds(1));

        time.advance(Duration.ofMillis(999));
        flush(ref);
        assertEquals(0, deliveries("tick"), "not before its delay");

        time.advance(Duration.ofMillis(1));
        flush(ref);
        assertEquals(1, deliveries("tick"));

        time.advance(Duration.ofHours(1));
        flush(ref);
        assertEquals(1, deliveries("tick"), "exactly once");
        assertFalse(tick.cancel(), "cancelling a delivered message reports it already happened");
    }

    @Test
    void sendAfter_messages_arrive_in_the_order_their_timers_fall_due() {
        ConnectionRef<Object, Object> ref = startOnFakeTime();
        sendAfter(ref, "second", Duration.ofSeconds(2));
        sendAfter(ref, "first", Duration.ofSeconds(1));

        time.advance(Duration.ofSeconds(3));
        flush(ref);

        assertEquals(List.of("handleInfo(first)", "handleInfo(second)"),
                conn.calls().stream().filter(c -> c.startsWith("handleInfo")).toList());
    }

    @Test
    void a_cancelled_sendAfter_message_never_fires() {
        ConnectionRef<Object, Object> ref = startOnFakeTime();
        Cancellable tick = sendAfter(ref, "tick", Duration.ofSeconds(1));

        assertTrue(tick.cancel());
        assertFalse(tick.cancel(), "a second cancel reports nothing left to cancel");
        time.advance(Duration.ofSeconds(10));
        flush(ref);

        assertEquals(0, deliveries("tick"));
        assertEquals(0, time.pendingTasks(), "the timer itself was cancelled");
    }

    @Test
    void a_cancel_on_the_loop_after_the_timer_fired_but_before_delivery_still_wins() {
        ConnectionRef<Object, Object> ref = startOnFakeTime();
        Cancellable tick = sendAfter(ref, "tick", Duration.ofSeconds(1));
        AtomicBoolean cancelled = new AtomicBoolean();

        try (Gate gate = blockLoop(ref, () -> cancelled.set(tick.cancel()))) {
            time.advance(Duration.ofSeconds(1)); // fires: the message is queued behind the gate
            assertEquals(0, time.pendingTasks());
        } // the gate cancels on the loop, before the queued message is handled
        flush(ref);

        assertTrue(cancelled.get(), "the cancel prevented the delivery");
        assertEquals(0, deliveries("tick"));
    }

    @Test
    void a_cancel_from_another_thread_after_the_timer_fired_but_before_delivery_still_wins() {
        ConnectionRef<Object, Object> ref = startOnFakeTime();
        Cancellable tick = sendAfter(ref, "tick", Duration.ofSeconds(1));

        try (Gate gate = blockLoop(ref)) {
            time.advance(Duration.ofSeconds(1));
            assertTrue(tick.cancel());
        }
        flush(ref);

        assertEquals(0, deliveries("tick"));
    }

    @Test
    void backoff_by_policy_grows_exponentially_to_the_cap_and_events_count_the_attempts() {
        ConnectionRef<Object, Object> ref = startWithPolicy(BackoffPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)));
        for (int attempt = 1; attempt < 5; attempt++) {
            awaitBackingOff(attempt);
            time.advance(time.nextDue());
        }
        awaitBackingOff(5);

        List<Duration> expected = millis(100, 200, 400, 800, 1000);
        assertEquals(expected, time.scheduledDelays());
        List<ConnectionEvent.BackingOff> backoffs = backingOff();
        assertEquals(List.of(1, 2, 3, 4, 5), backoffs.stream().map(ConnectionEvent.BackingOff::attempt).toList());
        assertEquals(expected, backoffs.stream().map(ConnectionEvent.BackingOff::delay).toList());
        backoffs.forEach(b -> assertSame(REFUSED, b.cause()));
        assertEquals(List.of("init", Signal.BACKOFF, Signal.BACKOFF, Signal.BACKOFF, Signal.BACKOFF),
                conn.invocations("connect").stream().map(ScriptedConnection.Invocation::argument).toList());
        assertEquals(ConnectionState.BACKING_OFF, ref.state());
    }

    @Test
    void a_policy_with_max_attempts_stops_the_process_with_BackoffExhausted() {
        ConnectionRef<Object, Object> ref = startWithPolicy(
                BackoffPolicy.constant(Duration.ofMillis(100)).withMaxAttempts(3));
        awaitBackingOff(1);
        time.advance(Duration.ofMillis(100));
        awaitBackingOff(2);
        time.advance(Duration.ofMillis(100));

        StopReason reason = valueOf(ref.stopped());

        StopReason.BackoffExhausted exhausted = assertInstanceOf(StopReason.BackoffExhausted.class, reason);
        assertEquals(3, exhausted.attempts());
        assertEquals(Duration.ofMillis(200), exhausted.outage(), "from the first failure to the last");
        assertSame(REFUSED, exhausted.lastCause());
        assertEquals(List.of(1, 2), backingOff().stream().map(ConnectionEvent.BackingOff::attempt).toList());
        assertEquals(new ConnectionEvent.Stopped(ref.name(), reason), events.getLast());
        assertEquals(List.of(reason), conn.invocations("terminate").stream().map(ScriptedConnection.Invocation::argument).toList());
        assertEquals(ConnectionState.STOPPED, ref.state());
    }

    @Test
    void a_policy_with_max_outage_stops_the_process_once_the_outage_lasted_that_long() {
        ConnectionRef<Object, Object> ref = startWithPolicy(
                BackoffPolicy.constant(Duration.ofMillis(100)).withMaxOutage(Duration.ofMillis(250)));
        for (int attempt = 1; attempt <= 3; attempt++) {
            awaitBackingOff(attempt);
            time.advance(Duration.ofMillis(100));
        }

        StopReason.BackoffExhausted exhausted =
                assertInstanceOf(StopReason.BackoffExhausted.class, valueOf(ref.stopped()));
        assertEquals(4, exhausted.attempts());
        assertEquals(Duration.ofMillis(300), exhausted.outage());
    }

    @Test
    void attempts_reset_only_after_the_connection_stayed_up_for_the_reset_window() {
        ConnectionRef<Object, Object> ref = startWithPolicy(BackoffPolicy
                .exponential(Duration.ofMillis(100), Duration.ofSeconds(10))
                .withResetAfter(Duration.ofSeconds(5)));
        awaitBackingOff(1);
        time.advance(Duration.ofMillis(100));
        awaitBackingOff(2);
        reconnectAfter(ref, Duration.ofMillis(200));

        time.advance(Duration.ofSeconds(1)); // up, but for less than the window: a flap
        dropConnection(ref);
        awaitBackingOff(3);
        reconnectAfter(ref, Duration.ofMillis(400));

        time.advance(Duration.ofSeconds(5)); // stable for the whole window
        dropConnection(ref);
        awaitBackingOff(4);

        List<ConnectionEvent.BackingOff> backoffs = backingOff();
        assertEquals(List.of(1, 2, 3, 1), backoffs.stream().map(ConnectionEvent.BackingOff::attempt).toList());
        assertEquals(millis(100, 200, 400, 100), backoffs.stream().map(ConnectionEvent.BackingOff::delay).toList());
    }

    @Test
    void the_context_counts_attempts_while_backing_off_and_reports_zero_once_connected() {
        ConnectionRef<Object, Object> ref = startWithPolicy(BackoffPolicy.constant(Duration.ofMillis(100)));
        awaitBackingOff(1);
        time.advance(Duration.ofMillis(100));
        awaitBackingOff(2);
        assertEquals(2, backoffAttempt(ref));

        reconnectAfter(ref, Duration.ofMillis(100));

        assertEquals(0, backoffAttempt(ref), "ConnectionContext.backoffAttempt(): zero when connected");
    }

    @Test
    void calls_while_backing_off_are_answered_by_the_behaviour_and_the_timer_keeps_running() {
        conn.onConnect(info -> serverUp.get() ? ConnectResult.ok() : ConnectResult.backoff(Backoff.after(Duration.ofSeconds(1))))
                .onCall((request, from) -> CallResult.reply(serverUp.get() ? "pong" : "down"));
        ConnectionRef<Object, Object> ref = startOnFakeTime();

        assertEquals("down", ref.call("ping"));
        assertEquals(ConnectionState.BACKING_OFF, ref.state());
        assertEquals(1, time.pendingTasks(), "a Reply leaves the backoff timer armed");

        serverUp.set(true);
        time.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> ref.state() == ConnectionState.CONNECTED);
        assertEquals("pong", ref.call("ping"));
    }

    private int backoffAttempt(ConnectionRef<Object, Object> ref) {
        return (Integer) ref.call(Eval.call(from -> CallResult.reply(conn.context().backoffAttempt())));
    }

    private void reconnectAfter(ConnectionRef<Object, Object> ref, Duration delay) {
        serverUp.set(true);
        time.advance(delay);
        await().atMost(WAIT).until(() -> ref.state() == ConnectionState.CONNECTED);
    }

    private void dropConnection(ConnectionRef<Object, Object> ref) {
        serverUp.set(false);
        ref.cast(Eval.cast(() -> CastResult.disconnect("dropped"))); // disconnect backs off by policy
    }
}
