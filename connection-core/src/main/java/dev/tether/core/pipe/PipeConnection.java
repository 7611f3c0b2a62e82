package dev.tether.core.pipe;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.Cancellable;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StopReason;
import dev.tether.core.net.SocketLink;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.PipeException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle half of a {@link Pipe}, as a Connection behaviour on its own loop: connect and
 * handshake, publish the live {@link Lane}, tear it down, back off, connect early for a waiting
 * request, hold requests while down, and check for a stalled peer. Callers never pass through
 * here while the lane is up; they come here (as a call carrying their {@link Exchange}) only when
 * there is no live lane, or when the lane they found closed under them.
 *
 * <p>Past 400 lines on purpose: connect, handshake, the early connect, the stall check and
 * rerouting across a reconnect all read and write the same published-lane state on the loop;
 * split up, each part would need that state passed around. The write/read path is in
 * {@code Lane}.
 */
final class PipeConnection<B extends Request<?>> implements Connection<Exchange<?>, Void> {

    private static final Logger log = LoggerFactory.getLogger(PipeConnection.class);
    /** How long into an outage the early-connect window keeps its first size. */
    static final long EARLY_GRACE_NANOS = 1_000_000_000L;
    private static final Object TICK = new Object() {
        @Override
        public String toString() {
            return "pipe tick";
        }
    };

    /** A lane reporting, from whichever thread saw it, that its link failed. */
    private record LaneFailed(Lane<?> lane, IOException cause) {
    }

    /** {@link Pipe#reconnect}: drop the connection and connect again at once. */
    private record Reconnect(String why) {
    }

    /** What a disconnect by {@link Pipe#reconnect} carries as its reason. */
    static final class ReconnectRequested extends IOException {
        ReconnectRequested(String why) {
            super(why);
        }
    }

    /** {@link Pipe#reconnect}, from any thread: handled on the loop. */
    void reconnect(dev.tether.connection.ConnectionRef<Exchange<?>, Void> ref, String why) {
        ref.send(new Reconnect(why));
    }

    /** "tcp 127.0.0.1:6379": where the last attempt went (or, before any, the configured address). */
    String describe() {
        return socket.describe();
    }

    /** A request to route again once a disconnect decided in the same turn has run. */
    private record Retry(Exchange<?> exchange) {
    }

    private static final Object OPEN = new Object() {
        @Override
        public String toString() {
            return "open the lane";
        }
    };

    private final Pipe.Settings<B> settings;
    /** The socket options of the last attempt: the resolver's address in place of the configured one. */
    private volatile SocketOptions socket;
    /** A connected lane between connect and its opening on the next turn; loop only. */
    private Lane<B> opening;
    final AtomicInteger unfinished = new AtomicInteger();
    /** Set once {@link Pipe#close(Duration)} began: new requests are refused, and it completes when none is unfinished. */
    final AtomicReference<CompletableFuture<Void>> draining = new AtomicReference<>();
    /**
     * Requests handed to the loop and not yet handled there. While any are, new requests go the
     * same way instead of the fast path, so one thread's requests are written in the order it
     * made them even across a connect (the loop writes the handed-over ones in mailbox order).
     */
    final AtomicInteger rerouting = new AtomicInteger();
    private final ArrayDeque<Exchange<?>> held = new ArrayDeque<>();
    /** {@code held.size()}, published for gauges read on other threads (written on the loop only). */
    volatile int heldCount;
    private final List<Exchange<?>> waitingForConnect = new ArrayList<>();
    private ConnectionContext<Exchange<?>, Void> context;
    /** The published lane: callers read it without the loop. Null while down. */
    volatile Lane<B> live;
    private Cancellable tick;
    private boolean attempted;
    private long lastAttemptNanos;
    private long earlyWindowNanos;
    /** When the current run of failed attempts began; -1 while connected. */
    private long outageStartNanos = -1;
    private int failuresAfterGrace;
    /**
     * Connect attempts that failed so far (written on the loop, read by callers handing a request
     * over): a request handed over while an attempt ran waits for that attempt only.
     */
    private volatile int failedAttempts;
    /** Why the last attempt failed; loop only. */
    private Exception lastFailure;
    /**
     * What requests fail with while a refusal ({@link Handshake.Refused}) is why the pipe is down
     * or stopped: set by the attempt that was refused, cleared by any other outcome.
     */
    private volatile PipeException refusal;
    /** The refusal last logged at WARN; repeats of it go to DEBUG until a success or another message. Loop only. */
    private String refusalLogged;

