package dev.tether.testkit.contract;

import static dev.tether.connection.ConnectionState.STOPPED;
import static dev.tether.testkit.contract.ContractAFixture.awaitLatch;
import static dev.tether.testkit.contract.ContractAFixture.castEval;
import static dev.tether.testkit.contract.ContractAFixture.ms;
import static dev.tether.testkit.contract.ContractAFixture.ping;
import static dev.tether.testkit.contract.ContractAFixture.sendInfo;
import static dev.tether.testkit.contract.ContractAFixture.stopReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.BadReturnValueException;
import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.ConnectionEvent;
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
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StopReason;
import dev.tether.core.Tether;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/behaviour-contract.md, 'Stop and crash': what a callback's exception, a null result, or a
 * guarded strategy's failure does.
 */
@ExtendWith(LeakCheckExtension.class)
class CallbackFailureTest {

    private static final RuntimeException BOOM = new IllegalStateException("boom");

    private final ContractAFixture fx = new ContractAFixture();
    private final ScriptedConnection conn = fx.conn;

    @AfterEach
    void everyConnectionWasStopped() {
        fx.assertAllStopped();
    }

    // ------------------------------------------------- exceptions and null results after init

    @ParameterizedTest(name = "an exception in {0} stops the process with a crash naming {0}")
    @ValueSource(strings = {"connect", "disconnect", "handleCall", "handleCast", "handleInfo", "mailboxDrained"})
    void anExceptionInACallbackStopsWithACrashNamingIt(String callback) {
        ConnectionRef<Object, Object> ref = startAndRunFailing(callback, () -> {
            throw BOOM;
        });

        StopReason reason = stopReason(ref);

        assertEquals(new StopReason.Crash(callback, BOOM), reason);
        assertTerminatedOnceWith(ref, reason);
    }

    @ParameterizedTest(name = "a null result from {0} is a crash with a BadReturnValueException naming {0}")
    @ValueSource(strings = {"connect", "disconnect", "handleCall", "handleCast", "handleInfo", "mailboxDrained"})
    void aNullResultIsABadReturnValueCrashNamingTheCallback(String callback) {
        ConnectionRef<Object, Object> ref = startAndRunFailing(callback, () -> null);

        StopReason.Crash crash = assertInstanceOf(StopReason.Crash.class, stopReason(ref));

        assertEquals(callback, crash.callback());
        BadReturnValueException bad = assertInstanceOf(BadReturnValueException.class, crash.exception());
        assertTrue(bad.getMessage().contains(callback) && bad.getMessage().contains("null"), bad.getMessage());
        assertTerminatedOnceWith(ref, crash);
    }

    @Test
    void terminateSeesTheStateAsItWasWhenTheCallbackThrew() {
        Counter counter = new Counter();
        ConnectionRef<Object, Object> ref = Tether.start(counter, fx.options().build());

        assertEquals(1, ref.call("count"));
        assertEquals(2, ref.call("count"));
        assertThrows(ConnectionStoppedException.class, () -> ref.call("count then throw"));

        assertEquals(new StopReason.Crash("handleCall", BOOM), stopReason(ref));
        assertEquals("count=3, last=count then throw, state=STOPPING, same thread=true", counter.seenByTerminate);
    }

    @Test
    void queuedAndDeferredCallersFailWithTheCrashReason() {
        ConnectionRef<Object, Object> ref = fx.start();
        CompletableFuture<Object> deferred = ref.callAsync(Eval.call(from -> CallResult.noReply()));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch callQueued = new CountDownLatch(1);
        ref.send(Eval.info(() -> {
            entered.countDown();
            awaitLatch(callQueued);
            throw BOOM;
        }));
        assertTrue(awaitLatch(entered));
        CompletableFuture<Object> queued = ref.callAsync(Eval.call(from -> CallResult.reply("never")));
        callQueued.countDown();

        StopReason reason = stopReason(ref);

        assertEquals(new StopReason.Crash("handleInfo", BOOM), reason);
        assertFailedWith(reason, deferred);
        assertFailedWith(reason, queued);
        assertEquals(reason, assertThrows(ConnectionStoppedException.class, () -> ping(ref)).reason());
        assertEquals(1, conn.invocations("handleCall").size(), "the queued call never reached handleCall");
    }

    // ------------------------------------------------- failures in init

    @Test
    void anExceptionFromInitFailsStartWithItAsTheCauseAndSkipsTerminate() {
        conn.onInit(c -> {
            throw BOOM;
        });

        StartFailedException e = assertThrows(StartFailedException.class, fx::start);

        assertSame(BOOM, e.getCause());
        assertEquals(new StopReason.Crash("init", BOOM), e.reason());
        assertEquals(List.of("init(null)"), conn.calls());
    }

