package dev.tether.testkit.contract;

import static dev.tether.connection.ConnectionState.BACKING_OFF;
import static dev.tether.connection.ConnectionState.CONNECTED;
import static dev.tether.connection.ConnectionState.DISCONNECTED;
import static dev.tether.connection.ConnectionState.STOPPED;
import static dev.tether.testkit.contract.ContractAFixture.awaitLatch;
import static dev.tether.testkit.contract.ContractAFixture.awaitState;
import static dev.tether.testkit.contract.ContractAFixture.castEval;
import static dev.tether.testkit.contract.ContractAFixture.eventually;
import static dev.tether.testkit.contract.ContractAFixture.ms;
import static dev.tether.testkit.contract.ContractAFixture.ping;
import static dev.tether.testkit.contract.ContractAFixture.sendInfo;
import static dev.tether.testkit.contract.ContractAFixture.stopReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Backoff;
import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.ConnectionEvent.BackingOff;
import dev.tether.connection.ConnectionEvent.Connected;
import dev.tether.connection.ConnectionEvent.Disconnected;
import dev.tether.connection.ConnectionEvent.Stopped;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.NoConnect;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StartIgnoredException;
import dev.tether.connection.StopReason;
import dev.tether.core.Tether;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One test per "yes" of the result table in docs/behaviour-contract.md, 'Callbacks and results'
 * (Postpone excepted, tested
 * elsewhere), plus the idle timeout that Ok, Reply, NoReply, Backoff and NoConnect may carry.
 */
@ExtendWith(LeakCheckExtension.class)
class ResultTableTest {

    private final ContractAFixture fx = new ContractAFixture();
    private final ScriptedConnection conn = fx.conn;

    @AfterEach
    void everyConnectionWasStopped() {
        fx.assertAllStopped();
    }

    // ------------------------------------------------------------------ init

    @Test
    void initOkStartsLoopWithoutCallingConnect() {
        conn.onInit(c -> InitResult.ok());
        ConnectionRef<Object, Object> ref = fx.start();

        assertEquals(CONNECTED, ref.state());
        assertEquals("pong", ping(ref));
        assertEquals(StopReason.normal(), ref.stop());
        assertEquals(List.of("init(null)", "handleCall(eval)", "terminate(Normal[])"), conn.calls());
        fx.awaitEvents(new Connected(ref.name()), new Stopped(ref.name(), StopReason.normal()));
    }