    PipeConnection(Pipe.Settings<B> settings) {
        this.settings = settings;
        this.socket = settings.socket();
    }

    /** Called by the request that brought {@link #unfinished} to 0: ends a drain, if one waits. */
    void lastFinished() {
        CompletableFuture<Void> drain = draining.get();
        if (drain != null) {
            drain.complete(null);
        }
    }

    long now() {
        return settings.connection().ticker().nanoTime();
    }

    String name() {
        return context.name();
    }

    // ---------------------------------------------------------------- errors, translated once

    PipeException error(Reason reason, String message, Throwable cause) {
        return new PipeException(reason, message, cause);
    }

    /** What callers see of {@code e}: the builder's error translator applied, once. */
    RuntimeException translate(PipeException e) {
        RuntimeException translated = settings.errorTranslator().apply(e);
        return translated != null ? translated : e;
    }

    PipeException timeout(Exchange<?> x) {
        return x.written()
                ? new PipeException(Reason.TIMEOUT, true, "no reply from " + describe() + " within the deadline", null)
                : new PipeException(Reason.TIMEOUT, false, "the deadline passed before the request was written to "
                        + describe(), null);
    }

    PipeException disconnected(Throwable cause) {
        return error(Reason.DISCONNECTED, "connection to " + describe() + " dropped before the reply came", cause);
    }

    /** A request made while not connected: the refusal if that is why, else CLOSED with {@code message}. */
    private PipeException notConnected(String message, Throwable cause) {
        PipeException refused = refusal;
        return refused != null ? refused : error(Reason.CLOSED, message, cause);
    }

    /** What requests fail with once the pipe stopped for {@code reason}: the refusal if that is why, else STOPPED. */
    private PipeException stopped(StopReason reason, String message, Throwable cause) {
        PipeException refused = refusal;
        return refused != null && reason.cause() instanceof Handshake.Refused ? refused
                : error(Reason.STOPPED, message, cause);
    }

    // ---------------------------------------------------------------- callbacks from lanes and callers

    void push(Object frame) {
        try {
            settings.pushListener().accept(frame);
        } catch (RuntimeException e) {
            log.warn("push listener of {} threw; the frame is dropped", name(), e);
        }
    }

    /** After the frames of one read, if any was a push. */
    void pushesRead() {
        Runnable after = settings.afterPushes();
        if (after != null) {
            try {
                after.run();
            } catch (RuntimeException e) {
                log.warn("the push listener of {} threw after a read", name(), e);
            }
        }
    }

    void laneFailed(Lane<?> lane, IOException cause) {
        try {
            context.self().send(new LaneFailed(lane, cause));
        } catch (RuntimeException stoppedOrFull) {
            // Stopping: terminate tears the lane down. Full: the next request that reaches the
            // loop, or the next tick, finds the lane closed and disconnects (see closedLane).
            log.debug("could not report a failed lane of {}: {}", name(), stoppedOrFull.toString());
        }
    }

    /** The cause, if the published lane has failed and its report has not been handled yet. */
    private IOException closedLane() {
        Lane<B> lane = live;
        return lane != null && lane.isClosed() ? lane.failure : null;
    }

    /** Hands {@code x} to the loop: no live lane, or the one it found closed under it. */
    void reroute(Exchange<?> x) {
        long left = x.deadline - now();
        if (left <= 0) {
            x.fail(timeout(x));
            return;
        }
        x.failedAttemptsSeen = failedAttempts;
        if (x.route()) {
            rerouting.incrementAndGet();
        }
        try {
            context.self().callAsync(x, Duration.ofNanos(left)).whenComplete((ignored, e) -> {
                if (e != null) {
                    unroute(x);
                    x.fail(handOverFailure(e));
                }
            });
        } catch (dev.tether.connection.MailboxFullException e) {
            unroute(x);
            x.fail(error(Reason.OVERLOADED, "too many requests waiting for " + describe(), e));
        } catch (dev.tether.connection.ConnectionStoppedException e) {
            unroute(x);
            x.fail(stopped(e.reason(), "the pipe to " + describe() + " is closed", e));
        } catch (RuntimeException e) { // never expected: the runtime's own translator is the identity
            unroute(x);
            x.fail(error(Reason.CLOSED, "could not hand the request over: " + e, e));
        }
    }

    private void unroute(Exchange<?> x) {
        if (x.unroute()) {
            rerouting.decrementAndGet();
        }
    }

