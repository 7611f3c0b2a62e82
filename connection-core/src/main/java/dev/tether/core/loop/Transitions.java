package dev.tether.core.loop;

import dev.tether.connection.Backoff;
import dev.tether.connection.Connect;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.NoConnect;
import dev.tether.connection.Ok;
import dev.tether.connection.Stop;
import dev.tether.connection.StopReason;
import dev.tether.connection.Ticker;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-state half of a loop (the states are drawn in {@link ConnectionLoop}): runs
 * connect and disconnect, applies their results, backs off by the policy, and arms the idle timer
 * that every result may ask for. Loop only; any failure decides a stop on the {@link Lifecycle}.
 */
final class Transitions {

    // Logs under the loop's name: operators configure and search for that one.
    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);

    private final Connection<?, ?> behaviour;
    private final Lifecycle lifecycle;
    private final HeldMessages held;
    private final TimerSlot backoffTimer;
    private final TimerSlot idleTimer;
    private final BackoffTracker tracker;
    private final Ticker ticker;
    private final RandomGenerator jitter;
    private final Startup startup;
    private final Listeners listeners;

    /** @param jitter the options' jitter source, or null for ThreadLocalRandom */
    Transitions(Connection<?, ?> behaviour, Lifecycle lifecycle, HeldMessages held, TimerSlot backoffTimer,
                TimerSlot idleTimer, BackoffTracker tracker, Ticker ticker, RandomGenerator jitter, Startup startup,
                Listeners listeners) {
        this.behaviour = behaviour;
        this.lifecycle = lifecycle;
        this.held = held;
        this.backoffTimer = backoffTimer;
        this.idleTimer = idleTimer;
        this.tracker = tracker;
        this.ticker = ticker;
        this.jitter = jitter;
        this.startup = startup;
        this.listeners = listeners;
    }

    /** A result asked for Connect: a pending backoff timer no longer applies. */
    void connectNow(Object info) {
        backoffTimer.cancel();
        runConnect(info);
    }

    /** Runs connect with {@code info} (a Connect's info, or {@link dev.tether.connection.Signal#BACKOFF}). */
    void runConnect(Object info) {
        setState(ConnectionState.CONNECTING);
        ConnectAttemptEvent attempt = FlightEvents.connectBegins(lifecycle.name, info);
        ConnectResult result = Callback.CONNECT.invoke(lifecycle, () -> behaviour.connect(info),
                lifecycle::decideStop);
        FlightEvents.connectEnds(attempt, result);
        if (result == null) {
            return;
        }
        switch (result) {
            case Ok ok -> {
                connected();
                armIdle(ok.idleTimeout());
            }
            case Backoff b -> applyBackoff(b, true);
            case Stop<?> s -> lifecycle.decideStop(s.reason());
        }
    }

    /** The connection is up (connect, or init, returned Ok). */
    void connected() {
        tracker.connected(ticker.nanoTime());
        setState(ConnectionState.CONNECTED);
        listeners.emit(new ConnectionEvent.Connected(lifecycle.name));
        FlightEvents.connected(lifecycle.name); // after the listeners: the first event's JFR setup must not delay them
        startup.connected();
    }

    /** A result asked for Disconnect: runs disconnect and applies what it returned. */
    void disconnectNow(Object info) {
        backoffTimer.cancel();
        listeners.emit(new ConnectionEvent.Disconnected(lifecycle.name, info));
        FlightEvents.disconnected(lifecycle.name, info);
        DisconnectResult result = Callback.DISCONNECT.invoke(lifecycle, () -> behaviour.disconnect(info),
                lifecycle::decideStop);
        if (result == null) {
            return;
        }
        switch (result) {
            case Connect<?> c -> runConnect(c.info());
            case Backoff b -> applyBackoff(b, false);
            case NoConnect n -> {
                setState(ConnectionState.DISCONNECTED);
                armIdle(n.idleTimeout());
            }
            case Stop<?> s -> lifecycle.decideStop(s.reason());
        }
    }

    /**
     * @param fromConnect true when connect itself failed: for a synchronous start that is the
     *     failed first connect, whereas a Backoff from init or disconnect still awaits its connect
     */
    void applyBackoff(Backoff b, boolean fromConnect) {
        Duration delay = null;
        int attempt = 0;
        switch (b.kind()) {
            case AFTER -> delay = b.delay();
            case FOREVER -> delay = null;
            case BY_POLICY -> {
                BackoffTracker.Decision d = tracker.failed(ticker.nanoTime(), random());
                if (d.jitterError() != null) {
                    log.warn("{}: the backoff jitter source threw; backing off by the policy's cap", lifecycle.name,
                            d.jitterError());
                }
                if (d.gaveUp()) {
                    lifecycle.decideStop(new StopReason.BackoffExhausted(d.attempt(), d.outage(), b.cause()));
                    return;
                }
                delay = d.delay();
                attempt = d.attempt();
            }
        }
        if (fromConnect && startup.awaitingFirstConnect()) {
            // The synchronous start asked for a connection and did not get one.
            lifecycle.decideStop(StopReason.failure("the first connect of " + lifecycle.name + " did not succeed",
                    b.cause()));
            return;
        }
        setState(ConnectionState.BACKING_OFF);
        if (delay != null) {
            backoffTimer.arm(delay);
        }
        listeners.emit(new ConnectionEvent.BackingOff(lifecycle.name, delay, attempt, b.cause()));
        FlightEvents.backingOff(lifecycle.name, delay, attempt, b.cause());
        armIdle(b.idleTimeout());
    }

    private RandomGenerator random() {
        return jitter != null ? jitter : ThreadLocalRandom.current();
    }

    /** Arms the idle timer if a result asked for one and no stop is decided. */
    void armIdle(Duration timeout) {
        if (timeout != null && lifecycle.pendingStop() == null) {
            idleTimer.arm(timeout);
        }
    }

    /** Moves to {@code next}; on a change, postponed messages come back first. */
    void setState(ConnectionState next) {
        if (lifecycle.state != next) {
            lifecycle.state = next;
            held.stateChanged();
        }
    }
}