    @Test
    void initConnectReturnsFromStartThenRunsConnectBeforeQueuedMessages() {
        CountDownLatch startReturned = new CountDownLatch(1);
        AtomicBoolean connectRanAfterStartReturned = new AtomicBoolean();
        conn.onInit(c -> {
            c.send("queued-by-init");
            return InitResult.connect("go");
        });
        conn.onConnect(info -> {
            connectRanAfterStartReturned.set(awaitLatch(startReturned));
            return ConnectResult.ok();
        });

        ConnectionRef<Object, Object> ref = fx.start();
        ref.send("queued-after-start");
        startReturned.countDown();

        fx.awaitCalls("init(null)", "connect(go)", "handleInfo(queued-by-init)", "handleInfo(queued-after-start)");
        assertTrue(connectRanAfterStartReturned.get(), "start waited for connect");
        assertEquals(CONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void initBackoffArmsTimerAndConnectsWithBackoffInfo() {
        conn.onInit(c -> InitResult.backoff(Backoff.after(ms(100))));
        ConnectionRef<Object, Object> ref = fx.start();
        awaitState(ref, BACKING_OFF);
        fx.awaitTimers(1);

        fx.time.advance(ms(99));
        assertEquals("pong", ping(ref), "answers calls while backing off");
        assertEquals(BACKING_OFF, ref.state());
        fx.time.advance(ms(1));

        fx.awaitCalls("init(null)", "handleCall(eval)", "connect(BACKOFF)");
        awaitState(ref, CONNECTED);
        fx.awaitEvents(new BackingOff(ref.name(), ms(100), 0, null), new Connected(ref.name()));
        ref.stop();
    }

    @Test
    void initBackoffHasArmedTheTimerWhenStartReturns() {
        CountDownLatch jitterMayRun = new CountDownLatch(1);
        RandomGenerator slowJitter = () -> {
            awaitLatch(jitterMayRun); // widens the window between init returning and the timer arming
            return 0L;
        };
        conn.onInit(c -> InitResult.backoff(Backoff.byPolicy()));
        ConnectionRef<Object, Object> ref = fx.start(fx.options()
                .backoffPolicy(BackoffPolicy.fullJitter(ms(100), ms(100))).jitter(slowJitter).build());
        ConnectionState stateWhenStartReturned = ref.state();
        int timersWhenStartReturned = fx.time.pendingTasks();
        jitterMayRun.countDown();
        ref.stop();

        assertEquals(BACKING_OFF, stateWhenStartReturned);
        assertEquals(1, timersWhenStartReturned);
    }

    @Test
    void initStopFailsStartWithoutTerminate() {
        StopReason reason = StopReason.failure("refused by init");
        conn.onInit(c -> InitResult.stop(reason));

        StartFailedException e = assertThrows(StartFailedException.class, fx::start);

        assertEquals(reason, e.reason());
        assertEquals(List.of("init(null)"), conn.calls());
    }

    @Test
    void initIgnoreStartsNothing() {
        conn.onInit(c -> InitResult.ignore());

        assertThrows(StartIgnoredException.class, fx::start);

        assertEquals(List.of("init(null)"), conn.calls());
        assertEquals(List.of(), fx.events);
    }

    // ------------------------------------------------------------------ connect

    @Test
    void connectOkMarksTheConnectionConnected() {
        ConnectionRef<Object, Object> ref = fx.start();

        awaitState(ref, CONNECTED);
        fx.awaitCalls("init(null)", "connect(init)");
        fx.awaitEvents(new Connected(ref.name()));
        ref.stop();
    }

    @Test
    void connectBackoffArmsTimerAndRetriesWithBackoffInfo() {
        IOException refused = new IOException("refused");
        AtomicInteger attempts = new AtomicInteger();
        conn.onConnect(info -> attempts.incrementAndGet() == 1
                ? ConnectResult.backoff(Backoff.after(ms(50)).because(refused))
                : ConnectResult.ok());
        ConnectionRef<Object, Object> ref = fx.start();
        awaitState(ref, BACKING_OFF);
        fx.awaitTimers(1);

        fx.time.advance(ms(50));

        fx.awaitCalls("init(null)", "connect(init)", "connect(BACKOFF)");
        fx.awaitEvents(new BackingOff(ref.name(), ms(50), 0, refused), new Connected(ref.name()));
        assertEquals(CONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void connectBackoffByPolicyReportsEachAttemptWithItsDelay() {
        IOException refused = new IOException("refused");
        AtomicInteger attempts = new AtomicInteger();
        conn.onConnect(info -> attempts.incrementAndGet() <= 2
                ? ConnectResult.backoffByPolicy(refused)
                : ConnectResult.ok());
        ConnectionRef<Object, Object> ref = fx.start(fx.options().backoffPolicy(BackoffPolicy.constant(ms(30))).build());

        fx.awaitTimers(1);
        fx.time.advance(ms(30));
        eventually(() -> assertEquals(2, attempts.get()));
        fx.awaitTimers(1);
        fx.time.advance(ms(30));

        fx.awaitCalls("init(null)", "connect(init)", "connect(BACKOFF)", "connect(BACKOFF)");
        fx.awaitEvents(new BackingOff(ref.name(), ms(30), 1, refused), new BackingOff(ref.name(), ms(30), 2, refused),
                new Connected(ref.name()));
        ref.stop();
    }

    @Test
    void connectStopRunsTerminateAndFailsWaitingCallers() {
        StopReason reason = StopReason.shutdown("connect gave up");
        CountDownLatch callQueued = new CountDownLatch(1);
        conn.onConnect(info -> {
            awaitLatch(callQueued);
            return ConnectResult.stop(reason);
        });
        ConnectionRef<Object, Object> ref = fx.start();
        CompletableFuture<Object> queued = ref.callAsync(Eval.call(from -> CallResult.reply("never")));
        callQueued.countDown();

        assertEquals(reason, stopReason(ref));
        assertStoppedWith(reason, queued);
        assertEquals(List.of("init(null)", "connect(init)", "terminate(" + reason + ")"), conn.calls());
        assertEquals(STOPPED, ref.state());
        fx.awaitEvents(new Stopped(ref.name(), reason));
    }

    // ------------------------------------------------------------------ disconnect

    @Test
    void disconnectConnectReconnectsAtOnce() {
        conn.onDisconnect(info -> DisconnectResult.connect("again"));
        ConnectionRef<Object, Object> ref = fx.start();

        requestDisconnect(ref, "peer closed");

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(eval)", "disconnect(peer closed)", "connect(again)");
        fx.awaitEvents(new Connected(ref.name()), new Disconnected(ref.name(), "peer closed"), new Connected(ref.name()));
        assertEquals(CONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void disconnectBackoffArmsTimerThenConnectsWithBackoffInfo() {
        conn.onDisconnect(info -> DisconnectResult.backoff(Backoff.after(ms(200))));
        ConnectionRef<Object, Object> ref = fx.start();
        requestDisconnect(ref, "peer closed");
        awaitState(ref, BACKING_OFF);
        fx.awaitTimers(1);

        fx.time.advance(ms(200));

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(eval)", "disconnect(peer closed)", "connect(BACKOFF)");
        fx.awaitEvents(new Connected(ref.name()), new Disconnected(ref.name(), "peer closed"),
                new BackingOff(ref.name(), ms(200), 0, null), new Connected(ref.name()));
        ref.stop();
    }

    @Test
    void disconnectNoConnectStaysDisconnectedAndIdleUntilAConnect() {
        conn.onDisconnect(info -> DisconnectResult.noConnect());
        ConnectionRef<Object, Object> ref = fx.start();
        requestDisconnect(ref, "logout");
        awaitState(ref, DISCONNECTED);

        fx.time.advance(Duration.ofHours(1));
        assertEquals("pong", ping(ref));
        assertEquals(DISCONNECTED, ref.state());
        assertEquals(0, fx.time.pendingTasks(), "nothing armed while disconnected");
        assertEquals(1, conn.invocations("connect").size(), "no connect until asked");

        ref.send(Eval.info(() -> InfoResult.connect("login")));
        awaitState(ref, CONNECTED);
        assertEquals("connect(login)", conn.calls().get(conn.calls().size() - 1));
        ref.stop();
    }

    @Test
    void disconnectStopRunsTerminateWithTheReason() {
        StopReason reason = StopReason.shutdown("disconnect decided");
        conn.onDisconnect(info -> DisconnectResult.stop(reason));
        ConnectionRef<Object, Object> ref = fx.start();

        requestDisconnect(ref, "peer closed");

        assertEquals(reason, stopReason(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleInfo(eval)", "disconnect(peer closed)",
                "terminate(" + reason + ")"), conn.calls());
        fx.awaitEvents(new Connected(ref.name()), new Disconnected(ref.name(), "peer closed"), new Stopped(ref.name(), reason));
    }

    // ------------------------------------------------------------------ handleCall

    @Test
    void callReplyAnswersTheCallerAndLeavesTheBackoffTimerRunning() {
        conn.onInit(c -> InitResult.backoff(Backoff.after(ms(100))));
        ConnectionRef<Object, Object> ref = fx.start();
        fx.awaitTimers(1);

        assertEquals("answer", ref.call(Eval.call(from -> CallResult.reply("answer"))));
        assertEquals(1, fx.time.pendingTasks(), "the backoff timer survives a Reply");
        fx.time.advance(ms(100));

        fx.awaitCalls("init(null)", "handleCall(eval)", "connect(BACKOFF)");
        ref.stop();
    }

    @Test
    void callNoReplyKeepsTheCallerWaitingUntilAnotherThreadReplies() {
        ConnectionRef<Object, Object> ref = fx.start();
        AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();

        CompletableFuture<Object> answer = ref.callAsync(Eval.call(from -> {
            kept.set(from);
            return CallResult.noReply();
        }));
        ping(ref);
        assertFalse(answer.isDone());

        assertTrue(kept.get().reply("late"));
        assertEquals("late", answer.join());
        assertFalse(kept.get().reply("again"), "a second reply is ignored");
        ref.stop();
    }

    @Test
    void callNoReplyCanBeAnsweredByALaterCallback() {
        ConnectionRef<Object, Object> ref = fx.start();
        AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();
        CompletableFuture<Object> answer = ref.callAsync(Eval.call(from -> {
            kept.set(from);
            return CallResult.noReply();
        }));

        ref.send(Eval.info(() -> {
            kept.get().reply("from handleInfo");
            kept.get().reply("ignored"); // a second reply must not throw into the loop
            return InfoResult.noReply();
        }));

        assertEquals("from handleInfo", answer.join());
        assertEquals("pong", ping(ref));
        assertEquals(CONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void callConnectRunsConnectAndTheCallerKeepsWaiting() {
        ConnectionRef<Object, Object> ref = fx.start();
        AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();

        CompletableFuture<Object> answer = ref.callAsync(Eval.call(from -> {
            kept.set(from);
            return CallResult.connect("asked by call");
        }));

        fx.awaitCalls("init(null)", "connect(init)", "handleCall(eval)", "connect(asked by call)");
        assertFalse(answer.isDone());
        kept.get().reply("done");
        assertEquals("done", answer.join());
        ref.stop();
    }

    @Test
    void callReplyThenConnectAnswersThenRunsConnect() {
        ConnectionRef<Object, Object> ref = fx.start();

        assertEquals("ok", ref.call(Eval.call(from -> CallResult.replyThenConnect("ok", "asked by call"))));

        fx.awaitCalls("init(null)", "connect(init)", "handleCall(eval)", "connect(asked by call)");
        fx.awaitEvents(new Connected(ref.name()), new Connected(ref.name()));
        ref.stop();
    }

    @Test
    void callDisconnectRunsDisconnectAndTheCallerKeepsWaiting() {
        conn.onDisconnect(info -> DisconnectResult.noConnect());
        ConnectionRef<Object, Object> ref = fx.start();
        AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();

        CompletableFuture<Object> answer = ref.callAsync(Eval.call(from -> {
            kept.set(from);
            return CallResult.disconnect("asked by call");
        }));

        fx.awaitCalls("init(null)", "connect(init)", "handleCall(eval)", "disconnect(asked by call)");
        awaitState(ref, DISCONNECTED);
        assertFalse(answer.isDone());
        kept.get().reply("done");
        assertEquals("done", answer.join());
        ref.stop();
    }

    @Test
    void callReplyThenDisconnectAnswersThenRunsDisconnect() {
        conn.onDisconnect(info -> DisconnectResult.noConnect());
        ConnectionRef<Object, Object> ref = fx.start();

        assertEquals("bye", ref.call(Eval.call(from -> CallResult.replyThenDisconnect("bye", "asked by call"))));

        fx.awaitCalls("init(null)", "connect(init)", "handleCall(eval)", "disconnect(asked by call)");
        awaitState(ref, DISCONNECTED);
        ref.stop();
    }

    @Test
    void callStopFailsThisCallerWithTheReason() {
        StopReason reason = StopReason.shutdown("asked by call");
        ConnectionRef<Object, Object> ref = fx.start();

        ConnectionStoppedException e = assertThrows(ConnectionStoppedException.class,
                () -> ref.call(Eval.call(from -> CallResult.stop(reason))));

        assertEquals(reason, e.reason());
        assertEquals(reason, stopReason(ref));
        assertEquals("terminate(" + reason + ")", conn.calls().get(conn.calls().size() - 1));
    }

    @Test
    void callReplyThenStopAnswersThenStops() {
        StopReason reason = StopReason.shutdown("asked by call");
        ConnectionRef<Object, Object> ref = fx.start();

        assertEquals("bye", ref.call(Eval.call(from -> CallResult.replyThenStop("bye", reason))));

        assertEquals(reason, stopReason(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleCall(eval)", "terminate(" + reason + ")"), conn.calls());
        assertThrows(ConnectionStoppedException.class, () -> ping(ref));
    }

    // ------------------------------------------------------------------ handleCast

    @Test
    void castNoReplyCarriesOn() {
        ConnectionRef<Object, Object> ref = fx.start();

        ref.cast(Eval.cast(CastResult::noReply));

        assertEquals("pong", ping(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleCast(eval)", "handleCall(eval)"), conn.calls());
        assertEquals(CONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void castConnectRunsConnect() {
        ConnectionRef<Object, Object> ref = fx.start();

        ref.cast(Eval.cast(() -> CastResult.connect("asked by cast")));

        fx.awaitCalls("init(null)", "connect(init)", "handleCast(eval)", "connect(asked by cast)");
        fx.awaitEvents(new Connected(ref.name()), new Connected(ref.name()));
        ref.stop();
    }

    @Test
    void castDisconnectRunsDisconnect() {
        conn.onDisconnect(info -> DisconnectResult.noConnect());
        ConnectionRef<Object, Object> ref = fx.start();

        ref.cast(Eval.cast(() -> CastResult.disconnect("asked by cast")));

        fx.awaitCalls("init(null)", "connect(init)", "handleCast(eval)", "disconnect(asked by cast)");
        awaitState(ref, DISCONNECTED);
        fx.awaitEvents(new Connected(ref.name()), new Disconnected(ref.name(), "asked by cast"));
        ref.stop();
    }

    @Test
    void castStopStopsWithTheReason() {
        StopReason reason = StopReason.shutdown("asked by cast");
        ConnectionRef<Object, Object> ref = fx.start();

        castEval(ref, () -> CastResult.stop(reason));

        assertEquals(reason, stopReason(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleCast(eval)", "terminate(" + reason + ")"), conn.calls());
        ConnectionStoppedException e = assertThrows(ConnectionStoppedException.class, () -> ref.cast("late"));
        assertEquals(reason, e.reason());
    }

    @Test
    void castAndSendThatStopTheProcessDoNotFailTheirSender() {
        int failedSends = 0;
        for (int i = 0; i < 200; i++) {
            ConnectionRef<Object, Object> ref = Tether.start(new ScriptedConnection(), fx.options().build());
            try {
                if (i % 2 == 0) {
                    ref.cast(Eval.cast(() -> CastResult.stop(StopReason.normal())));
                } else {
                    ref.send(Eval.info(() -> InfoResult.stop(StopReason.normal())));
                }
            } catch (ConnectionStoppedException e) {
                failedSends++;
            }
            assertEquals(StopReason.normal(), stopReason(ref));
        }
        assertEquals(0, failedSends, "casts and sends that were handled but reported as stopped");
    }

    // ------------------------------------------------------------------ handleInfo

    @Test
    void infoNoReplyCarriesOn() {
        ConnectionRef<Object, Object> ref = fx.start();

        ref.send(Eval.info(InfoResult::noReply));

        assertEquals("pong", ping(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleInfo(eval)", "handleCall(eval)"), conn.calls());
        assertEquals(CONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void infoConnectRunsConnect() {
        ConnectionRef<Object, Object> ref = fx.start();

        ref.send(Eval.info(() -> InfoResult.connect("asked by info")));

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(eval)", "connect(asked by info)");
        fx.awaitEvents(new Connected(ref.name()), new Connected(ref.name()));
        ref.stop();
    }

    @Test
    void infoDisconnectRunsDisconnect() {
        conn.onDisconnect(info -> DisconnectResult.noConnect());
        ConnectionRef<Object, Object> ref = fx.start();

        ref.send(Eval.info(() -> InfoResult.disconnect("asked by info")));

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(eval)", "disconnect(asked by info)");
        awaitState(ref, DISCONNECTED);
        fx.awaitEvents(new Connected(ref.name()), new Disconnected(ref.name(), "asked by info"));
        ref.stop();
    }

    @Test
    void infoStopStopsWithTheReason() {
        StopReason reason = StopReason.shutdown("asked by info");
        ConnectionRef<Object, Object> ref = fx.start();

        sendInfo(ref, () -> InfoResult.stop(reason));

        assertEquals(reason, stopReason(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleInfo(eval)", "terminate(" + reason + ")"), conn.calls());
        fx.awaitEvents(new Connected(ref.name()), new Stopped(ref.name(), reason));
    }

    // ------------------------------------------------------------------ idle timeouts

    @Test
    void initOkWithIdleTimeoutDeliversIdleTimeoutToHandleInfo() {
        conn.onInit(c -> InitResult.ok(ms(50)));
        ConnectionRef<Object, Object> ref = fx.start();
        fx.awaitTimers(1);

        fx.time.advance(ms(49));
        assertEquals(List.of("init(null)"), conn.calls());
        fx.time.advance(ms(1));

        fx.awaitCalls("init(null)", "handleInfo(IDLE_TIMEOUT)");
        ref.stop();
    }

    @Test
    void connectOkWithIdleTimeoutDeliversIdleTimeoutToHandleInfo() {
        conn.onConnect(info -> ConnectResult.ok(ms(50)));
        ConnectionRef<Object, Object> ref = fx.start();
        awaitState(ref, CONNECTED);
        fx.awaitTimers(1);

        fx.time.advance(ms(50));

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(IDLE_TIMEOUT)");
        ref.stop();
    }

    @Test
    void replyWithIdleTimeoutDeliversIdleTimeoutToHandleInfo() {
        ConnectionRef<Object, Object> ref = fx.start();

        assertEquals("r", ref.call(Eval.call(from -> CallResult.reply("r", ms(50)))));
        fx.awaitTimers(1);
        fx.time.advance(ms(50));

        fx.awaitCalls("init(null)", "connect(init)", "handleCall(eval)", "handleInfo(IDLE_TIMEOUT)");
        ref.stop();
    }

    @Test
    void noReplyWithIdleTimeoutDeliversIdleTimeoutToHandleInfo() {
        ConnectionRef<Object, Object> ref = fx.start();

        ref.cast(Eval.cast(() -> CastResult.noReply(ms(50))));
        fx.awaitTimers(1);
        fx.time.advance(ms(50));

        fx.awaitCalls("init(null)", "connect(init)", "handleCast(eval)", "handleInfo(IDLE_TIMEOUT)");
        ref.stop();
    }

    @Test
    void backoffWithIdleTimeoutDeliversIdleTimeoutWhileBackingOff() {
        AtomicInteger attempts = new AtomicInteger();
        conn.onConnect(info -> attempts.incrementAndGet() == 1
                ? ConnectResult.backoff(Backoff.after(ms(500)).withIdleTimeout(ms(50)))
                : ConnectResult.ok());
        ConnectionRef<Object, Object> ref = fx.start();
        fx.awaitTimers(2);

        fx.time.advance(ms(50));
        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(IDLE_TIMEOUT)");
        assertEquals(BACKING_OFF, ref.state());
        fx.time.advance(ms(450));

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(IDLE_TIMEOUT)", "connect(BACKOFF)");
        ref.stop();
    }

    @Test
    void noConnectWithIdleTimeoutDeliversIdleTimeoutWhileDisconnected() {
        conn.onDisconnect(info -> new NoConnect(ms(50)));
        ConnectionRef<Object, Object> ref = fx.start();
        requestDisconnect(ref, "bye");
        awaitState(ref, DISCONNECTED);
        fx.awaitTimers(1);

        fx.time.advance(ms(50));

        fx.awaitCalls("init(null)", "connect(init)", "handleInfo(eval)", "disconnect(bye)", "handleInfo(IDLE_TIMEOUT)");
        assertEquals(DISCONNECTED, ref.state());
        ref.stop();
    }

    @Test
    void anyMessageBeforeTheIdleTimeoutCancelsIt() {
        ConnectionRef<Object, Object> ref = fx.start();
        ref.call(Eval.call(from -> CallResult.reply("r", ms(50))));
        fx.awaitTimers(1);
        fx.time.advance(ms(40));

        ref.send("poke");
        fx.awaitTimers(0);
        fx.time.advance(ms(100));

        assertEquals("pong", ping(ref));
        assertEquals(List.of("init(null)", "connect(init)", "handleCall(eval)", "handleInfo(poke)", "handleCall(eval)"),
                conn.calls());
        ref.stop();
    }

    // ------------------------------------------------------------------ helpers

    private static void requestDisconnect(ConnectionRef<Object, Object> ref, Object info) {
        sendInfo(ref, () -> InfoResult.disconnect(info));
    }

    private static void assertStoppedWith(StopReason reason, CompletableFuture<Object> call) {
        CompletionException e = assertThrows(CompletionException.class, call::join);
        ConnectionStoppedException stopped = assertInstanceOf(ConnectionStoppedException.class, e.getCause());
        assertEquals(reason, stopped.reason());
    }
}
