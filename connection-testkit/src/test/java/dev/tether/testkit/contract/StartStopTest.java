package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.Scheduler;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StopReason;
import dev.tether.connection.StopTimeoutException;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starting, the lifecycle handle, names and stopping (docs/behaviour-contract.md, 'Starting and stopping'). */
@ExtendWith(LeakCheckExtension.class)
class StartStopTest extends ContractBSupport {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final ScriptedConnection conn = new ScriptedConnection();

    private static int liveLoops() {
        return Tether.liveResources().loops().size();
    }

    private List<Object> terminateReasons() {
        return conn.invocations("terminate").stream().map(ScriptedConnection.Invocation::argument).toList();
    }

    private static void assertNotDoneWithin(CompletableFuture<?> future, Duration grace) {
        assertThrows(TimeoutException.class, () -> future.get(grace.toMillis(), TimeUnit.MILLISECONDS),
                "completed too early");
    }

    @Test
    void start_returns_only_after_init_returned() {
        CountDownLatch inInit = new CountDownLatch(1);
        CountDownLatch finishInit = new CountDownLatch(1);
        conn.onInit(c -> {
            inInit.countDown();
            awaitQuietly(finishInit);
            return InitResult.connect("init");
        });
        CompletableFuture<ConnectionRef<Object, Object>> starting = inThread(() -> track(Tether.start(conn)));
        awaitLatch(inInit, "init");
        assertNotDoneWithin(starting, Duration.ofMillis(100));

        finishInit.countDown();

        assertEquals("pong", valueOf(starting).call(replyWith("pong")));
    }

    @Test
    void start_returns_only_after_the_backoff_timer_asked_for_by_init_is_armed() {
        FakeTime time = new FakeTime();
        CountDownLatch scheduling = new CountDownLatch(1);
        CountDownLatch letSchedule = new CountDownLatch(1);
        Scheduler slowScheduler = (delay, task) -> {
            scheduling.countDown();
            awaitQuietly(letSchedule);
            return time.schedule(delay, task);
        };
        conn.onInit(c -> InitResult.backoff(Backoff.after(Duration.ofSeconds(1))));
        CompletableFuture<ConnectionRef<Object, Object>> starting = inThread(() -> track(Tether.start(conn,
                ConnectionOptions.builder().ticker(time).scheduler(slowScheduler).build())));
        awaitLatch(scheduling, "the loop to arm the backoff timer");
        try {
            assertNotDoneWithin(starting, Duration.ofMillis(200)); // spec 2: "the timer is armed, start returns"
        } finally {
            letSchedule.countDown();
        }

        ConnectionRef<Object, Object> ref = valueOf(starting);
        assertEquals(ConnectionState.BACKING_OFF, ref.state());
        assertEquals(1, time.pendingTasks());
    }

    @Test
    void startConnected_returns_only_once_the_first_connect_succeeded() {
        CountDownLatch inConnect = new CountDownLatch(1);
        CountDownLatch finishConnect = new CountDownLatch(1);
        conn.onConnect(info -> {
            inConnect.countDown();
            awaitQuietly(finishConnect);
            return ConnectResult.ok();
        });
        CompletableFuture<ConnectionRef<Object, Object>> starting =
                inThread(() -> track(Tether.startConnected(conn, ConnectionOptions.defaults())));
        awaitLatch(inConnect, "the first connect");
        assertNotDoneWithin(starting, Duration.ofMillis(100));

        finishConnect.countDown();

        assertEquals(ConnectionState.CONNECTED, valueOf(starting).state());
    }

    @Test
    void startConnected_whose_first_connect_backs_off_fails_with_its_cause_runs_terminate_and_leaves_no_loop() {
        int loopsBefore = liveLoops();
        IOException refused = new IOException("connection refused");
        conn.onConnect(info -> ConnectResult.backoff(Backoff.after(Duration.ofSeconds(1)).because(refused)));
        String name = uniqueName();

        StartFailedException e = assertThrows(StartFailedException.class,
                () -> track(Tether.startConnected(conn, ConnectionOptions.builder().name(name).build())));

        assertSame(refused, e.getCause());
        assertSame(refused, e.reason().cause());
        assertEquals(List.of(e.reason()), terminateReasons(), "terminate ran once, with the reason");
        assertEquals(loopsBefore, liveLoops(), "no loop left running");
        assertTrue(Tether.whereis(name).isEmpty(), "the name is free");
    }

    @Test
    void startConnected_whose_first_connect_stops_fails_with_that_reason() {
        StopReason refusedPassword = StopReason.failure("the server refused our password");
        conn.onConnect(info -> ConnectResult.stop(refusedPassword));

        StartFailedException e = assertThrows(StartFailedException.class,
                () -> track(Tether.startConnected(conn, ConnectionOptions.defaults())));

        assertEquals(refusedPassword, e.reason());
        assertEquals(List.of(refusedPassword), terminateReasons());
    }