    private PipeException handOverFailure(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return switch (cause) {
            case dev.tether.connection.CallTimeoutException t ->
                    error(Reason.TIMEOUT, "the deadline passed while waiting for a connection to "
                            + describe(), null);
            case dev.tether.connection.ConnectionStoppedException s ->
                    stopped(s.reason(), "the pipe to " + describe() + " is closed", s);
            default -> error(Reason.CLOSED, "could not hand the request over: " + cause, cause);
        };
    }

    // ---------------------------------------------------------------- the behaviour

    @Override
    public InitResult init(ConnectionContext<Exchange<?>, Void> context) {
        this.context = context;
        return InitResult.connect("start");
    }

    @Override
    public ConnectResult connect(Object info) {
        attempted = true;
        lastAttemptNanos = now();
        SocketLink link = null;
        Lane<B> lane = null;
        boolean resolved = false;
        try {
            if (settings.resolver() != null) {
                socket = settings.socket().withAddress(settings.resolver().resolve());
                resolved = true;
            }
            link = SocketLink.connect(socket, context.name(), context.ticker());
            lane = new Lane<>(link, settings.codecs().get(), this, settings.readBufferSize(), settings.maxFrameBytes(),
                    settings.dedicatedReader());
            if (settings.handshake() != null) {
                settings.handshake().run(new Session(lane));
            }
        } catch (Exception e) {
            refusal = e instanceof Handshake.Refused r ? refused(r, link != null) : null;
            abandon(link, lane, e);
            if (e instanceof Handshake.Refused r && !r.retry()) {
                // Logged once, by the loop as it stops: one WARN line (a stop the pipe decided).
                return ConnectResult.stop(StopReason.failure("this client was refused; not retrying", r));
            }
            if (refusal != null) {
                logRefusal(e.getMessage());
            }
            lastFailure = e;
            failedAttempts++; // only the loop writes it
            growEarlyWindow();
            log.debug("connect to {} failed: {}", describe(), e.toString());
            // A resolved address is named nowhere else: a bare "Connection refused" would not say where.
            return ConnectResult.backoffByPolicy(resolved && link == null
                    ? new IOException("could not connect to " + describe() + ": " + e.getMessage(), e) : e);
        }
        refusal = null;
        refusalLogged = null;
        lastFailure = null;
        earlyWindowNanos = 0;
        outageStartNanos = -1;
        // The lane opens on the next turn, once the runtime made the connection CONNECTED: a
        // caller answered on it never sees the pipe still CONNECTING.
        opening = lane;
        context.send(OPEN);
        armTick();
        return ConnectResult.ok();
    }

    /** HANDSHAKE_REFUSED with the refusal's words, said once; {@code connected}: by the server, else by the resolver. */
    private PipeException refused(Handshake.Refused r, boolean connected) {
        return error(Reason.HANDSHAKE_REFUSED, (connected ? "the handshake with " + describe() + " failed: "
                : "no address to connect to: ") + r.getMessage(), r);
    }

    /**
     * A refusal that is retried: one WARN line the first time, DEBUG while the same words repeat
     * (every retry would otherwise log it again), WARN again once they change or after a success.
     */
    private void logRefusal(String words) {
        if (words.equals(refusalLogged)) {
            log.debug("{}: {} (again; retrying by the backoff policy)", name(), refusal.detail());
        } else {
            refusalLogged = words;
            log.warn("{}: {}; retrying by the backoff policy", name(), refusal.detail());
        }
    }

    /** Requests that waited for this connection go first, then the fast path opens. */
    private void open() {
        Lane<B> lane = opening;
        opening = null;
        if (lane == null) {
            return;
        }
        waitingForConnect.forEach(lane::submit);
        waitingForConnect.clear();
        for (Exchange<?> x; (x = held.poll()) != null; ) {
            lane.submit(x);
        }
        heldCount = 0;
        live = lane; // if it failed meanwhile, its LaneFailed (queued behind OPEN) takes it down
        lane.opened();
    }

    private void abandon(SocketLink link, Lane<B> lane, Exception cause) {
        PipeException error = cause instanceof Handshake.Refused ? refusal
                : error(Reason.CLOSED, "could not connect to " + describe(), cause);
        if (lane != null) {
            lane.close(error);
        } else if (link != null) {
            link.close();
        }
        waitingForConnect.forEach(x -> x.fail(error));
        waitingForConnect.clear();
    }