    @Test
    void aNullResultFromInitFailsStartWithBadReturnValueAndSkipsTerminate() {
        conn.onInit(c -> null);

        StartFailedException e = assertThrows(StartFailedException.class, fx::start);

        BadReturnValueException bad = assertInstanceOf(BadReturnValueException.class, e.getCause());
        assertTrue(bad.getMessage().contains("init"), bad.getMessage());
        assertEquals(List.of("init(null)"), conn.calls());
    }

    @Test
    void callersQueuedWhileInitFailsAreFailedWithTheReason() {
        CountDownLatch callQueued = new CountDownLatch(1);
        conn.onInit(c -> {
            awaitLatch(callQueued);
            throw BOOM;
        });
        CompletableFuture<ConnectionRef<Object, Object>> starting = CompletableFuture.supplyAsync(fx::start);
        ContractAFixture.eventually(() -> assertNotNull(conn.context()));
        CompletableFuture<Object> queued = conn.context().self().callAsync(Eval.call(from -> CallResult.reply("never")));
        callQueued.countDown();

        CompletionException e = assertThrows(CompletionException.class, starting::join);
        assertInstanceOf(StartFailedException.class, e.getCause());
        ContractAFixture.eventually(() -> assertTrue(queued.isDone(), "the queued caller is still waiting"));
        assertFailedWith(new StopReason.Crash("init", BOOM), queued);
    }

    // ------------------------------------------------- failures in terminate

    @Test
    void anExceptionFromTerminateDoesNotHideTheCrashReason() {
        conn.onTerminate(reason -> {
            throw new IllegalStateException("terminate failed too");
        });
        ConnectionRef<Object, Object> ref = fx.start();
        CompletableFuture<Object> deferred = ref.callAsync(Eval.call(from -> CallResult.noReply()));

        sendInfo(ref, () -> {
            throw BOOM;
        });

        StopReason reason = stopReason(ref);
        assertEquals(new StopReason.Crash("handleInfo", BOOM), reason);
        assertFailedWith(reason, deferred);
        assertEquals(STOPPED, ref.state());
        fx.awaitEvents(new Connected(ref.name()), new Stopped(ref.name(), reason));
    }

    @Test
    void anExceptionFromTerminateDoesNotHideANormalStop() {
        conn.onTerminate(reason -> {
            throw new IllegalStateException("terminate failed");
        });
        ConnectionRef<Object, Object> ref = fx.start();

        assertEquals(StopReason.normal(), ref.stop());

        assertEquals(StopReason.normal(), stopReason(ref));
        assertEquals(STOPPED, ref.state());
    }

    // ------------------------------------------------- guarded user strategies

    @Test
    void aThrowingListenerCannotKillTheLoop() {
        List<ConnectionEvent> laterListener = new CopyOnWriteArrayList<>();
        conn.onDisconnect(info -> DisconnectResult.backoff(dev.tether.connection.Backoff.after(ms(10))));
        ConnectionRef<Object, Object> ref = fx.start(fx.options()
                .listener(event -> {
                    throw new IllegalStateException("listener bug on " + event);
                })
                .listener(laterListener::add)
                .build());

        ref.send(Eval.info(() -> InfoResult.disconnect("drop")));
        fx.awaitTimers(1);
        fx.time.advance(ms(10));
        ContractAFixture.awaitState(ref, ConnectionState.CONNECTED);

        assertEquals("pong", ping(ref));
        assertEquals(StopReason.normal(), ref.stop());
        String name = ref.name();
        assertEquals(List.of(new Connected(name), new Disconnected(name, "drop"), new BackingOff(name, ms(10), 0, null),
                new Connected(name), new Stopped(name, StopReason.normal())), laterListener);
    }

    @Test
    void aThrowingBackoffJitterSourceCannotKillTheLoop() {
        RandomGenerator broken = () -> {
            throw new IllegalStateException("jitter bug");
        };
        conn.onConnect(info -> ConnectResult.backoffByPolicy(new java.io.IOException("refused")));
        ConnectionRef<Object, Object> ref = fx.start(fx.options()
                .backoffPolicy(BackoffPolicy.fullJitter(ms(100), ms(1000))).jitter(broken).build());

        assertEquals("pong", ping(ref));
        assertFalse(ref.state().isTerminal());
        assertFalse(ref.stopped().isDone());
        assertEquals(StopReason.normal(), ref.stop(StopReason.normal(), ContractAFixture.WAIT));
    }

    // ------------------------------------------------- the crash log

    @Test
    void theCrashIsLoggedAtErrorWithTheStateRenderedByFormatState() {
        conn.formatState(() -> "ScriptedConnection[password=<redacted>]");
        String log = stderrDuring(() -> {
            ConnectionRef<Object, Object> ref = fx.start();
            sendInfo(ref, () -> {
                throw BOOM;
            });
            stopReason(ref);
        });

        assertTrue(log.contains("ERROR"), log);
        assertTrue(log.contains("handleInfo"), log);
        assertTrue(log.contains("ScriptedConnection[password=<redacted>]"), log);
        assertTrue(log.contains("boom"), log);
    }