    @Test
    void stop_interrupts_a_connect_blocked_forever_and_completes_within_the_stop_timeout() {
        CountDownLatch inConnect = new CountDownLatch(1);
        conn.onConnect(info -> {
            inConnect.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("connect interrupted", e);
            }
            return ConnectResult.ok();
        });
        ConnectionRef<Object, Object> ref = start(conn);
        awaitLatch(inConnect, "connect");
        assertEquals(ConnectionState.CONNECTING, ref.state());

        assertEquals(StopReason.normal(), ref.stop(StopReason.normal(), Duration.ofSeconds(2)));

        assertEquals(List.of(StopReason.normal()), terminateReasons(), "the interrupt is not reported as a crash");
        assertEquals(ConnectionState.STOPPED, ref.state());
    }

    @Test
    void stop_interrupts_a_connect_blocked_reading_from_a_silent_peer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch inRead = new CountDownLatch(1);
            AtomicReference<Socket> client = new AtomicReference<>();
            conn.onConnect(info -> {
                try (Socket socket = new Socket()) {
                    client.set(socket);
                    socket.connect(server.getLocalSocketAddress());
                    inRead.countDown();
                    socket.getInputStream().read(); // the peer never writes
                    return ConnectResult.ok();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ConnectionRef<Object, Object> ref = start(conn);
            try (Socket accepted = server.accept()) {
                accepted.setSoTimeout((int) WAIT.toMillis());
                awaitLatch(inRead, "connect to block in read");

                assertEquals(StopReason.normal(), ref.stop(StopReason.normal(), Duration.ofSeconds(2)));

                assertTrue(client.get().isClosed());
                assertEquals(-1, accepted.getInputStream().read(), "the peer sees the connection closed");
            }
        }
    }

    @Test
    void stop_is_idempotent_and_returns_the_first_reason() {
        ConnectionRef<Object, Object> ref = start(conn);
        StopReason first = StopReason.shutdown("first");

        assertEquals(first, ref.stop(first, WAIT));
        assertEquals(first, ref.stop(StopReason.failure("second"), WAIT));
        assertEquals(first, ref.stop());

        assertEquals(List.of(first), terminateReasons());
    }

    @Test
    void concurrent_stops_agree_on_one_reason() {
        ConnectionRef<Object, Object> ref = start(conn);
        StopReason a = StopReason.shutdown("a");
        StopReason b = StopReason.shutdown("b");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<StopReason> byA = inThread(() -> {
            go.await();
            return ref.stop(a, WAIT);
        });
        CompletableFuture<StopReason> byB = inThread(() -> {
            go.await();
            return ref.stop(b, WAIT);
        });

        go.countDown();

        StopReason winner = valueOf(byA);
        assertTrue(winner.equals(a) || winner.equals(b), winner.describe());
        assertEquals(winner, valueOf(byB));
        assertEquals(winner, valueOf(ref.stopped()));
        assertEquals(List.of(winner), terminateReasons());
    }

    @Test
    void stopping_a_process_that_stopped_itself_returns_its_own_reason() {
        ConnectionRef<Object, Object> ref = start(conn);
        StopReason own = StopReason.shutdown("done by itself");
        ref.cast(Eval.cast(() -> CastResult.stop(own)));
        assertEquals(own, valueOf(ref.stopped()));

        assertEquals(own, ref.stop(StopReason.failure("too late"), WAIT));
    }

    @Test
    void stop_from_inside_the_loop_throws_IllegalStateException() {
        ConnectionRef<Object, Object> ref = start(conn);
        AtomicReference<Throwable> error = new AtomicReference<>();

        ref.call(Eval.call(from -> {
            try {
                conn.context().self().stop();
            } catch (RuntimeException e) {
                error.set(e);
            }
            return CallResult.reply("carried on");
        }));

        IllegalStateException e = assertInstanceOf(IllegalStateException.class, error.get());
        assertTrue(e.getMessage().contains("Stop result"), e.getMessage());
        assertEquals(ConnectionState.CONNECTED, ref.state());
    }

    @Test
    void a_named_connection_is_found_by_whereis_only_while_it_runs() {
        String name = uniqueName();
        ConnectionOptions options = ConnectionOptions.builder().name(name).build();
        ConnectionRef<Object, Object> ref = start(conn, options);

        assertEquals(name, ref.name());
        assertSame(ref, Tether.whereis(name).orElseThrow());
        ref.stop();
        assertTrue(Tether.whereis(name).isEmpty());

        ConnectionRef<Object, Object> again = start(new ScriptedConnection(), options);
        assertSame(again, Tether.whereis(name).orElseThrow(), "the name is free again once stopped");
    }

    @Test
    void a_second_start_with_a_live_name_fails_and_starts_nothing() {
        String name = uniqueName();
        ConnectionOptions options = ConnectionOptions.builder().name(name).build();
        ConnectionRef<Object, Object> first = start(conn, options);
        int loops = liveLoops();
        ScriptedConnection second = new ScriptedConnection();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> track(Tether.start(second, options)));
        IllegalStateException sync = assertThrows(IllegalStateException.class,
                () -> track(Tether.startConnected(second, options)));

        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(sync.getMessage().contains(name), sync.getMessage());
        assertTrue(second.journal().isEmpty(), "init of the second never ran");
        assertEquals(loops, liveLoops());
        assertSame(first, Tether.whereis(name).orElseThrow());
    }

    @Test
    void callers_still_waiting_at_stop_fail_with_ConnectionStoppedException_carrying_the_reason() {
        ConnectionRef<Object, Object> ref = start(conn);
        AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();
        AtomicBoolean syncDeferred = new AtomicBoolean();
        AtomicBoolean queuedSeen = new AtomicBoolean();
        CompletableFuture<Object> deferredAsync = ref.callAsync(Eval.call(from -> {
            kept.set(from);
            return CallResult.noReply();
        }), LONG);
        CompletableFuture<Object> deferredSync = inThread(() -> ref.call(Eval.call(from -> {
            syncDeferred.set(true);
            return CallResult.noReply();
        }), LONG));
        await().atMost(WAIT).until(() -> kept.get() != null && syncDeferred.get());
        List<CompletableFuture<Object>> queued = new CopyOnWriteArrayList<>();
        StopReason reason = StopReason.shutdown("maintenance");

        try (Gate gate = blockLoop(ref)) { // stop interrupts the gate: stop goes ahead of the queue
            for (int i = 0; i < 3; i++) {
                queued.add(ref.callAsync(Eval.call(from -> {
                    queuedSeen.set(true);
                    return CallResult.reply("handled");
                }), LONG));
            }
            assertEquals(reason, ref.stop(reason, WAIT));
        }

        for (CompletableFuture<Object> waiting : List.of(deferredAsync, deferredSync, queued.get(0), queued.get(1), queued.get(2))) {
            ConnectionStoppedException e = assertInstanceOf(ConnectionStoppedException.class, failureOf(waiting));
            assertEquals(reason, e.reason());
        }
        assertFalse(queuedSeen.get(), "queued calls were failed, not handled");
        assertFalse(kept.get().reply("late"));
        assertEquals(reason, valueOf(ref.stopped()));
        assertEquals(List.of(reason), terminateReasons());
    }

    @Test
    void state_walks_the_lifecycle_and_stopped_completes_with_the_reason() {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        conn.onInit(c -> {
                    states.add(c.self().state());
                    return InitResult.connect("first");
                })
                .onConnect(info -> {
                    states.add(conn.context().self().state());
                    return "first".equals(info) ? ConnectResult.ok() : ConnectResult.backoff(Backoff.forever());
                })
                .onDisconnect(info -> DisconnectResult.noConnect())
                .onTerminate(reason -> states.add(conn.context().self().state()));
        ConnectionRef<Object, Object> ref = start(conn);
        CompletableFuture<StopReason> stopped = ref.stopped();
        flush(ref);
        states.add(ref.state());
        ref.cast(Eval.cast(() -> CastResult.disconnect("drop")));
        flush(ref);
        states.add(ref.state());
        ref.cast(Eval.cast(() -> CastResult.connect("second")));
        flush(ref);
        states.add(ref.state());
        assertFalse(stopped.isDone());

        StopReason reason = StopReason.shutdown("done");
        ref.stop(reason, WAIT);
        states.add(ref.state());

        assertEquals(reason, valueOf(stopped));
        assertEquals(List.of(ConnectionState.STARTING, ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.BACKING_OFF,
                ConnectionState.STOPPING, ConnectionState.STOPPED), states);
    }

    @Test
    void a_terminate_outlasting_the_stop_timeout_makes_stop_throw_and_stopped_completes_later() {
        CountDownLatch finishTerminate = new CountDownLatch(1);
        conn.onTerminate(reason -> awaitQuietly(finishTerminate));
        ConnectionRef<Object, Object> ref = start(conn);
        try {
            StopTimeoutException e = assertThrows(StopTimeoutException.class,
                    () -> ref.stop(StopReason.normal(), Duration.ofMillis(200)));
            assertEquals(ref.name() + " did not stop within 200 ms", e.getMessage());
            assertEquals(ConnectionState.STOPPING, ref.state());
            assertFalse(ref.stopped().isDone());
        } finally {
            finishTerminate.countDown();
        }
        assertEquals(StopReason.normal(), valueOf(ref.stopped()));
        assertEquals(ConnectionState.STOPPED, ref.state());
    }
}
