package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.CallTimeoutException;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.MailboxFullException;
import dev.tether.connection.StopReason;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Postpone (docs/behaviour-contract.md, 'Callbacks and results'): kept, redelivered after the next
 * state change, bounded.
 */
@ExtendWith(LeakCheckExtension.class)
class PostponeTest extends ContractBSupport {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeTime time = new FakeTime();
    private final AtomicBoolean up = new AtomicBoolean();
    private final List<String> deliveries = new CopyOnWriteArrayList<>();

    /** A call that postpones itself until the connection is up, recording each delivery. */
    private Eval callPostponedUntilUp(String label) {
        return Eval.call(from -> {
            if (!up.get()) {
                deliveries.add(label + " postponed");
                return CallResult.postpone();
            }
            deliveries.add(label);
            return CallResult.reply(label + " answered");
        });
    }

    /** A cast that postpones itself until the connection is up, recording each delivery. */
    private Eval castPostponedUntilUp(String label) {
        return Eval.cast(() -> {
            if (!up.get()) {
                deliveries.add(label + " postponed");
                return CastResult.postpone();
            }
            deliveries.add(label);
            return CastResult.noReply();
        });
    }

    /** A call that postpones itself every time it is delivered, counting deliveries. */
    private static Eval alwaysPostponed(AtomicInteger count) {
        return Eval.call(from -> {
            count.incrementAndGet();
            return CallResult.postpone();
        });
    }

    /** Backs off from init as {@code backoff} says; the connect after it succeeds and sets {@link #up}. */
    private ConnectionRef<Object, Object> startBackingOff(Backoff backoff, int postponeCapacity) {
        ScriptedConnection conn = new ScriptedConnection()
                .onInit(c -> InitResult.backoff(backoff))
                .onConnect(info -> {
                    up.set(true);
                    return ConnectResult.ok();
                });
        ConnectionRef<Object, Object> ref = start(conn, fakeTime(time).postponeCapacity(postponeCapacity).build());
        flush(ref); // init's backoff is applied (start may return before; see StartStopTest)
        return ref;
    }

    @Test
    void messages_postponed_while_backing_off_are_redelivered_once_connected_before_newer_messages() {
        ConnectionRef<Object, Object> ref = startBackingOff(Backoff.after(Duration.ofSeconds(1)), 100);
        assertEquals(ConnectionState.BACKING_OFF, ref.state());

        CompletableFuture<Object> a = ref.callAsync(callPostponedUntilUp("a"), LONG);
        ref.cast(castPostponedUntilUp("b"));
        CompletableFuture<Object> c = ref.callAsync(callPostponedUntilUp("c"), LONG);
        flush(ref);
        assertEquals(List.of("a postponed", "b postponed", "c postponed"), deliveries);
        assertFalse(a.isDone(), "a postponed call is not answered");

        CompletableFuture<Object> newer;
        try (Gate gate = blockLoop(ref)) {
            time.advance(Duration.ofSeconds(1)); // the backoff fire is queued behind the gate
            newer = ref.callAsync(callPostponedUntilUp("d"), LONG); // queued after the fire
        }

        assertEquals("a answered", valueOf(a));
        assertEquals("c answered", valueOf(c));
        assertEquals("d answered", valueOf(newer));
        assertEquals(List.of("a postponed", "b postponed", "c postponed", "a", "b", "c", "d"), deliveries);
        assertEquals(ConnectionState.CONNECTED, ref.state());
    }

    @Test
    void a_postponed_call_comes_back_after_any_state_change_and_its_caller_gets_that_answer() {
        ScriptedConnection conn = new ScriptedConnection().onDisconnect(info -> DisconnectResult.noConnect());
        ConnectionRef<Object, Object> ref = start(conn);
        AtomicInteger count = new AtomicInteger();

        CompletableFuture<Object> call = ref.callAsync(Eval.call(from -> count.incrementAndGet() == 1
                ? CallResult.postpone()
                : CallResult.reply("answered on delivery " + count.get())), LONG);
        flush(ref); // same state: the postponed call stays put
        assertEquals(1, count.get());
        assertFalse(call.isDone());

        ref.cast(Eval.cast(() -> CastResult.disconnect("dropped"))); // CONNECTED -> DISCONNECTED

        assertEquals("answered on delivery 2", valueOf(call));
        assertEquals(ConnectionState.DISCONNECTED, ref.state());
        List<String> calls = conn.calls();
        assertTrue(calls.indexOf("disconnect(dropped)") < calls.lastIndexOf("handleCall(eval)"),
                "redelivered after the state change: " + calls);
    }

