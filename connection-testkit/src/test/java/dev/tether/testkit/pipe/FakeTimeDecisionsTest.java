package dev.tether.testkit.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.testkit.conformance.LineCodec;
import dev.tether.testkit.conformance.LineCodec.Line;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException;
import dev.tether.core.pipe.StallException;
import dev.tether.testkit.EventRecorder;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheckExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipe's timing decisions (request deadlines, the stall check, the early-connect window and
 * the write deadline) are taken on the connection's ticker, so the test kit's {@link FakeTime},
 * injected as ticker and scheduler, drives them over real loopback sockets.
 *
 * <p>The durations are hours and minutes on purpose: the real clock cannot have reached them
 * while a test runs, so whatever fires was decided by fake time. Waiting is for other threads
 * only (the loop, the server, the write watchdog), always with an upper bound, never to let real
 * time pass.
 */
@ExtendWith(LeakCheckExtension.class)
class FakeTimeDecisionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final FakeTime time = new FakeTime();
    private final EventRecorder events = new EventRecorder();

    /** Fake time as ticker and scheduler; backoff far enough away that only an early connect reconnects. */
    private ConnectionOptions options() {
        return ConnectionOptions.builder()
                .ticker(time)
                .scheduler(time)
                .listener(events)
                .backoffPolicy(BackoffPolicy.constant(Duration.ofDays(7)))
                .build();
    }

    @Test
    void a_request_deadline_fires_when_fake_time_reaches_it_while_the_server_holds_the_reply() throws Exception {
        try (Peer peer = Peer.start(Mode.HOLD);
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socket())
                     .connection(options()).stallInterval(DAY).startConnected()) {
            CompletableFuture<String> reply = pipe.callAsync(new Line("held"), HOUR);
            await().atMost(WAIT).until(() -> peer.linesRead() == 1); // on the wire; the server keeps the answer

            time.advance(HOUR.minusNanos(1));
            assertFalse(reply.isDone(), "a nanosecond of fake time before its deadline the request still waits");

            time.advance(Duration.ofNanos(1));
            assertTrue(reply.isDone(), "the deadline fires on the thread that advanced fake time to it");
            PipeException e = assertInstanceOf(PipeException.class, reply.exceptionNow());
            assertEquals(PipeException.Reason.TIMEOUT, e.reason());
            assertEquals(ConnectionState.CONNECTED, pipe.state(), "a timeout alone does not drop the connection");
        }
    }

    @Test
    void synchronous_callers_time_out_within_a_bounded_real_wait_once_fake_time_passes_their_deadline()
            throws Exception {
        try (Peer peer = Peer.start(Mode.HOLD);
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socket())
                     .connection(options()).stallInterval(DAY).startConnected()) {
            // Two callers: whichever does not read for both waits parked, woken by no reply.
            List<AtomicReference<Object>> outcomes = List.of(new AtomicReference<>(), new AtomicReference<>());
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                AtomicReference<Object> outcome = outcomes.get(i);
                Line line = new Line("held-" + i);
                callers.add(Thread.ofPlatform().name("fake-time-caller-" + i).start(() -> {
                    try {
                        outcome.set(pipe.call(line, HOUR));
                    } catch (RuntimeException e) {
                        outcome.set(e);
                    }
                }));
            }
            await().atMost(WAIT).until(() -> peer.linesRead() == 2); // both on the wire; the server keeps the answers
            assertTrue(outcomes.stream().allMatch(o -> o.get() == null), "both wait for their replies");

            time.advance(HOUR);
            // A waiting caller looks at the ticker at least once a second of real time.
            await().atMost(WAIT).until(() -> outcomes.stream().allMatch(o -> o.get() != null));
            for (AtomicReference<Object> outcome : outcomes) {
                PipeException e = assertInstanceOf(PipeException.class, outcome.get());
                assertEquals(PipeException.Reason.TIMEOUT, e.reason());
            }
            for (Thread caller : callers) {
                caller.join(WAIT.toMillis());
            }
        }
    }

    @Test
    void the_stall_check_tears_the_connection_down_once_fake_time_puts_the_oldest_reply_an_interval_past_its_deadline()
            throws Exception {
        Duration interval = Duration.ofMinutes(1);
        Duration deadline = Duration.ofSeconds(90);
        try (Peer peer = Peer.start(Mode.HOLD);
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socket())
                     .connection(options()).stallInterval(interval).startConnected()) {
            await().atMost(WAIT).until(() -> checksArmed(interval) == 1); // armed at connect, fake time 0
            CompletableFuture<String> reply = pipe.callAsync(new Line("held"), deadline);
            await().atMost(WAIT).until(() -> peer.linesRead() == 1);

            // Check at 60 s: before the deadline (90 s). The loop arms the next check once it looked.
            time.advance(interval);
            await().atMost(WAIT).until(() -> checksArmed(interval) == 2);
            assertFalse(reply.isDone(), "60 s of fake time: the 90 s deadline is still ahead");

            // Check at 120 s: 30 s past the deadline, within the interval.
            time.advance(interval);
            assertEquals(PipeException.Reason.TIMEOUT,
                    assertInstanceOf(PipeException.class, reply.exceptionNow()).reason(),
                    "the caller gave up at its deadline; its reply is still due on the wire");
            await().atMost(WAIT).until(() -> checksArmed(interval) == 3);
            assertTrue(events.of(ConnectionEvent.Disconnected.class).isEmpty(), "30 s overdue is within the interval");
            assertEquals(0, peer.closedByClient());

            // Check at 180 s: 90 s past the deadline, more than the interval.
            time.advance(interval);
            await().atMost(WAIT).until(() -> !events.of(ConnectionEvent.Disconnected.class).isEmpty());
            ConnectionEvent.Disconnected down = events.of(ConnectionEvent.Disconnected.class).getFirst();
            assertInstanceOf(StallException.class, down.info(), "torn down by the stall check");
            await().atMost(WAIT).until(() -> peer.closedByClient() == 1); // the socket really went
            assertEquals(3, checksArmed(interval), "no check is armed on a connection that is down");
        }
    }

    @Test
    void a_request_during_an_outage_connects_early_only_once_the_window_has_passed_in_fake_time() throws Exception {
        Duration window = Duration.ofMinutes(10);
        try (Peer peer = Peer.start(Mode.ECHO);
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socket())
                     .connection(options()).stallInterval(DAY).earlyConnectWindow(window).startConnected()) {
            assertEquals("up", pipe.call(new Line("up")));
            peer.down();
            await().atMost(WAIT).until(() -> pipe.state() == ConnectionState.BACKING_OFF); // a week of backoff

            // The first request of the outage connects early at once; the server is still down.
            PipeException refused = failureOf(pipe.callAsync(new Line("a"), DAY));
            assertEquals(PipeException.Reason.CLOSED, refused.reason());
            assertInstanceOf(ConnectException.class, refused.getCause(), "an early connect was tried, and refused");

            peer.up();
            PipeException held = failureOf(pipe.callAsync(new Line("b"), DAY));
            assertEquals(PipeException.Reason.CLOSED, held.reason());
            assertNull(held.getCause(), "within the window: failed without a connect attempt");

            time.advance(window.minusNanos(1));
            assertNull(failureOf(pipe.callAsync(new Line("c"), DAY)).getCause(), "a nanosecond short of the window");
            assertEquals(1, peer.accepted(), "nothing connected to the server since it came back");

            time.advance(Duration.ofNanos(1));
            CompletableFuture<String> early = pipe.callAsync(new Line("d"), DAY);
            await().atMost(WAIT).until(early::isDone);
            assertEquals("d", early.join(), "the window has passed: the request connected early and was answered");
            assertEquals(2, peer.accepted());
            assertEquals(ConnectionState.CONNECTED, pipe.state());
        }
    }

    @Test
    void once_grown_the_early_connect_window_stays_between_nine_twentieths_and_nine_tenths_of_the_policy_cap()
            throws Exception {
        Duration cap = Duration.ofDays(7); // the options' constant policy, whose cap is its delay
        Duration top = cap.minus(cap.dividedBy(10));
        Duration bottom = top.dividedBy(2);
        try (Peer peer = Peer.start(Mode.ECHO);
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socket())
                     .connection(options()).stallInterval(DAY).earlyConnectWindow(HOUR).startConnected()) {
            assertEquals("up", pipe.call(new Line("up")));
            peer.down();
            await().atMost(WAIT).until(() -> pipe.state() == ConnectionState.BACKING_OFF);

            // Each request 0.9 x cap after the last attempt connects early (and is refused): the
            // window doubles from an hour and reaches its top within a dozen failures.
            for (int i = 0; i < 12; i++) {
                assertInstanceOf(ConnectException.class, failureOf(pipe.callAsync(new Line("g" + i), DAY)).getCause(),
                        "growing, failure " + i + ": an early connect was tried");
                time.advance(top);
            }
            // Grown, the jittered window lies in [0.45 cap, 0.9 cap]: the early attempt always comes
            // before a scheduled one at the cap would. Forty draws: a window reaching the full cap
            // (one draw in ten beyond 0.9 cap) would show.
            for (int i = 0; i < 40; i++) {
                assertInstanceOf(ConnectException.class, failureOf(pipe.callAsync(new Line("t" + i), DAY)).getCause(),
                        "draw " + i + ": 0.9 x cap after the last attempt, a request connects early");
                time.advance(bottom.minusNanos(1));
                assertNull(failureOf(pipe.callAsync(new Line("b" + i), DAY)).getCause(),
                        "draw " + i + ": a nanosecond short of 0.45 x cap, no attempt");
                time.advance(top.minus(bottom).plusNanos(1));
            }
            assertEquals(1, peer.accepted(), "the server was down throughout");
        }
    }

    @Test
    void a_write_to_a_peer_that_stopped_reading_is_aborted_once_fake_time_passes_its_write_deadline() throws Exception {
        try (Peer peer = Peer.start(Mode.STOP_READING);
             Pipe<Line> pipe = Pipe.builder(LineCodec::new, peer.socket().withWriteTimeout(HOUR))
                     .connection(options()).stallInterval(DAY).startConnected()) {
            // Far more than the kernel buffers hold between a writer and a reader that reads nothing.
            Line huge = new Line("x".repeat(32 * 1024 * 1024));
            AtomicReference<CompletableFuture<String>> returned = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().name("fake-time-writer").start(
                    () -> returned.set(pipe.callAsync(huge, DAY))); // writes on this thread, and blocks
            await().atMost(WAIT).until(() -> peer.bytesRead() > 0); // the write has begun; the server reads no more
            assertNull(returned.get(), "the write is stuck on the full socket");

            // The deadline is the write timeout plus about a second per MiB of the write in progress
            // (a large value on a slow link is not a stalled peer): a minute more covers any slice.
            time.advance(HOUR.plusMinutes(1));
            // The watchdog looks every few tens of milliseconds of real time and decides on fake time.
            await().atMost(WAIT).until(() -> returned.get() != null && returned.get().isDone());
            writer.join(WAIT.toMillis());
            PipeException e = failureOf(returned.get());
            assertEquals(PipeException.Reason.DISCONNECTED, e.reason());
            SocketTimeoutException cause = assertInstanceOf(SocketTimeoutException.class, e.getCause());
            java.util.regex.Matcher within = java.util.regex.Pattern.compile("did not finish within (\\d+) ms")
                    .matcher(cause.getMessage());
            assertTrue(within.find(), cause.getMessage());
            long budget = Long.parseLong(within.group(1));
            assertTrue(budget >= HOUR.toMillis() && budget < HOUR.plusMinutes(1).toMillis(), cause.getMessage());
            await().atMost(WAIT).until(() -> !events.of(ConnectionEvent.Disconnected.class).isEmpty());
            assertInstanceOf(SocketTimeoutException.class,
                    events.of(ConnectionEvent.Disconnected.class).getFirst().info());
        }
    }

    /** How many stall checks the pipe has armed so far (each one a delay of {@code interval} on the fake scheduler). */
    private long checksArmed(Duration interval) {
        return time.scheduledDelays().stream().filter(interval::equals).count();
    }

    private static PipeException failureOf(CompletableFuture<?> future) {
        await().atMost(WAIT).until(future::isDone);
        return assertInstanceOf(PipeException.class, future.exceptionNow());
    }

    // ---------------------------------------------------------------- the line server (the codec is the conformance suite's)

    /** What the server does with each connection. */
    enum Mode {
        /** Answers every line with itself. */
        ECHO,
        /** Reads every line and answers none. */
        HOLD,
        /** Reads a first few bytes, then nothing more, so the client's writes fill the socket. */
        STOP_READING
    }

    /** A loopback server on 127.0.0.1 that can go down and come back on the same port. */
    static final class Peer implements AutoCloseable {
        private final Mode mode;
        private final ReentrantLock lock = new ReentrantLock();
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger linesRead = new AtomicInteger();
        private final AtomicInteger bytesRead = new AtomicInteger();
        private final AtomicInteger closedByClient = new AtomicInteger();
        private int port; // guarded by lock
        private ServerSocket listener; // guarded by lock

        private Peer(Mode mode) {
            this.mode = mode;
        }

        static Peer start(Mode mode) throws IOException {
            Peer peer = new Peer(mode);
            peer.up();
            return peer;
        }

        SocketOptions socket() {
            lock.lock();
            try {
                return SocketOptions.tcp("127.0.0.1", port);
            } finally {
                lock.unlock();
            }
        }

        /** Listens (again, on the same port). */
        void up() throws IOException {
            lock.lock();
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                if (mode == Mode.STOP_READING) {
                    s.setReceiveBufferSize(4096); // inherited by accepted sockets: no autotuning
                }
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                port = s.getLocalPort();
                listener = s;
                Thread.ofVirtual().name("fake-time-peer-accept").start(() -> accept(s));
            } finally {
                lock.unlock();
            }
        }

        /** Stops listening and closes every accepted connection. */
        void down() throws IOException {
            lock.lock();
            try {
                if (listener != null) {
                    listener.close();
                    listener = null;
                }
                for (Socket s : sockets) {
                    s.close();
                }
                sockets.clear();
            } finally {
                lock.unlock();
            }
        }

        int accepted() {
            return accepted.get();
        }

        int linesRead() {
            return linesRead.get();
        }

        int bytesRead() {
            return bytesRead.get();
        }

        /** Connections on which the server read the end of the stream: the client closed them. */
        int closedByClient() {
            return closedByClient.get();
        }

        private void accept(ServerSocket s) {
            while (!s.isClosed()) {
                Socket c;
                try {
                    c = s.accept();
                } catch (IOException e) {
                    return; // down()
                }
                lock.lock();
                try {
                    if (listener != s) { // down() ran as this one was accepted
                        closeQuietly(c);
                        return;
                    }
                    sockets.add(c);
                } finally {
                    lock.unlock();
                }
                accepted.incrementAndGet();
                Thread.ofVirtual().name("fake-time-peer-conn").start(() -> serve(c));
            }
        }

        private void serve(Socket c) {
            try {
                if (mode == Mode.STOP_READING) {
                    InputStream in = c.getInputStream();
                    int n = in.read(new byte[8]);
                    bytesRead.addAndGet(Math.max(0, n));
                    return; // the socket stays open, unread, until down()
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = c.getOutputStream();
                for (String line; (line = in.readLine()) != null; ) {
                    linesRead.incrementAndGet();
                    if (mode == Mode.ECHO) {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
                closedByClient.incrementAndGet();
            } catch (IOException e) {
                // closed by down(), or reset by the client
            }
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort
            }
        }

        @Override
        public void close() throws IOException {
            down();
        }
    }
}
