package dev.tether.core.loop;

import dev.tether.connection.Backoff;
import dev.tether.connection.BadReturnValueException;
import dev.tether.connection.CallResult;
import dev.tether.connection.Cancellable;
import dev.tether.connection.CastResult;
import dev.tether.connection.Connect;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionListener;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.Disconnect;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.Ignore;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.MailboxFullException;
import dev.tether.connection.NoConnect;
import dev.tether.connection.NoReply;
import dev.tether.connection.Ok;
import dev.tether.connection.Postpone;
import dev.tether.connection.Reply;
import dev.tether.connection.ReplyThenConnect;
import dev.tether.connection.ReplyThenDisconnect;
import dev.tether.connection.ReplyThenStop;
import dev.tether.connection.Signal;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StartIgnoredException;
import dev.tether.connection.Stop;
import dev.tether.connection.StopReason;
import dev.tether.connection.StopTimeoutException;
import dev.tether.connection.Ticker;
import dev.tether.core.ConnectionOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The loop of one connection process (CONNECTION-SPEC sections 1-5).
 *
 * Threads. One loop thread (virtual by default) runs every callback, owns every field below
 * marked "loop only", and is the only consumer of the mailbox. Any thread may call the
 * ConnectionRef methods: they only enqueue, read volatile state, or (stop) set a volatile
 * request, wake the loop and, if a callback is blocked, interrupt it. Timers run on the
 * Scheduler and only enqueue messages stamped with a generation.
 *
 * States (ConnectionState):
 *
 *   STARTING --init: Connect--> CONNECTING --Ok--> CONNECTED --Disconnect--> disconnect()
 *      |  \--init: Ok------------------------------^                 |  Connect: CONNECTING
 *      |   \-init: Backoff--> BACKING_OFF <--Backoff-- CONNECTING    |  Backoff:  BACKING_OFF
 *      |                        | timer fires: connect(BACKOFF)      |  NoConnect: DISCONNECTED
 *      +-- init Stop/Ignore/throw: STOPPED, no terminate
 *   any state --Stop result, crash, stop()--> STOPPING (terminate) --> STOPPED
 *
 * One turn: take the next message (postponed replays first, then the mailbox), run its callback,
 * apply the result. A Connect/Disconnect/Stop in the result runs its callback in the same turn,
 * so no other message is handled in between. When nothing is left, call mailboxDrained once,
 * then park. A stop request is checked before every message, so stop goes ahead of the queue.
 *
 * Timers. One backoff slot and one idle slot, each with a generation counter bumped whenever it
 * is armed or cancelled; a fire carrying an older generation is dropped unseen.
 */
/**
 * The runtime of one connection process; see the design comment at the top of this file.
 * Created only through {@link Engine#start}.
 */
