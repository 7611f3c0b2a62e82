package dev.tether.core.loop;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.CastResult;
import dev.tether.connection.Connect;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.Disconnect;
import dev.tether.connection.Ignore;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.NoReply;
import dev.tether.connection.Ok;
import dev.tether.connection.Postpone;
import dev.tether.connection.Reply;
import dev.tether.connection.ReplyThenConnect;
import dev.tether.connection.ReplyThenDisconnect;
import dev.tether.connection.ReplyThenStop;
import dev.tether.connection.Signal;
import dev.tether.connection.StartIgnoredException;
import dev.tether.connection.Stop;
import dev.tether.connection.StopReason;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one connection process (docs/behaviour-contract.md): it takes messages from the
 * mailbox, runs their callbacks and applies the results.
 *
 * <p><b>Parts.</b> Users hold the {@link LoopHandle} (the {@code ConnectionRef}); callbacks get
 * the {@link LoopContext} (the {@code ConnectionContext}). What both sides see of the process
 * (state, stop request, running callback) is its {@link Lifecycle}. Every callback runs guarded
 * through {@link Callback#invoke}. This class dispatches messages and applies call, cast and info
 * results; {@link Transitions} runs connect and disconnect and moves the state; the backoff and
 * idle timers are two {@link TimerSlot}s; postponed messages and calls without a reply wait in
 * {@link HeldMessages}; {@link Startup} and {@link Shutdown} are how a process begins and ends.
 *
 * <p><b>Threads.</b> One loop thread (virtual by default) runs every callback, owns every part
 * marked "loop only", and is the only consumer of the mailbox. Any thread may call the handle: it
 * only enqueues, reads volatile state, or (stop) sets a volatile request, wakes the loop and, if
 * a callback is blocked, interrupts it. Timers run on the Scheduler and only enqueue messages
 * stamped with a generation.
 *
 * <p><b>States</b> ({@code ConnectionState}):
 * <pre>
 *   STARTING --init: Connect--&gt; CONNECTING --Ok--&gt; CONNECTED --Disconnect--&gt; disconnect()
 *      |  \--init: Ok------------------------------^                 |  Connect: CONNECTING
 *      |   \-init: Backoff--&gt; BACKING_OFF &lt;--Backoff-- CONNECTING    |  Backoff:  BACKING_OFF
 *      |                        | timer fires: connect(BACKOFF)      |  NoConnect: DISCONNECTED
 *      +-- init Stop/Ignore/throw: STOPPED, no terminate
 *   any state --Stop result, crash, stop()--&gt; STOPPING (terminate) --&gt; STOPPED
 * </pre>
 *
 * <p><b>One turn:</b> take the next message (postponed replays first, then the mailbox), run its
 * callback, apply the result. A Connect/Disconnect/Stop in the result runs its callback in the
 * same turn, so no other message is handled in between. When nothing is left, call
 * mailboxDrained once, then park. A stop request is checked before every message, so stop goes
 * ahead of the queue.
 *
 * <p><b>Timers.</b> One backoff slot and one idle slot, each with a generation counter bumped
 * whenever it is armed or cancelled; a fire carrying an older generation is dropped unseen.
 *
 * <p>Created only through {@link Engine#start}.
 */
final class ConnectionLoop<Q, R> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final Connection<Q, R> behaviour;
    private final Engine.Settings options;
    private final String name;
    private final Mailbox<Message> mailbox;
    private final Lifecycle lifecycle;
    private final LoopHandle<Q, R> handle;
    private final LoopContext<Q, R> context;
    private final Startup startup;

    // Loop only.
    private final HeldMessages held;
    private final TimerSlot backoffTimer;
    private final TimerSlot idleTimer;
    private final Transitions transitions;
    private final Shutdown shutdown;
    private boolean handledSinceDrain;

    ConnectionLoop(Connection<Q, R> behaviour, Engine.Settings options, boolean awaitFirstConnect) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.options = Objects.requireNonNull(options, "options");
        this.name = options.name() != null ? options.name() : "connection-" + IDS.incrementAndGet();
        this.mailbox = new Mailbox<>(options.mailboxCapacity());
        this.lifecycle = new Lifecycle(name, options.completionExecutor(), options.errorTranslator());
        this.handle = new LoopHandle<>(lifecycle, options, mailbox);
        BackoffTracker tracker = new BackoffTracker(options.backoffPolicy());
        this.context = new LoopContext<>(handle, lifecycle, mailbox, options.scheduler(), options.ticker(), tracker);
        this.startup = new Startup(name, awaitFirstConnect);
        this.held = new HeldMessages(lifecycle, options.postponeCapacity());
        this.backoffTimer = new TimerSlot(options.scheduler(), mailbox, Mail.BackoffFire::new);
        this.idleTimer = new TimerSlot(options.scheduler(), mailbox, Mail.IdleFire::new);
        Listeners listeners = new Listeners(name, options.listeners());
        this.transitions = new Transitions(behaviour, lifecycle, held, backoffTimer, idleTimer, tracker,
                options.ticker(), options.jitter(), startup, listeners);
        this.shutdown = new Shutdown(behaviour, lifecycle, mailbox, held, startup, listeners, this::unregister);
    }

    // ---------------------------------------------------------------- starting and stopping

    /**
     * Starts the loop thread and waits for init (and, if asked at construction, for the first
     * connect); returns the handle. Called once, by Engine.start.
     */
    ConnectionRef<Q, R> start() {
        if (options.name() != null) {
            NameRegistry.register(name, handle);
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
            unregister();
            throw e;
        }
        startup.await(t);
        return handle;
    }

    /** Releases the name now; the loop stays listed as live until its thread has ended. */
    private void unregister() {
        NameRegistry.unregister(name, handle);
        LiveRegistry.removeWhenEnded(LiveRegistry.Kind.LOOP, this, lifecycle.thread);
    }

    @Override
    public void run() {
        lifecycle.thread = Thread.currentThread();
        mailbox.bindConsumer(lifecycle.thread);
        try {
            if (!runInit()) {
                return;
            }
            mainLoop();
        } catch (Throwable t) {
            // Only a bug in the runtime itself gets here; still stop cleanly.
            log.error("runtime error in the loop of {}", name, t);
            lifecycle.decideStop(new StopReason.Crash("runtime", t));
            startup.initReturned();
        }
        shutdown.terminate(lifecycle.pendingStop(), () -> {
            backoffTimer.cancel();
            idleTimer.cancel();
        });
    }

    private boolean runInit() {
        InitResult result = Callback.INIT.invoke(lifecycle, () -> behaviour.init(context),
                reason -> shutdown.abortStart(reason, null));
        if (result == null) {
            return false;
        }
        switch (result) {
            case Ok ok -> {
                transitions.connected();
                transitions.armIdle(ok.idleTimeout());
                startup.initReturned();
            }
            case Connect<?> c -> {
                // start returns first, then connect runs before any queued message
                // (docs/behaviour-contract.md, 'Ordering guarantees').
                transitions.setState(ConnectionState.CONNECTING);
                startup.initReturned();
                transitions.runConnect(c.info());
            }
            case Backoff b -> {
                transitions.applyBackoff(b, false);
                startup.initReturned();
            }
            case Stop<?> s -> {
                shutdown.abortStart(s.reason(), null);
                return false;
            }
            case Ignore ignored -> {
                shutdown.abortStart(StopReason.normal(), new StartIgnoredException(name));
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- the loop

    private void mainLoop() {
        while (lifecycle.pendingStop() == null) {
            StopReason requested = lifecycle.stopRequest();
            if (requested != null) {
                lifecycle.decideStop(requested);
                return;
            }
            Message m = held.nextReplay();
            if (m == null) {
                m = mailbox.poll();
            }
            if (m == null) {
                if (handledSinceDrain) {
                    handledSinceDrain = false;
                    applyInfo(Callback.MAILBOX_DRAINED.invoke(lifecycle, behaviour::mailboxDrained,
                            lifecycle::decideStop));
                } else {
                    // A stray interrupt (a callback interrupting its own thread) would make park
                    // return at once forever; only stop() interrupts on purpose, and it sets
                    // the stop request first, which the top of the loop sees.
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
                idleTimer.cancel();
                handleInfo(i.message());
            }
            case Mail.BackoffFire f -> {
                if (backoffTimer.claim(f.generation())) {
                    idleTimer.cancel();
                    transitions.runConnect(Signal.BACKOFF);
                }
            }
            case Mail.IdleFire f -> {
                if (idleTimer.claim(f.generation())) {
                    handleInfo(Signal.IDLE_TIMEOUT);
                }
            }
            case Mail.Delayed d -> {
                if (d.token().claimDelivery()) {
                    idleTimer.cancel();
                    handleInfo(d.token().message);
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
            call.expire(); // dropped before its callback (docs/behaviour-contract.md, 'Calls, casts and info')
            return;
        }
        idleTimer.cancel();
        CallResult<R> result = Callback.HANDLE_CALL.invoke(lifecycle,
                () -> behaviour.handleCall((Q) c.request(), call), lifecycle::decideStop);
        if (result == null) {
            held.defer(call);
            return;
        }
        switch (result) {
            case Reply<R> r -> {
                call.reply(r.value());
                transitions.armIdle(r.idleTimeout());
            }
            case NoReply<R> r -> {
                held.defer(call);
                transitions.armIdle(r.idleTimeout());
            }
            case Connect<R> r -> {
                held.defer(call);
                transitions.connectNow(r.info());
            }
            case ReplyThenConnect<R> r -> {
                call.reply(r.reply());
                transitions.connectNow(r.info());
            }
            case Disconnect<R> r -> {
                held.defer(call);
                transitions.disconnectNow(r.info());
            }
            case ReplyThenDisconnect<R> r -> {
                call.reply(r.reply());
                transitions.disconnectNow(r.info());
            }
            case Stop<R> r -> {
                held.defer(call);
                lifecycle.decideStop(r.reason());
            }
            case ReplyThenStop<R> r -> {
                call.reply(r.reply());
                lifecycle.decideStop(r.reason());
            }
            case Postpone<R> r -> held.postpone(c);
        }
    }

    @SuppressWarnings("unchecked")
    private void handleCast(Mail.Cast c) {
        idleTimer.cancel();
        CastResult result = Callback.HANDLE_CAST.invoke(lifecycle,
                () -> behaviour.handleCast((Q) c.request()), lifecycle::decideStop);
        if (result == null) {
            return;
        }
        switch (result) {
            case NoReply<?> r -> transitions.armIdle(r.idleTimeout());
            case Connect<?> r -> transitions.connectNow(r.info());
            case Disconnect<?> r -> transitions.disconnectNow(r.info());
            case Stop<?> r -> lifecycle.decideStop(r.reason());
            case Postpone<?> r -> held.postpone(c);
        }
    }

    private void handleInfo(Object message) {
        applyInfo(Callback.HANDLE_INFO.invoke(lifecycle, () -> behaviour.handleInfo(message), lifecycle::decideStop));
    }

    /** Applies a handleInfo/mailboxDrained result; null means the callback already failed. */
    private void applyInfo(InfoResult result) {
        if (result == null) {
            return;
        }
        switch (result) {
            case NoReply<?> r -> transitions.armIdle(r.idleTimeout());
            case Connect<?> r -> transitions.connectNow(r.info());
            case Disconnect<?> r -> transitions.disconnectNow(r.info());
            case Stop<?> r -> lifecycle.decideStop(r.reason());
        }
    }

    @Override
    public String toString() {
        return lifecycle.toString();
    }
}
