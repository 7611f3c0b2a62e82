package dev.tether.testkit.contract;

import static dev.tether.connection.ConnectionState.BACKING_OFF;
import static dev.tether.connection.ConnectionState.CONNECTED;
import static dev.tether.testkit.contract.ContractAFixture.WAIT;
import static dev.tether.testkit.contract.ContractAFixture.awaitLatch;
import static dev.tether.testkit.contract.ContractAFixture.awaitState;
import static dev.tether.testkit.contract.ContractAFixture.eventually;
import static dev.tether.testkit.contract.ContractAFixture.ms;
import static dev.tether.testkit.contract.ContractAFixture.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StopReason;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ordering guarantees of docs/behaviour-contract.md, 'Ordering guarantees', one group per guarantee. */
@ExtendWith(LeakCheckExtension.class)
class OrderingTest {

    private final ContractAFixture fx = new ContractAFixture();
    private final ScriptedConnection conn = fx.conn;

    @AfterEach
    void everyConnectionWasStopped() {
        fx.assertAllStopped();
    }

    // ------------------------------------------------- 1. mailbox order is arrival order

    @Test
    void callsCastsInfosAndTimerFiresAreHandledInArrivalOrder() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        conn.onInit(c -> InitResult.backoff(Backoff.after(ms(10))));
        conn.onCast(request -> CastResult.noReply());
        conn.onCall((request, from) -> {
            if (request.equals("block")) {
                conn.context().sendAfter("tick", ms(20)); // a timer fire to be queued later
                blocked.countDown();
                awaitLatch(release);
            }
            return CallResult.reply(request);
        });
        ConnectionRef<Object, Object> ref = fx.start();
        CompletableFuture<Object> first = ref.callAsync("block");
        assertTrue(awaitLatch(blocked));

        ref.cast("cast-1");
        fx.time.advance(ms(10)); // the backoff timer fires: connect(BACKOFF) is queued
        ref.send("info-1");
        CompletableFuture<Object> second = ref.callAsync("call-2");
        fx.time.advance(ms(10)); // the sendAfter fires: handleInfo(tick) is queued
        ref.cast("cast-2");
        release.countDown();