    /**
     * The early-connect window: the builder's (50 ms by default) for the first
     * {@link #EARLY_GRACE_NANOS} of an outage, so a blip (a restart, a failover) is over within a
     * window of the server coming back; then it doubles with each further failure, with equal
     * jitter, up to nine tenths of the backoff policy's cap, so a long outage is tried at the
     * policy's pace however hard callers push. Stopping short of the cap keeps the early attempt
     * what it is meant to be, the scheduled one brought forward, and bounds how long a busy client
     * stays down after its server is back: at most 0.9 x cap plus one connect, where a window of
     * the full cap would leave a connect and a handshake to fit after a whole cap (the fleet
     * harness's slowest instance missed cap + 100 ms that way). An early attempt replaces the
     * scheduled one (Connect cancels the backoff timer), so it counts once and adds no event.
     */
    private void growEarlyWindow() {
        long now = now();
        if (outageStartNanos < 0) {
            outageStartNanos = now;
            failuresAfterGrace = 0;
        }
        long first = settings.earlyConnectWindow().toNanos();
        if (now - outageStartNanos < EARLY_GRACE_NANOS) {
            earlyWindowNanos = first;
            return;
        }
        failuresAfterGrace = Math.min(failuresAfterGrace + 1, 62);
        long cap = settings.connection().backoffPolicy().cap().toNanos();
        cap -= cap / 10;
        long full = first;
        for (int i = 0; i < failuresAfterGrace && full < cap; i++) {
            full <<= 1;
        }
        full = Math.max(first, Math.min(cap, full));
        earlyWindowNanos = full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
    }

    private boolean earlyConnectAllowed() {
        return settings.earlyConnect() && (!attempted || now() - lastAttemptNanos >= earlyWindowNanos);
    }

    @Override
    public CallResult<Void> handleCall(Exchange<?> x, ReplyTo<Void> from) {
        from.reply(null); // the runtime's call only carried the exchange here
        try {
            return handle(x);
        } finally {
            unroute(x); // after handle queued it: a request made after this one cannot overtake it
        }
    }

    private CallResult<Void> handle(Exchange<?> x) {
        if (x.isDone()) {
            return CallResult.noReply();
        }
        IOException failed = closedLane();
        if (failed != null) {
            // The lane failed and its report was lost (a full mailbox): disconnect now, then
            // handle this request as one made while down.
            context.self().send(new Retry(x));
            return CallResult.disconnect(failed);
        }
        return route(x) ? CallResult.connect("early connect") : CallResult.noReply();
    }

    /**
     * Writes {@code x} on the live lane, or handles it as a request made while down: held, kept
     * for an early connect, or failed with CLOSED. True when an early connect should run now.
     */
    private boolean route(Exchange<?> x) {
        if (x.isDone()) {
            return false;
        }
        Lane<B> lane = live;
        if (lane != null) {
            lane.submit(x);
            return false;
        }
        if (opening != null) {
            waitingForConnect.add(x); // written, in order, when the lane opens
            return false;
        }
        if (settings.holdQueue() > 0) {
            held.removeIf(Exchange::isDone);
            heldCount = held.size();
            if (held.size() >= settings.holdQueue()) {
                x.fail(error(Reason.OVERLOADED, "the hold queue for " + describe() + " is full ("
                        + settings.holdQueue() + " requests)", null));
                return false;
            }
            held.add(x);
            heldCount = held.size();
            return earlyConnectAllowed();
        }
        if (x.failedAttemptsSeen != failedAttempts) {
            // Made while a connect attempt ran (the loop was busy with it), and that attempt
            // failed: it waits for that attempt only, never for the next one too.
            x.fail(notConnected("not connected to " + describe() + ": the connect attempt under way when"
                    + " the request was made failed; reconnecting", lastFailure));
            return false;
        }
        if (earlyConnectAllowed()) {
            waitingForConnect.add(x);
            return true;
        }
        x.fail(notConnected("not connected to " + describe() + "; reconnecting", null));
        return false;
    }

    @Override
    public InfoResult handleInfo(Object message) {
        if (message instanceof LaneFailed failed) {
            return failed.lane() == live ? InfoResult.disconnect(failed.cause()) : InfoResult.noReply();
        }
        if (message == TICK) {
            return checkLane();
        }
        if (message instanceof Retry retry) {
            return route(retry.exchange()) ? InfoResult.connect("early connect") : InfoResult.noReply();
        }
        if (message == OPEN) {
            open();
            return InfoResult.noReply();
        }
        if (message instanceof Reconnect r) {
            return live != null || opening != null ? InfoResult.disconnect(new ReconnectRequested(r.why()))
                    : InfoResult.connect(r.why());
        }
        return InfoResult.noReply();
    }