final class ConnectionLoop<Q, R> implements ConnectionRef<Q, R>, ConnectionContext<Q, R>, Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final Duration INTERRUPT_GRACE = Duration.ofMillis(500);

    private final Connection<Q, R> behaviour;
    private final ConnectionOptions options;
    private final String name;
    private final Mailbox<Message> mailbox;
    private final Ticker ticker;
    private final BackoffTracker tracker;
    private final CompletionFuture<StopReason> stopped;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> firstConnect;
    private final ReentrantLock interruptLock = new ReentrantLock();

    private volatile ConnectionState state = ConnectionState.STARTING;
    private volatile StopReason stopRequest;
    private volatile StopReason finalReason;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile String runningCallback;
    private volatile Thread thread;
    private boolean terminating; // guarded by interruptLock

    // Loop only.
    private final ArrayDeque<Message> postponed = new ArrayDeque<>();
    private final ArrayDeque<Message> replay = new ArrayDeque<>();
    private final ArrayList<PendingCall<?>> deferred = new ArrayList<>();
    private int deferredSweepAt = 1024;
    private long backoffGeneration;
    private Cancellable backoffTimer;
    private long idleGeneration;
    private Cancellable idleTimer;
    private boolean handledSinceDrain;
    private StopReason pendingStop;

    ConnectionLoop(Connection<Q, R> behaviour, ConnectionOptions options, boolean awaitFirstConnect) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.options = Objects.requireNonNull(options, "options");
        this.name = options.name() != null ? options.name() : "connection-" + IDS.incrementAndGet();
        this.mailbox = new Mailbox<>(options.mailboxCapacity());
        this.ticker = options.ticker();
        this.tracker = new BackoffTracker(options.backoffPolicy());
        this.stopped = new CompletionFuture<>(options.completionExecutor());
        this.firstConnect = awaitFirstConnect ? new CompletableFuture<>() : null;
    }

    // ---------------------------------------------------------------- starting

    /**
     * Starts the loop thread and waits for init (and, if asked at construction, for the first
     * connect). Called once, by Engine.start.
     */
    ConnectionRef<Q, R> start() {
        if (options.name() != null) {
            NameRegistry.register(name, this);
        }
        Thread t;
        try {
            t = options.threadFactory() == null
                    ? Thread.ofVirtual().name("tether-" + name).unstarted(this)
                    : options.threadFactory().newThread(this);
            if (t == null) {
                throw new IllegalStateException("the thread factory of " + name + " returned null");
            }
            LiveRegistry.add(LiveRegistry.Kind.LOOP, this, name);
            t.start();
        } catch (RuntimeException | Error e) {
            LiveRegistry.remove(LiveRegistry.Kind.LOOP, this);
            NameRegistry.unregister(name, this);
            throw e;
        }
        awaitUninterruptibly(started);
        if (firstConnect != null) {
            try {
                awaitUninterruptibly(firstConnect);
            } catch (StartFailedException e) {
                joinQuietly(t);
                throw e;
            }
        }
        return this;
    }

    private static void awaitUninterruptibly(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        mailbox.bindConsumer(thread);
        try {
            if (!runInit()) {
                return;
            }
            mainLoop();
        } catch (Throwable t) {
            // Only a bug in the runtime itself gets here; still stop cleanly.
            log.error("runtime error in the loop of {}", name, t);
            if (pendingStop == null) {
                pendingStop = new StopReason.Crash("runtime", t);
            }
            started.complete(null);
        }
        terminate(pendingStop);
    }

    private boolean runInit() {
        InitResult result;
        try {
            result = behaviour.init(this);
        } catch (Throwable t) {
            abortStart(new StopReason.Crash("init", t), null);
            return false;
        }
        if (result == null) {
            abortStart(new StopReason.Crash("init", new BadReturnValueException("init", null)), null);
            return false;
        }
        switch (result) {
            case Ok ok -> {
                connected();
                armIdle(ok.idleTimeout());
                started.complete(null);
            }
            case Connect<?> c -> {
                // start returns first, then connect runs before any queued message (spec section 2).
                setState(ConnectionState.CONNECTING);
                started.complete(null);
                runConnect(c.info());
            }
            case Backoff b -> {
                applyBackoff(b, false);
                started.complete(null);
            }
            case Stop<?> s -> {
                abortStart(s.reason(), null);
                return false;
            }
            case Ignore ignored -> {
                abortStart(StopReason.normal(), new StartIgnoredException(name));
                return false;
            }
        }
        return true;
    }

    /** init did not start the process: no terminate, nothing left registered, nobody left waiting. */
    private void abortStart(StopReason reason, RuntimeException error) {
        finalReason = reason;
        stopping = true;
        closed = true;
        state = ConnectionState.STOPPED;
        failWaiting(reason);
        NameRegistry.unregister(name, this);
        LiveRegistry.remove(LiveRegistry.Kind.LOOP, this);
        stopped.complete(reason);
        started.completeExceptionally(error != null ? error : new StartFailedException(name, reason));
    }

    // ---------------------------------------------------------------- the loop

    private void mainLoop() {
        while (pendingStop == null) {
            StopReason requested = stopRequest;
            if (requested != null) {
                pendingStop = requested;
                return;
            }
            Message m = replay.pollFirst();
            if (m == null) {
                m = mailbox.poll();
            }
            if (m == null) {
                if (handledSinceDrain) {
                    handledSinceDrain = false;
                    applyInfo(invokeDrained());
                } else {
                    // A stray interrupt (a callback interrupting its own thread) would make park
                    // return at once forever; only stop() interrupts on purpose, and it sets
                    // stopRequest first, which the top of the loop sees.
                    Thread.interrupted();
                    mailbox.await();
                }
                continue;
            }
            handledSinceDrain = true;
            dispatch(m);
        }
    }

    private void dispatch(Message m) {
        switch (m) {
            case Mail.Call c -> handleCall(c);
            case Mail.Cast c -> handleCast(c);
            case Mail.Info i -> {
                cancelIdle();
                applyInfo(invokeInfo(i.message()));
            }
            case Mail.BackoffFire f -> {
                if (f.generation() == backoffGeneration && backoffTimer != null) {
                    backoffTimer = null;
                    cancelIdle();
                    runConnect(Signal.BACKOFF);
                }
            }
            case Mail.IdleFire f -> {
                if (f.generation() == idleGeneration && idleTimer != null) {
                    idleTimer = null;
                    applyInfo(invokeInfo(Signal.IDLE_TIMEOUT));
                }
            }
            case Mail.Delayed d -> {
                if (d.token().claimDelivery()) {
                    cancelIdle();
                    applyInfo(invokeInfo(d.token().message));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void handleCall(Mail.Call c) {
        PendingCall<R> call = (PendingCall<R>) c.pending();
        if (call.isDone()) {
            return; // the caller gave up (timeout or cancel): never handled
        }
        if (call.deadlinePassed()) {
            call.expire(); // expired while queued: dropped before its callback (spec section 4)
            return;
        }
        cancelIdle();
        CallResult<R> result;
        runningCallback = "handleCall";
        try {
            result = behaviour.handleCall((Q) c.request(), call);
        } catch (Throwable t) {
            crashed("handleCall", t);
            defer(call);
            return;
        } finally {
            runningCallback = null;
        }
        if (result == null) {
            badReturn("handleCall", null);
            defer(call);
            return;
        }
        switch (result) {
            case Reply<R> r -> {
                call.reply(r.value());
                armIdle(r.idleTimeout());
            }
            case NoReply<R> r -> {
                defer(call);
                armIdle(r.idleTimeout());
            }
            case Connect<R> r -> {
                defer(call);
                connectNow(r.info());
            }
            case ReplyThenConnect<R> r -> {
                call.reply(r.reply());
                connectNow(r.info());
            }
            case Disconnect<R> r -> {
                defer(call);
                disconnectNow(r.info());
            }
            case ReplyThenDisconnect<R> r -> {
                call.reply(r.reply());
                disconnectNow(r.info());
            }
            case Stop<R> r -> {
                defer(call);
                stopWith(r.reason());
            }
            case ReplyThenStop<R> r -> {
                call.reply(r.reply());
                stopWith(r.reason());
            }
            case Postpone<R> r -> postpone(c);
        }
    }

    @SuppressWarnings("unchecked")
    private void handleCast(Mail.Cast c) {
        cancelIdle();
        CastResult result;
        runningCallback = "handleCast";
        try {
            result = behaviour.handleCast((Q) c.request());
        } catch (Throwable t) {
            crashed("handleCast", t);
            return;
        } finally {
            runningCallback = null;
        }
        if (result == null) {
            badReturn("handleCast", null);
            return;
        }
        switch (result) {
            case NoReply<?> r -> armIdle(r.idleTimeout());
            case Connect<?> r -> connectNow(r.info());
            case Disconnect<?> r -> disconnectNow(r.info());
            case Stop<?> r -> stopWith(r.reason());
            case Postpone<?> r -> postpone(c);
        }
    }

    private InfoResult invokeInfo(Object message) {
        runningCallback = "handleInfo";
        try {
            InfoResult r = behaviour.handleInfo(message);
            if (r == null) {
                badReturn("handleInfo", null);
            }
            return r;
        } catch (Throwable t) {
            crashed("handleInfo", t);
            return null;
        } finally {
            runningCallback = null;
        }
    }

    private InfoResult invokeDrained() {
        runningCallback = "mailboxDrained";
        try {
            InfoResult r = behaviour.mailboxDrained();
            if (r == null) {
                badReturn("mailboxDrained", null);
            }
            return r;
        } catch (Throwable t) {
            crashed("mailboxDrained", t);
            return null;
        } finally {
            runningCallback = null;
        }
    }

    /** Applies a handleInfo/mailboxDrained result; null means the callback already failed. */
    private void applyInfo(InfoResult result) {
        if (result == null) {
            return;
        }
        switch (result) {
            case NoReply<?> r -> armIdle(r.idleTimeout());
            case Connect<?> r -> connectNow(r.info());
            case Disconnect<?> r -> disconnectNow(r.info());
            case Stop<?> r -> stopWith(r.reason());
        }
    }

    // ---------------------------------------------------------------- connect / disconnect

    private void connectNow(Object info) {
        cancelBackoffTimer();
        runConnect(info);
    }

    private void runConnect(Object info) {
        setState(ConnectionState.CONNECTING);
        ConnectResult result;
        runningCallback = "connect";
        try {
            result = behaviour.connect(info);
        } catch (Throwable t) {
            crashed("connect", t);
            return;
        } finally {
            runningCallback = null;
        }
        if (result == null) {
            badReturn("connect", null);
            return;
        }
        switch (result) {
            case Ok ok -> {
                connected();
                armIdle(ok.idleTimeout());
            }
            case Backoff b -> applyBackoff(b, true);
            case Stop<?> s -> stopWith(s.reason());
        }
    }

    private void connected() {
        tracker.connected(ticker.nanoTime());
        setState(ConnectionState.CONNECTED);
        emit(new ConnectionEvent.Connected(name));
        if (firstConnect != null) {
            firstConnect.complete(null);
        }
    }

    private void disconnectNow(Object info) {
        cancelBackoffTimer();
        emit(new ConnectionEvent.Disconnected(name, info));
        DisconnectResult result;
        runningCallback = "disconnect";
        try {
            result = behaviour.disconnect(info);
        } catch (Throwable t) {
            crashed("disconnect", t);
            return;
        } finally {
            runningCallback = null;
        }
        if (result == null) {
            badReturn("disconnect", null);
            return;
        }
        switch (result) {
            case Connect<?> c -> runConnect(c.info());
            case Backoff b -> applyBackoff(b, false);
            case NoConnect n -> {
                setState(ConnectionState.DISCONNECTED);
                armIdle(n.idleTimeout());
            }
            case Stop<?> s -> stopWith(s.reason());
        }
    }

    /**
     * @param fromConnect true when connect itself failed: for a synchronous start that is the
     *     failed first connect, whereas a Backoff from init or disconnect still awaits its connect
     */
    private void applyBackoff(Backoff b, boolean fromConnect) {
        Duration delay = null;
        int attempt = 0;
        switch (b.kind()) {
            case AFTER -> delay = b.delay();
            case FOREVER -> delay = null;
            case BY_POLICY -> {
                BackoffTracker.Decision d = tracker.failed(ticker.nanoTime(), random());
                if (d.jitterError() != null) {
                    log.warn("{}: the backoff jitter source threw; backing off by the policy's cap", name, d.jitterError());
                }
                if (d.gaveUp()) {
                    stopWith(new StopReason.BackoffExhausted(d.attempt(), d.outage(), b.cause()));
                    return;
                }
                delay = d.delay();
                attempt = d.attempt();
            }
        }
        if (fromConnect && firstConnect != null && !firstConnect.isDone()) {
            // The synchronous start asked for a connection and did not get one.
            stopWith(StopReason.failure("the first connect of " + name + " did not succeed", b.cause()));
            return;
        }
        setState(ConnectionState.BACKING_OFF);
        if (delay != null) {
            armBackoff(delay);
        }
        emit(new ConnectionEvent.BackingOff(name, delay, attempt, b.cause()));
        armIdle(b.idleTimeout());
    }

    private RandomGenerator random() {
        return options.jitter() != null ? options.jitter() : ThreadLocalRandom.current();
    }

    // ---------------------------------------------------------------- timers

    private void armBackoff(Duration delay) {
        long generation = ++backoffGeneration;
        backoffTimer = options.scheduler().schedule(delay,
                () -> mailbox.offerUnbounded(new Mail.BackoffFire(generation)));
    }

    private void cancelBackoffTimer() {
        if (backoffTimer != null) {
            backoffTimer.cancel();
            backoffTimer = null;
        }
        backoffGeneration++;
    }

    private void armIdle(Duration timeout) {
        if (timeout == null || pendingStop != null) {
            return;
        }
        cancelIdle();
        long generation = ++idleGeneration;
        idleTimer = options.scheduler().schedule(timeout,
                () -> mailbox.offerUnbounded(new Mail.IdleFire(generation)));
    }

    private void cancelIdle() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
            idleGeneration++;
        }
    }

    // ---------------------------------------------------------------- state, postpone, deferred

    private void setState(ConnectionState next) {
        if (state == next) {
            return;
        }
        state = next;
        if (!postponed.isEmpty()) {
            // gen_statem: postponed messages come back after a state change, before newer ones.
            while (!postponed.isEmpty()) {
                replay.addFirst(postponed.pollLast());
            }
        }
    }

    private void postpone(Message m) {
        if (postponed.size() >= options.postponeCapacity()) {
            // Callers who gave up (or whose deadline passed) must not hold places (Postpone javadoc).
            postponed.removeIf(p -> p instanceof Mail.Call c && (c.pending().isDone() || expireIfDue(c.pending())));
        }
        if (postponed.size() >= options.postponeCapacity()) {
            RuntimeException full = translate(new MailboxFullException(name, "postpone queue", options.postponeCapacity()));
            if (m instanceof Mail.Call c) {
                c.pending().fail(full);
            } else {
                log.error("{}: dropped a postponed {}", name, m, full);
            }
            return;
        }
        postponed.addLast(m);
    }

    private static boolean expireIfDue(PendingCall<?> call) {
        if (call.deadlinePassed()) {
            call.expire();
            return true;
        }
        return false;
    }

    private void defer(PendingCall<?> call) {
        if (call.isDone()) {
            return;
        }
        deferred.add(call);
        if (deferred.size() >= deferredSweepAt) {
            // Amortised clean-up: answered calls leave the list here, not on the reply path,
            // which may run on any thread.
            deferred.removeIf(PendingCall::isDone);
            deferredSweepAt = Math.max(1024, deferred.size() * 2);
        }
    }

    // ---------------------------------------------------------------- failures and stopping

    private void crashed(String callback, Throwable t) {
        StopReason requested = stopRequest;
        // A callback interrupted by stop() fails because of the stop, not by itself.
        stopWith(requested != null ? requested : new StopReason.Crash(callback, t));
    }

    private void badReturn(String callback, Object value) {
        stopWith(new StopReason.Crash(callback, new BadReturnValueException(callback, value)));
    }

    private void stopWith(StopReason reason) {
        if (pendingStop == null) {
            pendingStop = reason;
            stopping = true; // senders are refused from now on, not queued to be dropped
        }
    }

    private void terminate(StopReason reason) {
        interruptLock.lock();
        try {
            terminating = true;
        } finally {
            interruptLock.unlock();
        }
        Thread.interrupted(); // an interrupt meant for a blocked callback must not hit terminate
        finalReason = reason;
        stopping = true;
        state = ConnectionState.STOPPING;
        cancelBackoffTimer();
        cancelIdle();
        logStop(reason);
        try {
            behaviour.terminate(reason);
        } catch (Throwable t) {
            log.error("{}: terminate threw while stopping with {}", name, reason.describe(), t);
        }
        closed = true;
        failWaiting(reason);
        state = ConnectionState.STOPPED;
        NameRegistry.unregister(name, this);
        LiveRegistry.remove(LiveRegistry.Kind.LOOP, this);
        emit(new ConnectionEvent.Stopped(name, reason));
        stopped.complete(reason);
        if (firstConnect != null && !firstConnect.isDone()) {
            firstConnect.completeExceptionally(new StartFailedException(name, reason));
        }
    }

    private void logStop(StopReason reason) {
        if (reason.isNormal()) {
            log.debug("{} stopping: {}", name, reason.describe());
            return;
        }
        String rendered;
        try {
            rendered = behaviour.formatState();
        } catch (Throwable t) {
            rendered = "<formatState threw " + t + ">";
        }
        if (reason instanceof StopReason.Crash crash) {
            log.error("{} crashed in {}; state: {}", name, crash.callback(), rendered, crash.exception());
        } else {
            log.error("{} stopping: {}; state: {}", name, reason.describe(), rendered, reason.cause());
        }
    }

    private void failWaiting(StopReason reason) {
        RuntimeException error = translate(new ConnectionStoppedException(name, reason));
        int dropped = 0;
        for (PendingCall<?> call : deferred) {
            call.fail(error);
        }
        deferred.clear();
        dropped += failAll(replay, error);
        dropped += failAll(postponed, error);
        Message m;
        while ((m = mailbox.poll()) != null) {
            dropped += failOne(m, error);
        }
        if (dropped > 0) {
            log.warn("{}: {} casts or info messages were still queued when it stopped ({})",
                    name, dropped, reason.describe());
        }
    }

    private static int failAll(ArrayDeque<Message> queue, RuntimeException error) {
        int dropped = 0;
        for (Message m : queue) {
            dropped += failOne(m, error);
        }
        queue.clear();
        return dropped;
    }

    private static int failOne(Message m, RuntimeException error) {
        return switch (m) {
            case Mail.Call c -> {
                c.pending().fail(error);
                yield 0;
            }
            case Mail.Cast c -> 1;
            case Mail.Info i -> 1;
            case Mail.BackoffFire f -> 0;
            case Mail.IdleFire f -> 0;
            case Mail.Delayed d -> 0;
        };
    }

    private void emit(ConnectionEvent event) {
        for (ConnectionListener listener : options.listeners()) {
            try {
                listener.onEvent(event);
            } catch (Throwable t) {
                log.warn("{}: listener {} threw on {}", name, listener, event, t);
            }
        }
    }

    // ---------------------------------------------------------------- ConnectionRef

    @Override
    public String name() {
        return name;
    }

    @Override
    public R call(Q request) {
        return call(request, options.callTimeout());
    }

    @Override
    public R call(Q request, Duration timeout) {
        if (onLoop()) {
            throw new IllegalStateException(name + ": a call from its own loop to itself would deadlock");
        }
        PendingCall<R> call = newCall(request, timeout, false);
        enqueueCall(call, request);
        try {
            return call.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.expire();
            return joinCompleted(call);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            call.future.cancel(false);
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting for " + name, e);
        }
    }

    private R joinCompleted(PendingCall<R> call) {
        try {
            return call.future.join(); // completed: a reply that won the race, or the timeout
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new ConnectionException("call failed: " + cause, cause);
    }

    @Override
    public CompletableFuture<R> callAsync(Q request) {
        return callAsync(request, options.callTimeout());
    }

    @Override
    public CompletableFuture<R> callAsync(Q request, Duration timeout) {
        PendingCall<R> call = newCall(request, timeout, true);
        enqueueCall(call, request);
        // Armed after a successful enqueue, so a refused call leaves no timer behind.
        call.timer(options.scheduler().schedule(timeout, call::expire));
        return call.future;
    }

    private PendingCall<R> newCall(Q request, Duration timeout, boolean exposed) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("call timeout must be positive, got " + timeout);
        }
        return new PendingCall<>(name, timeout, ticker, options.completionExecutor(), options.errorTranslator(), exposed);
    }

    private void enqueueCall(PendingCall<R> call, Q request) {
        enqueue(new Mail.Call(request, call));
    }

    @Override
    public void cast(Q request) {
        Objects.requireNonNull(request, "request");
        enqueue(new Mail.Cast(request));
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message");
        if (onLoop()) {
            // From the loop itself the bound could only deadlock or drop: same as context.send.
            mailbox.offerUnbounded(new Mail.Info(message));
            return;
        }
        enqueue(new Mail.Info(message));
    }

    /**
     * Delivers an info message from a runtime-owned producer (a socket reader) regardless of the
     * mailbox bound: such producers bound themselves (one outstanding event per link), and an
     * event they drop would be lost for good. After the loop stopped, the event goes nowhere.
     */
    void deliver(Object message) {
        if (!closed) {
            mailbox.offerUnbounded(new Mail.Info(Objects.requireNonNull(message, "message")));
        }
    }

    /**
     * Queues a message, refusing it once a stop is decided. A sender that raced with the final
     * drain of a stopping loop takes its message back and is told the process stopped; if the
     * loop already took it, it was handled, or failed (calls), or dropped with a warning (a cast
     * or info that slipped in just as the stop was decided).
     */
    private void enqueue(Message m) {
        if (stopping || stopRequest != null) {
            throw translate(new ConnectionStoppedException(name, reasonWhileStopping()));
        }
        if (!mailbox.offer(m)) {
            throw translate(new MailboxFullException(name, "mailbox", mailbox.capacity()));
        }
        if (closed && mailbox.remove(m)) {
            throw translate(new ConnectionStoppedException(name, reasonWhileStopping()));
        }
    }

    private RuntimeException translate(ConnectionException error) {
        RuntimeException translated = options.errorTranslator().apply(error);
        return translated != null ? translated : error;
    }

    private StopReason reasonWhileStopping() {
        StopReason r = finalReason;
        if (r == null) {
            r = stopRequest;
        }
        return r != null ? r : StopReason.shutdown("stopping");
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public CompletableFuture<StopReason> stopped() {
        return stopped.copy();
    }

    @Override
    public StopReason stop() {
        return stop(StopReason.normal(), options.stopTimeout());
    }

    @Override
    public StopReason stop(StopReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        if (onLoop()) {
            throw new IllegalStateException(name + ": stop from its own loop would deadlock; return a Stop result");
        }
        if (!stopped.isDone()) {
            if (stopRequest == null) {
                stopRequest = reason;
            }
            mailbox.wakeAlways();
            long deadline = System.nanoTime() + timeout.toNanos();
            String callback = runningCallback;
            if ("connect".equals(callback) || "disconnect".equals(callback)) {
                interruptLoop(); // most likely blocked in I/O to a peer that does not answer
            } else {
                long grace = Math.min(timeout.toNanos() / 2, INTERRUPT_GRACE.toNanos());
                if (awaitStopped(grace) == null) {
                    interruptLoop();
                }
            }
            if (awaitStopped(deadline - System.nanoTime()) == null) {
                throw new StopTimeoutException(name, timeout);
            }
        }
        return stopped.join();
    }

    private StopReason awaitStopped(long nanos) {
        try {
            return stopped.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("stopped future failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while stopping " + name, e);
        }
    }

    private void interruptLoop() {
        interruptLock.lock();
        try {
            Thread t = thread;
            if (!terminating && t != null && runningCallback != null) {
                t.interrupt();
            }
        } finally {
            interruptLock.unlock();
        }
    }

    // ---------------------------------------------------------------- ConnectionContext

    @Override
    public ConnectionRef<Q, R> self() {
        return this;
    }

    @Override
    public Cancellable sendAfter(Object message, Duration delay) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(delay, "delay");
        requireLoop("sendAfter");
        DelayedMessage token = new DelayedMessage(message);
        token.timer(options.scheduler().schedule(delay, () -> mailbox.offerUnbounded(new Mail.Delayed(token))));
        return token;
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public int backoffAttempt() {
        requireLoop("backoffAttempt");
        return state == ConnectionState.CONNECTED ? 0 : tracker.attempts();
    }

    @Override
    public boolean onLoop() {
        return Thread.currentThread() == thread;
    }

    private void requireLoop(String what) {
        if (!onLoop()) {
            throw new IllegalStateException(what + " is for callbacks of " + name + ", on its loop; "
                    + "other threads use the ConnectionRef");
        }
    }

    @Override
    public String toString() {
        return "Connection[" + name + ", " + state + "]";
    }
}
