package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.InfoResult;
import dev.tether.connection.MailboxFullException;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The bounded mailbox (docs/behaviour-contract.md, 'Calls, casts and info'): overflow is a clear
 * error, never a silent drop.
 */
@ExtendWith(LeakCheckExtension.class)
class MailboxTest extends ContractBSupport {

    private static final int CAPACITY = 4;

    private final AtomicInteger handled = new AtomicInteger();

    private Eval countedCast() {
        return Eval.cast(() -> {
            handled.incrementAndGet();
            return CastResult.noReply();
        });
    }

    private Eval countedCall() {
        return Eval.call(from -> CallResult.reply(handled.incrementAndGet()));
    }

    private Eval countedInfo() {
        return Eval.info(() -> {
            handled.incrementAndGet();
            return InfoResult.noReply();
        });
    }

    /** Waits until {@code expected} messages were handled, then checks that no more arrive. */
    private void assertHandledExactly(ConnectionRef<Object, Object> ref, int expected) {
        await().atMost(WAIT).until(() -> handled.get() >= expected);
        flush(ref);
        assertEquals(expected, handled.get());
    }

    private ConnectionRef<Object, Object> startBounded(int capacity) {
        return start(new ScriptedConnection(), ConnectionOptions.builder().mailboxCapacity(capacity).build());
    }

    private static void assertFull(ConnectionRef<?, ?> ref, int capacity, Executable overflow) {
        MailboxFullException e = assertThrows(MailboxFullException.class, overflow);
        assertEquals(capacity, e.capacity());
        assertEquals("mailbox of " + ref.name() + " is full (capacity " + capacity + ")", e.getMessage());
    }

    @Test
    void a_cast_over_capacity_throws_MailboxFullException_and_every_accepted_cast_is_handled() {
        ConnectionRef<Object, Object> ref = startBounded(CAPACITY);
        try (Gate gate = blockLoop(ref)) {
            for (int i = 0; i < CAPACITY; i++) {
                ref.cast(countedCast());
            }
            assertFull(ref, CAPACITY, () -> ref.cast(countedCast()));
        }
        assertHandledExactly(ref, CAPACITY);
        ref.cast(countedCast()); // room again once drained
        assertHandledExactly(ref, CAPACITY + 1);
    }

    @Test
    void calls_over_capacity_throw_MailboxFullException_and_every_accepted_call_is_answered() {
        ConnectionRef<Object, Object> ref = startBounded(CAPACITY);
        List<CompletableFuture<Object>> accepted = new ArrayList<>();
        try (Gate gate = blockLoop(ref)) {
            for (int i = 0; i < CAPACITY; i++) {
                accepted.add(ref.callAsync(countedCall()));
            }
            assertFull(ref, CAPACITY, () -> ref.callAsync(countedCall()));
            assertFull(ref, CAPACITY, () -> ref.call(countedCall()));
        }
        List<Object> answers = accepted.stream().map(ContractBSupport::valueOf).toList();
        assertEquals(List.of(1, 2, 3, 4), answers);
        assertEquals(CAPACITY, handled.get());
    }

    @Test
    void a_send_over_capacity_throws_MailboxFullException_and_every_accepted_message_is_handled() {
        ConnectionRef<Object, Object> ref = startBounded(CAPACITY);
        try (Gate gate = blockLoop(ref)) {
            for (int i = 0; i < CAPACITY; i++) {
                ref.send(countedInfo());
            }
            assertFull(ref, CAPACITY, () -> ref.send(countedInfo()));
        }
        assertHandledExactly(ref, CAPACITY);
    }