    @Test
    void a_postponed_call_whose_deadline_passed_before_redelivery_is_never_handed_back() {
        ConnectionRef<Object, Object> ref = startBackingOff(Backoff.after(Duration.ofSeconds(10)), 100);
        AtomicInteger syncDeliveries = new AtomicInteger();
        AtomicInteger asyncDeliveries = new AtomicInteger();

        // A synchronous caller waits 30 s of real time, but its deadline is on the fake ticker.
        CompletableFuture<Object> syncCaller = inThread(() -> ref.call(alwaysPostponed(syncDeliveries), LONG));
        CompletableFuture<Object> asyncCaller = ref.callAsync(alwaysPostponed(asyncDeliveries), Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> syncDeliveries.get() == 1 && asyncDeliveries.get() == 1);

        try (Gate gate = blockLoop(ref)) {
            time.advance(Duration.ofSeconds(31)); // both deadlines pass, then the backoff fires
        }

        assertInstanceOf(CallTimeoutException.class, failureOf(asyncCaller));
        assertInstanceOf(CallTimeoutException.class, failureOf(syncCaller),
                "the loop drops the expired call at once, long before the caller's real 30 s");
        flush(ref);
        assertEquals(ConnectionState.CONNECTED, ref.state());
        assertEquals(1, syncDeliveries.get(), "an expired postponed call is not redelivered");
        assertEquals(1, asyncDeliveries.get(), "an expired postponed call is not redelivered");
    }

    @Test
    void the_postpone_queue_is_bounded_and_a_call_over_capacity_fails_with_MailboxFullException() {
        ConnectionRef<Object, Object> ref = startBackingOff(Backoff.forever(), 2);
        AtomicInteger count = new AtomicInteger();

        CompletableFuture<Object> first = ref.callAsync(alwaysPostponed(count), LONG);
        CompletableFuture<Object> second = ref.callAsync(alwaysPostponed(count), LONG);
        CompletableFuture<Object> third = ref.callAsync(alwaysPostponed(count), LONG);

        MailboxFullException full = assertInstanceOf(MailboxFullException.class, failureOf(third));
        assertEquals(2, full.capacity());
        assertEquals("postpone queue of " + ref.name() + " is full (capacity 2)", full.getMessage());
        flush(ref);
        assertFalse(first.isDone(), "postponed calls within capacity keep waiting");
        assertFalse(second.isDone(), "postponed calls within capacity keep waiting");

        StopReason reason = StopReason.shutdown("test over");
        ref.stop(reason, WAIT);
        for (CompletableFuture<Object> held : List.of(first, second)) {
            ConnectionStoppedException stopped = assertInstanceOf(ConnectionStoppedException.class, failureOf(held));
            assertEquals(reason, stopped.reason());
        }
    }

    @Test
    void a_postponed_cast_over_capacity_is_dropped_and_the_connection_carries_on() {
        ConnectionRef<Object, Object> ref = startBackingOff(Backoff.forever(), 1);
        ref.cast(castPostponedUntilUp("kept"));
        ref.cast(castPostponedUntilUp("dropped"));
        flush(ref);
        assertEquals(List.of("kept postponed", "dropped postponed"), deliveries);

        ref.cast(Eval.cast(() -> CastResult.connect("now"))); // BACKING_OFF -> CONNECTING -> CONNECTED
        flush(ref);

        assertEquals(List.of("kept postponed", "dropped postponed", "kept"), deliveries);
        assertEquals(ConnectionState.CONNECTED, ref.state());
    }

    @Test
    void postponed_calls_whose_callers_gave_up_do_not_hold_places_in_the_postpone_queue() {
        ConnectionRef<Object, Object> ref = startBackingOff(Backoff.forever(), 2);
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Object> first = ref.callAsync(alwaysPostponed(count), Duration.ofSeconds(1));
        CompletableFuture<Object> second = ref.callAsync(alwaysPostponed(count), Duration.ofSeconds(1));
        flush(ref);
        time.advance(Duration.ofSeconds(2)); // both callers time out while their calls are postponed
        assertInstanceOf(CallTimeoutException.class, failureOf(first));
        assertInstanceOf(CallTimeoutException.class, failureOf(second));

        CompletableFuture<Object> live = ref.callAsync(alwaysPostponed(count), LONG);
        flush(ref);

        assertEquals(3, count.get());
        assertFalse(live.isDone(), "Postpone: a postponed call is dropped once its deadline passes, so expired "
                + "calls must not fill the queue and refuse a live one; got " + (live.isDone() ? failureOf(live) : ""));
    }
}