        assertEquals("call-2", second.join());
        fx.awaitCalls("init(null)", "handleCall(block)", "handleCast(cast-1)", "connect(BACKOFF)", "handleInfo(info-1)",
                "handleCall(call-2)", "handleInfo(tick)", "handleCast(cast-2)");
        assertEquals("block", first.join());
        ref.stop();
    }

    @Test
    void messagesFromManyThreadsKeepEachSendersOrder() throws Exception {
        ConnectionRef<Object, Object> ref = fx.start();
        int senders = 4;
        int perSender = 200;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            String sender = "s" + s;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perSender; i++) {
                    ref.send(sender + ":" + i);
                }
            }));
        }
        for (Thread t : threads) {
            assertTrue(t.join(WAIT));
        }
        ping(ref);

        for (int s = 0; s < senders; s++) {
            String prefix = "handleInfo(s" + s + ":";
            List<String> seen = conn.calls().stream().filter(c -> c.startsWith(prefix)).toList();
            List<String> sent = IntStream.range(0, perSender).mapToObj(i -> prefix + i + ")").toList();
            assertEquals(sent, seen, "order of sender s" + s);
        }
        ref.stop();
    }

    // ------------------------------------------------- 2. Connect/Disconnect run in the same turn

    @ParameterizedTest(name = "Connect returned by {0} runs before a message queued meanwhile")
    @ValueSource(strings = {"handleCall", "handleCast", "handleInfo"})
    void connectReturnedByACallbackRunsInTheSameTurn(String callback) {
        ConnectionRef<Object, Object> ref = fx.start();

        runInCallback(ref, callback, () -> {
            conn.context().send("queued meanwhile");
            return "connect";
        });

        fx.awaitCalls("init(null)", "connect(init)", callback + "(eval)", "connect(same turn)", "handleInfo(queued meanwhile)");
        ref.stop();
    }

    @ParameterizedTest(name = "Disconnect returned by {0} runs before a message queued meanwhile")
    @ValueSource(strings = {"handleCall", "handleCast", "handleInfo"})
    void disconnectReturnedByACallbackRunsInTheSameTurn(String callback) {
        conn.onDisconnect(info -> DisconnectResult.noConnect());
        ConnectionRef<Object, Object> ref = fx.start();

        runInCallback(ref, callback, () -> {
            conn.context().send("queued meanwhile");
            return "disconnect";
        });

        fx.awaitCalls("init(null)", "connect(init)", callback + "(eval)", "disconnect(same turn)",
                "handleInfo(queued meanwhile)");
        ref.stop();
    }

    @Test
    void connectReturnedByDisconnectRunsInTheSameTurn() {
        conn.onDisconnect(info -> {
            conn.context().send("queued meanwhile");
            return DisconnectResult.connect("again");
        });
        ConnectionRef<Object, Object> ref = fx.start();

        ref.send(Eval.info(() -> InfoResult.disconnect("drop")));

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(eval)", "disconnect(drop)", "connect(again)",
                "handleInfo(queued meanwhile)");
        ref.stop();
    }

    @Test
    void aMessageFromAnotherThreadWaitsForTheConnectOfTheSameTurn() {
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch inHandleInfo = new CountDownLatch(1);
        ConnectionRef<Object, Object> ref = fx.start();

        ref.send(Eval.info(() -> {
            inHandleInfo.countDown();
            awaitLatch(sent);
            return InfoResult.connect("same turn");
        }));
        assertTrue(awaitLatch(inHandleInfo));
        ref.send("from outside");
        sent.countDown();

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(eval)", "connect(same turn)", "handleInfo(from outside)");
        ref.stop();
    }

    // ------------------------------------------------- 3. after init's Connect, connect runs first

    @Test
    void connectFromInitRunsBeforeMessagesQueuedDuringInit() {
        CountDownLatch initMayReturn = new CountDownLatch(1);
        conn.onInit(c -> {
            c.send("sent by init");
            awaitLatch(initMayReturn);
            return InitResult.connect("from init");
        });

        CompletableFuture<ConnectionRef<Object, Object>> starting = CompletableFuture.supplyAsync(fx::start);
        eventually(() -> assertNotNull(conn.context()));
        ConnectionRef<Object, Object> early = conn.context().self();
        early.send("sent from outside during init");
        CompletableFuture<Object> call = early.callAsync(Eval.call(from -> CallResult.reply("answered")));
        initMayReturn.countDown();
        ConnectionRef<Object, Object> ref = starting.join();

        assertEquals("answered", call.join());
        fx.awaitCalls("init(null)", "connect(from init)", "handleInfo(sent by init)",
                "handleInfo(sent from outside during init)", "handleCall(eval)");
        ref.stop();
    }

    // ------------------------------------------------- 4. "+ reply" replies before the follow-up

    @Test
    void replyThenConnectDeliversTheReplyBeforeConnectRuns() {
        ConnectionRef<Object, Object> ref = fx.start();
        FollowUp followUp = new FollowUp();
        conn.onConnect(info -> {
            followUp.check(info);
            return ConnectResult.ok();
        });

        Object reply = ref.call(followUp.capture(from -> CallResult.replyThenConnect("r", "follow-up")));
        followUp.callerGotReply.countDown();

        assertEquals("r", reply);
        followUp.assertReplyCameFirst();
        ref.stop();
    }

    @Test
    void replyThenDisconnectDeliversTheReplyBeforeDisconnectRuns() {
        FollowUp followUp = new FollowUp();
        conn.onDisconnect(info -> {
            followUp.check(info);
            return DisconnectResult.noConnect();
        });
        ConnectionRef<Object, Object> ref = fx.start();

        Object reply = ref.call(followUp.capture(from -> CallResult.replyThenDisconnect("r", "follow-up")));
        followUp.callerGotReply.countDown();

        assertEquals("r", reply);
        followUp.assertReplyCameFirst();
        ref.stop();
    }

    @Test
    void replyThenStopDeliversTheReplyBeforeTerminateRuns() {
        FollowUp followUp = new FollowUp();
        conn.onTerminate(followUp::check);
        ConnectionRef<Object, Object> ref = fx.start();
        StopReason reason = StopReason.shutdown("follow-up");

        Object reply = ref.call(followUp.capture(from -> CallResult.replyThenStop("r", reason)));
        followUp.callerGotReply.countDown();

        assertEquals("r", reply);
        assertEquals(reason, ContractAFixture.stopReason(ref));
        followUp.assertReplyCameFirst();
    }

    // ------------------------------------------------- 5. a stale backoff fire is never observed

    @Test
    void aBackoffFireQueuedBehindAConnectIsNeverObserved() {
        ConnectionRef<Object, Object> ref = startBackingOff();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> blocker = blockLoop(ref, release);

        ref.send(Eval.info(() -> InfoResult.connect("manual")));
        fx.time.advance(ms(100)); // the fire is queued behind the info that returns Connect
        release.countDown();

        assertEquals("unblocked", blocker.join());
        assertEquals("pong", ping(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleCall(eval)", "handleInfo(eval)", "connect(manual)",
                "handleCall(eval)"), conn.calls());
        assertEquals(CONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void aStaleBackoffFireDoesNotFireTheTimerArmedAfterIt() {
        ConnectionRef<Object, Object> ref = startBackingOff(); // armed at t=100 ms
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> blocker = blockLoop(ref, release);

        // A Disconnect cancels the timer; disconnect arms a new one, due 500 ms later.
        conn.onDisconnect(info -> DisconnectResult.backoff(Backoff.after(ms(500))));
        ref.send(Eval.info(() -> InfoResult.disconnect("manual")));
        fx.time.advance(ms(100)); // the old fire is queued behind the Disconnect
        release.countDown();
        assertEquals("unblocked", blocker.join());
        fx.awaitTimers(1);
        ping(ref);

        assertEquals(BACKING_OFF, ref.state());
        assertEquals(1, conn.invocations("connect").size(), "the stale fire ran connect");
        fx.time.advance(ms(500));
        fx.awaitCalls("init(null)", "connect(init)", "handleCall(eval)", "handleInfo(eval)", "disconnect(manual)",
                "handleCall(eval)", "connect(BACKOFF)");
        ref.stop();
    }

    // ------------------------------------------------- helpers

    /** A connection whose first connect failed and armed a 100 ms backoff timer. */
    private ConnectionRef<Object, Object> startBackingOff() {
        conn.onConnect(info -> info.equals("init") ? ConnectResult.backoff(Backoff.after(ms(100))) : ConnectResult.ok());
        ConnectionRef<Object, Object> ref = fx.start();
        awaitState(ref, BACKING_OFF);
        fx.awaitTimers(1);
        return ref;
    }

    /** Blocks the loop inside a call until {@code release} opens; returns that call's answer. */
    private static CompletableFuture<Object> blockLoop(ConnectionRef<Object, Object> ref, CountDownLatch release) {
        CountDownLatch blocked = new CountDownLatch(1);
        CompletableFuture<Object> answer = ref.callAsync(Eval.call(from -> {
            blocked.countDown();
            awaitLatch(release);
            return CallResult.reply("unblocked");
        }));
        assertTrue(awaitLatch(blocked), "the loop never ran the blocking call");
        return answer;
    }

    /**
     * Runs {@code body} inside {@code callback}, then returns Connect("same turn") or
     * Disconnect("same turn") as {@code body} says.
     */
    private static void runInCallback(ConnectionRef<Object, Object> ref, String callback,
                                      Supplier<String> body) {
        switch (callback) {
            case "handleCall" -> ref.callAsync(Eval.call(from -> {
                from.reply("answered");
                return body.get().equals("connect") ? CallResult.connect("same turn") : CallResult.disconnect("same turn");
            }));
            case "handleCast" -> ref.cast(Eval.cast(
                    () -> body.get().equals("connect") ? CastResult.connect("same turn") : CastResult.disconnect("same turn")));
            case "handleInfo" -> ref.send(Eval.info(
                    () -> body.get().equals("connect") ? InfoResult.connect("same turn") : InfoResult.disconnect("same turn")));
            default -> throw new IllegalArgumentException(callback);
        }
    }

    /**
     * Records, from inside the follow-up callback of a "+ reply" result, whether the caller's
     * handle was already complete and whether the caller had already received the reply (the
     * test thread opens {@link #callerGotReply} once {@code call} returned; were the reply sent
     * after the follow-up, that wait would time out).
     */
    private static final class FollowUp {
        final CountDownLatch callerGotReply = new CountDownLatch(1);
        private final AtomicReference<ReplyTo<Object>> from = new AtomicReference<>();
        private final AtomicReference<String> seen = new AtomicReference<>();

        Eval capture(Function<ReplyTo<Object>, CallResult<Object>> result) {
            return Eval.call(f -> {
                from.set(f);
                return result.apply(f);
            });
        }

        void check(Object info) {
            ReplyTo<Object> f = from.get();
            if (f == null || seen.get() != null) {
                return; // not the follow-up of the captured call
            }
            boolean done = f.isDone();
            boolean received = ContractAFixture.awaitLatch(callerGotReply);
            seen.set("handle done: " + done + ", caller received: " + received);
        }

        void assertReplyCameFirst() {
            eventually(() -> assertEquals("handle done: true, caller received: true", seen.get()));
        }
    }
}