    private void armTick() {
        tick = context.sendAfter(TICK, settings.stallInterval());
    }

    /**
     * The stall check: a reply overdue by the stall interval past its deadline (however many
     * bytes trickled in meanwhile) means a dead peer or a half-open socket. And the idle ping, which makes the same check work
     * for a connection nobody uses. (A peer that closes an idle connection is seen at once by the
     * lane's watcher, not here.)
     */
    private InfoResult checkLane() {
        tick = null;
        Lane<B> lane = live;
        if (lane == null) {
            return InfoResult.noReply();
        }
        IOException failed = closedLane();
        if (failed != null) {
            return InfoResult.disconnect(failed); // its report was lost to a full mailbox
        }
        if (lane.inPushListener()) {
            // The reader waits for the push listener (backpressure): nothing is read because the
            // client chose not to read, so silence says nothing about the peer.
            armTick();
            return InfoResult.noReply();
        }
        long now = now();
        long grace = settings.stallInterval().toNanos();
        Exchange<?> oldest = lane.oldest();
        if (oldest != null && now - oldest.deadline > grace) {
            // Bytes still trickling in do not count: a server sending a byte now and then while
            // no reply completes is as dead to the callers as a silent one.
            return InfoResult.disconnect(new StallException("no reply from " + describe()
                    + " to a request " + (now - oldest.deadline) / 1_000_000 + " ms past its deadline (last byte read "
                    + (now - lane.lastReadNanos()) / 1_000_000 + " ms ago): presuming the connection dead"));
        }
        B ping = settings.idlePing();
        if (ping != null && oldest == null && now - lane.lastReadNanos() >= grace) {
            // Idle for a whole interval: ask the server something. Its reply is dropped; a peer
            // that does not answer leaves it overdue, and the check above finds that.
            lane.submit(unowned((Request<?>) ping, now + settings.connection().callTimeout().toNanos()));
        }
        armTick();
        return InfoResult.noReply();
    }

    /** An exchange no caller waits for and no count includes: the idle ping. */
    private static <T> Exchange<T> unowned(Request<T> request, long deadline) {
        return new Exchange<>(request, deadline, null, null, null);
    }

    @Override
    public DisconnectResult disconnect(Object info) {
        Throwable cause = info instanceof Throwable t ? t : new IOException(String.valueOf(info));
        takeDown(disconnected(cause));
        if (cause instanceof ReconnectRequested && !settings.stopOnDisconnect()) {
            return DisconnectResult.connect(cause);
        }
        if (settings.stopOnDisconnect()) {
            return DisconnectResult.stop(StopReason.failure("disconnected from " + describe()
                    + " and stopOnDisconnect is set", cause));
        }
        return DisconnectResult.backoff(Backoff.byPolicy().because(cause));
    }

    private void takeDown(RuntimeException inFlight) {
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
        Lane<B> lane = live;
        live = null;
        if (lane != null) {
            lane.close(inFlight);
        }
        if (opening != null) {
            opening.close(inFlight);
            opening = null;
        }
    }

    @Override
    public void terminate(StopReason reason) {
        PipeException stopped = stopped(reason, "the pipe to " + describe()
                + " stopped: " + reason.describe(), reason.cause());
        takeDown(stopped);
        waitingForConnect.forEach(x -> x.fail(stopped));
        waitingForConnect.clear();
        held.forEach(x -> x.fail(stopped));
        held.clear();
        heldCount = 0;
    }

    @Override
    public String formatState() {
        return "Pipe[" + describe() + (live != null ? ", connected" : ", down")
                + ", " + unfinished.get() + " unfinished]";
    }

    /** The handshake's view of a lane that callers cannot see yet. */
    private final class Session implements Handshake.Session {
        private final Lane<B> lane;

        Session(Lane<B> lane) {
            this.lane = lane;
        }

        @Override
        public <T> T call(Request<T> request) {
            long deadline = lastAttemptNanos + socket.connectTimeout().toNanos();
            Exchange<T> x = new Exchange<>(request, deadline, Thread.currentThread(), null, null);
            lane.submit(x);
            lane.await(x);
            return x.result();
        }

        @Override
        public String peer() {
            return describe();
        }
    }
}