    /** A stop the behaviour decided and explained (a refused password): one WARN line, no stack trace. */
    @Test
    void aFailureWithACheckedCauseIsOneWarnLineWithoutAStackTrace() {
        String log = stderrDuring(() -> {
            ConnectionRef<Object, Object> ref = fx.start();
            sendInfo(ref, () -> InfoResult.stop(StopReason.failure("the server refused our password",
                    new java.io.IOException("WRONGPASS invalid password"))));
            stopReason(ref);
        });

        List<String> lines = log.lines().filter(l -> l.contains("refused our password")).toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).contains("WARN") && lines.get(0).contains("WRONGPASS"), log);
        assertFalse(log.contains("ERROR"), log);
        assertFalse(log.lines().anyMatch(l -> l.startsWith("\tat ")), log);
    }

    /** An unchecked cause is a bug's signature: its stack trace is kept. */
    @Test
    void aFailureWithAnUncheckedCauseKeepsItsStackTrace() {
        String log = stderrDuring(() -> {
            ConnectionRef<Object, Object> ref = fx.start();
            sendInfo(ref, () -> InfoResult.stop(StopReason.failure("gave up", new IllegalStateException("a bug"))));
            stopReason(ref);
        });

        assertTrue(log.contains("gave up"), log);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("\tat ")), log);
    }

    @Test
    void aNormalStopIsNotLoggedAsAnError() {
        String log = stderrDuring(() -> fx.start().stop());

        assertFalse(log.contains("ERROR"), log);
    }

    // ------------------------------------------------- helpers

    /**
     * Starts a connection whose {@code callback} does what {@code failure} does (throw, or return
     * null), and makes the loop run that callback.
     */
    @SuppressWarnings("unchecked")
    private ConnectionRef<Object, Object> startAndRunFailing(String callback, Supplier<Object> failure) {
        switch (callback) {
            case "connect" -> conn.onConnect(info -> (ConnectResult) failure.get());
            case "disconnect" -> conn.onDisconnect(info -> (DisconnectResult) failure.get());
            case "mailboxDrained" -> conn.onDrained(() -> (InfoResult) failure.get());
            default -> { }
        }
        ConnectionRef<Object, Object> ref = fx.start();
        switch (callback) {
            case "disconnect" -> sendInfo(ref, () -> InfoResult.disconnect("drop"));
            case "handleCall" -> ref.callAsync(Eval.call(from -> (CallResult<Object>) failure.get()));
            case "handleCast" -> castEval(ref, () -> (CastResult) failure.get());
            case "handleInfo" -> sendInfo(ref, () -> (InfoResult) failure.get());
            case "mailboxDrained" -> sendInfo(ref, InfoResult::noReply);
            default -> { }
        }
        return ref;
    }

    /** terminate ran exactly once, with {@code reason}, and the Stopped event carried it. */
    private void assertTerminatedOnceWith(ConnectionRef<Object, Object> ref, StopReason reason) {
        List<ScriptedConnection.Invocation> terminations = conn.invocations("terminate");
        assertEquals(1, terminations.size());
        assertEquals(reason, terminations.get(0).argument());
        assertEquals(STOPPED, ref.state());
        ContractAFixture.eventually(() -> assertEquals(new Stopped(ref.name(), reason), fx.events.get(fx.events.size() - 1)));
    }

    private static void assertFailedWith(StopReason reason, CompletableFuture<Object> call) {
        CompletionException e = assertThrows(CompletionException.class, call::join);
        ConnectionStoppedException stopped = assertInstanceOf(ConnectionStoppedException.class, e.getCause());
        assertEquals(reason, stopped.reason());
        assertSame(reason.cause(), stopped.getCause());
    }

    /** What the runtime logged (slf4j-simple writes to the current System.err) while {@code action} ran. */
    private static String stderrDuring(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** A behaviour with fields of its own, to show what terminate sees after a crash. */
    private static final class Counter implements Connection<Object, Object> {
        private ConnectionContext<Object, Object> context;
        private int count;
        private String last;
        private Thread loop;
        volatile String seenByTerminate;

        @Override
        public InitResult init(ConnectionContext<Object, Object> context) {
            this.context = context;
            return InitResult.ok();
        }

        @Override
        public ConnectResult connect(Object info) {
            return ConnectResult.ok();
        }

        @Override
        public CallResult<Object> handleCall(Object request, ReplyTo<Object> from) {
            count++;
            last = (String) request;
            loop = Thread.currentThread();
            if (last.endsWith("throw")) {
                throw BOOM;
            }
            return CallResult.reply(count);
        }

        @Override
        public void terminate(StopReason reason) {
            seenByTerminate = "count=" + count + ", last=" + last + ", state=" + context.self().state()
                    + ", same thread=" + (Thread.currentThread() == loop);
        }
    }
}