    @Test
    void senders_racing_into_a_full_mailbox_get_exactly_its_capacity_accepted_and_nothing_is_lost() throws Exception {
        int capacity = 100;
        int threads = 8;
        int perThread = 500;
        ConnectionRef<Object, Object> ref = startBounded(capacity);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (Gate gate = blockLoop(ref)) {
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < threads; t++) {
                    senders.submit(() -> {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            try {
                                ref.cast(countedCast());
                                accepted.incrementAndGet();
                            } catch (MailboxFullException e) {
                                rejected.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                go.countDown();
            }
            assertEquals(capacity, accepted.get());
            assertEquals(threads * perThread - capacity, rejected.get());
        }
        assertHandledExactly(ref, capacity);
    }

    @Test
    void a_rejected_async_call_leaves_no_deadline_timer_behind() {
        FakeTime time = new FakeTime();
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection(),
                fakeTime(time).mailboxCapacity(1).build());
        flush(ref);
        try (Gate gate = blockLoop(ref)) {
            ref.cast(countedCast());
            assertFull(ref, 1, () -> ref.callAsync(countedCall(), Duration.ofHours(1)));
            assertEquals(0, time.pendingTasks(), "the rejected call's timer would hold it for an hour");
        }
        assertHandledExactly(ref, 1);
        ref.stop();
        assertThrows(ConnectionStoppedException.class, () -> ref.callAsync(countedCall(), Duration.ofHours(1)));
        assertEquals(0, time.pendingTasks(), "the rejected call's timer would hold it for an hour");
    }

    @Test
    void cast_call_and_send_after_stop_fail_with_ConnectionStoppedException_carrying_the_reason() {
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());
        StopReason reason = StopReason.shutdown("maintenance");
        ref.stop(reason, WAIT);

        assertAll(
                () -> assertStoppedWith(reason, assertThrows(ConnectionStoppedException.class,
                        () -> ref.cast(countedCast()))),
                () -> assertStoppedWith(reason, assertThrows(ConnectionStoppedException.class,
                        () -> ref.send(countedInfo()))),
                () -> assertStoppedWith(reason, assertThrows(ConnectionStoppedException.class,
                        () -> ref.call(countedCall()))),
                () -> assertStoppedWith(reason, rejectionOf(() -> ref.callAsync(countedCall()))));
        assertEquals(0, handled.get());
    }

    @Test
    void cast_and_send_while_the_process_is_stopping_are_refused_not_silently_dropped() {
        CountDownLatch inTerminate = new CountDownLatch(1);
        CountDownLatch finishTerminate = new CountDownLatch(1);
        ScriptedConnection conn = new ScriptedConnection().onTerminate(reason -> {
            inTerminate.countDown();
            awaitQuietly(finishTerminate);
        });
        ConnectionRef<Object, Object> ref = start(conn);
        StopReason reason = StopReason.shutdown("stopping itself");
        ref.cast(Eval.cast(() -> CastResult.stop(reason)));
        awaitLatch(inTerminate, "terminate");
        Throwable castError;
        Throwable sendError;
        CompletableFuture<Object> call;
        try {
            assertEquals(ConnectionState.STOPPING, ref.state());
            castError = thrownBy(() -> ref.cast(countedCast()));
            sendError = thrownBy(() -> ref.send(countedInfo()));
            try {
                call = ref.callAsync(countedCall()); // may be accepted, then failed once terminate is done
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
        } finally {
            finishTerminate.countDown();
        }
        CompletableFuture<Object> callWhileStopping = call;
        assertAll(
                () -> assertStoppedWith(reason, castError, "cast while STOPPING"),
                () -> assertStoppedWith(reason, sendError, "send while STOPPING"),
                () -> assertStoppedWith(reason, failureOf(callWhileStopping), "call while STOPPING"));
        assertEquals(reason, valueOf(ref.stopped()));
        assertEquals(0, handled.get());
    }

    @Test
    void null_requests_and_messages_are_rejected_with_a_message_naming_them() {
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());
        assertAll(
                () -> assertNamed("request", assertThrows(NullPointerException.class, () -> ref.cast(null))),
                () -> assertNamed("request", assertThrows(NullPointerException.class, () -> ref.call(null))),
                () -> assertNamed("request", assertThrows(NullPointerException.class,
                        () -> ref.call(null, Duration.ofSeconds(1)))),
                () -> assertNamed("request", assertThrows(NullPointerException.class, () -> ref.callAsync(null))),
                () -> assertNamed("message", assertThrows(NullPointerException.class, () -> ref.send(null))),
                () -> assertNamed("timeout", assertThrows(NullPointerException.class,
                        () -> ref.call(countedCall(), null))));
        flush(ref);
        assertEquals(0, handled.get(), "nothing was enqueued");
        assertEquals(ConnectionState.CONNECTED, ref.state());
    }

    private static Throwable thrownBy(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assertStoppedWith(StopReason reason, Throwable error) {
        assertStoppedWith(reason, error, "expected ConnectionStoppedException");
    }

    private static void assertStoppedWith(StopReason reason, Throwable error, String what) {
        ConnectionStoppedException stopped = assertInstanceOf(ConnectionStoppedException.class, error,
                what + " (accepted and silently dropped when null)");
        assertEquals(reason, stopped.reason());
        assertTrue(stopped.getMessage().contains(reason.describe()), stopped.getMessage());
    }

    private static void assertNamed(String what, Throwable error) {
        assertTrue(error.getMessage() != null && error.getMessage().contains(what),
                "message should name the " + what + ": " + error.getMessage());
    }
}
