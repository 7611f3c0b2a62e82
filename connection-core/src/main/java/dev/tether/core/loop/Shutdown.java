package dev.tether.core.loop;

import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a process ends, on its loop thread: {@link #terminate} after it ran, {@link #abortStart}
 * when init did not start it. Either way every waiting call fails with the reason, the name and
 * the live-resource entry are released, and {@code stopped()} completes last.
 */
final class Shutdown {

    // Logs under the loop's name: operators configure and search for that one.
    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);

    private final Connection<?, ?> behaviour;
    private final Lifecycle lifecycle;
    private final Mailbox<Message> mailbox;
    private final HeldMessages held;
    private final Startup startup;
    private final Listeners listeners;
    private final Runnable unregister;

    /** @param unregister releases the name and the live-resource entry of the process */
    Shutdown(Connection<?, ?> behaviour, Lifecycle lifecycle, Mailbox<Message> mailbox, HeldMessages held,
             Startup startup, Listeners listeners, Runnable unregister) {
        this.behaviour = behaviour;
        this.lifecycle = lifecycle;
        this.mailbox = mailbox;
        this.held = held;
        this.startup = startup;
        this.listeners = listeners;
        this.unregister = unregister;
    }

    /**
     * init did not start the process: no terminate, nothing left registered, nobody left waiting.
     * The starter gets {@code error}, or a StartFailedException if it is null.
     */
    void abortStart(StopReason reason, RuntimeException error) {
        lifecycle.finalReason = reason;
        lifecycle.stopping = true;
        lifecycle.closed = true;
        lifecycle.state = ConnectionState.STOPPED;
        failWaiting(reason);
        unregister.run();
        lifecycle.stopped.complete(reason);
        startup.initFailed(error != null ? error : new StartFailedException(lifecycle.name, reason));
    }

    /**
     * Stops a running process with {@code reason}: STOPPING, terminate, then everything that
     * waits fails and STOPPED. {@code cancelTimers} runs before terminate.
     */
    void terminate(StopReason reason, Runnable cancelTimers) {
        lifecycle.beginTerminate();
        Thread.interrupted(); // an interrupt meant for a blocked callback must not hit terminate
        lifecycle.finalReason = reason;
        lifecycle.stopping = true;
        lifecycle.state = ConnectionState.STOPPING;
        cancelTimers.run();
        logStop(reason);
        Callback.TERMINATE.run(lifecycle, () -> behaviour.terminate(reason), failure -> log.error(
                "{}: terminate threw while stopping with {}", lifecycle.name, reason.describe(), failure.cause()));
        lifecycle.closed = true;
        failWaiting(reason);
        lifecycle.state = ConnectionState.STOPPED;
        unregister.run();
        listeners.emit(new ConnectionEvent.Stopped(lifecycle.name, reason));
        FlightEvents.stopped(lifecycle.name, reason);
        lifecycle.stopped.complete(reason);
        startup.stopped(reason);
    }

    private void logStop(StopReason reason) {
        String name = lifecycle.name;
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
        switch (reason) {
            case StopReason.Crash crash ->
                    log.error("{} crashed in {}; state: {}", name, crash.callback(), rendered, crash.exception());
            // The behaviour decided to stop and said why (a refused password, stopOnDisconnect):
            // one line, whose describe() names the cause; a trace only for an unchecked cause (a bug).
            case StopReason.Failure f when !unchecked(f.cause()) ->
                    log.warn("{} stopping: {}; state: {}", name, reason.describe(), rendered);
            case StopReason.BackoffExhausted b when !unchecked(b.cause()) ->
                    log.error("{} stopping: {}; state: {}", name, reason.describe(), rendered);
            default -> log.error("{} stopping: {}; state: {}", name, reason.describe(), rendered, reason.cause());
        }
    }

    private static boolean unchecked(Throwable cause) {
        return cause instanceof RuntimeException || cause instanceof Error;
    }

    private void failWaiting(StopReason reason) {
        RuntimeException error = lifecycle.translate(new ConnectionStoppedException(lifecycle.name, reason));
        int dropped = held.failAll(error);
        Message m;
        while ((m = mailbox.poll()) != null) {
            dropped += HeldMessages.failOne(m, error);
        }
        if (dropped > 0 && reason.isNormal()) {
            // A close() while messages flow drops what is queued behind it: expected, not a warning.
            log.debug("{}: {} casts or info messages were still queued when it stopped ({})",
                    lifecycle.name, dropped, reason.describe());
        } else if (dropped > 0) {
            log.warn("{}: {} casts or info messages were still queued when it stopped ({})",
                    lifecycle.name, dropped, reason.describe());
        }
    }
}
