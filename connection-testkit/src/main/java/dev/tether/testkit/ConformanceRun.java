package dev.tether.testkit;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.testkit.chaos.ChaosProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One test of {@link ConnectionConformance}: its peer, its log, the connection it started and
 * whatever else it opened (a chaos proxy, a blackhole listener). Closing it stops and closes all
 * of that, connection first and peer last, so a failing test still leaves nothing behind.
 */
final class ConformanceRun<Q, R> implements AutoCloseable {

    /** How long any expected event may take to show up. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The call timeout of the connection under test. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    /** The stop timeout of the connection under test. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ConnectionConformance<Q, R> suite;
    private final ConformancePeer peer;
    private final ConformanceLog log = new ConformanceLog();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ConnectionRef<Q, R>> started = new ArrayList<>();
    private ConformanceRecorder<Q, R> recorder;

    private ConformanceRun(ConnectionConformance<Q, R> suite, ConformancePeer peer) {
        this.suite = suite;
        this.peer = peer;
    }

    /** Starts the suite's peer for one test. */
    static <Q, R> ConformanceRun<Q, R> open(ConnectionConformance<Q, R> suite) throws Exception {
        ConformancePeer peer = Objects.requireNonNull(suite.startPeer(), "startPeer() returned null");
        return new ConformanceRun<>(suite, peer);
    }

    ConformancePeer peer() {
        return peer;
    }

    ConformanceLog log() {
        return log;
    }

    /** The recorder around the behaviour of the last {@link #start}. */
    ConformanceRecorder<Q, R> recorder() {
        return recorder;
    }

    /**
     * Options for the connection under test: {@code policy} with a zero reset window (each outage
     * counts its attempts from 1, whatever the policy's own window), the log as listener, and the
     * suite's call and stop timeouts.
     */
    ConnectionOptions options(BackoffPolicy policy) {
        return ConnectionOptions.builder()
                .backoffPolicy(policy.withResetAfter(Duration.ZERO))
                .listener(log)
                .callTimeout(CALL_TIMEOUT)
                .stopTimeout(STOP_TIMEOUT)
                .build();
    }

    /** Starts a new behaviour of the suite against {@code address}, wrapped in a recorder. */
    ConnectionRef<Q, R> start(InetSocketAddress address, ConnectionOptions options) {
        Connection<Q, R> behaviour = Objects.requireNonNull(suite.newConnection(address), "newConnection() returned null");
        recorder = new ConformanceRecorder<>(behaviour, log);
        ConnectionRef<Q, R> ref = Objects.requireNonNull(suite.start(recorder, options), "start() returned null");
        started.add(ref);
        return ref;
    }

    /** A chaos proxy in front of the peer, closed with the run. */
    ChaosProxy proxy() throws IOException {
        ChaosProxy proxy = ChaosProxy.start(peer.address());
        resources.add(proxy);
        return proxy;
    }

    /** A listener that never answers a connect, closed with the run. */
    ConformanceBlackhole blackhole() throws IOException {
        ConformanceBlackhole hole = ConformanceBlackhole.open();
        resources.add(hole);
        return hole;
    }

    /** Waits for a Connected event at or after {@code from}; returns the index after it. */
    int awaitConnected(int from) {
        return log.await(from, ConnectionEvent.Connected.class, WAIT).index() + 1;
    }

    /** Calls the probe, which must succeed: the connection said it is connected. */
    R probe(ConnectionRef<Q, R> ref, String when) {
        Q request = suite.probe();
        try {
            return ref.call(request, CALL_TIMEOUT);
        } catch (RuntimeException e) {
            throw new AssertionError("the probe " + request + " failed " + when + ": " + e + "; log: " + log, e);
        }
    }

    /**
     * Stops the connection, closes what the test opened and the peer; throws the first failure
     * (others suppressed), as an unchecked exception.
     */
    @Override
    public void close() {
        Exception failure = null;
        for (ConnectionRef<Q, R> ref : started) {
            try {
                ref.stop(StopReason.shutdown("conformance test over"), STOP_TIMEOUT);
            } catch (RuntimeException e) {
                failure = keep(failure, e);
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                failure = keep(failure, e);
            }
        }
        try {
            peer.close();
        } catch (Exception e) {
            failure = keep(failure, e);
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("cleaning up after the test failed: " + failure, failure);
        }
    }

    private static Exception keep(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
