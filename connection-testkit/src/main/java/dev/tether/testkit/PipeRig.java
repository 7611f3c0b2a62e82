package dev.tether.testkit;

import static dev.tether.testkit.PipeConformance.CALL_TIMEOUT;
import static dev.tether.testkit.PipeConformance.WAIT;

import dev.tether.connection.BackoffPolicy;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.chaos.ChaosProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One test of {@link PipeConformance}: its peer, the events of its pipes, its {@link PipeOutcomes},
 * and whatever it opened (pipes, chaos proxies, a blackhole listener). Closing it closes the pipes and proxies, last
 * opened first, then the peer, so a failing test still leaves nothing behind.
 *
 * @param <B> the adapter's request type
 */
final class PipeRig<B extends Request<?>> implements AutoCloseable {

    private final PipeConformance<B> suite;
    private final ConformancePeer peer;
    private final PipeEvents events = new PipeEvents();
    private final PipeOutcomes<B> outcomes;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private PipeRig(PipeConformance<B> suite, ConformancePeer peer) {
        this.suite = suite;
        this.peer = peer;
        this.outcomes = new PipeOutcomes<>(suite, events);
    }

    /** Starts the suite's peer for one test. */
    static <B extends Request<?>> PipeRig<B> open(PipeConformance<B> suite) throws Exception {
        return new PipeRig<>(suite, Objects.requireNonNull(suite.startPeer(), "startPeer() returned null"));
    }

    ConformancePeer peer() {
        return peer;
    }

    PipeEvents events() {
        return events;
    }

    /** The calls of this test and the assertions on what they came to. */
    PipeOutcomes<B> outcomes() {
        return outcomes;
    }

    /** Closes {@code resource} when the test ends, before what was opened earlier. */
    <T extends AutoCloseable> T closeAtEnd(T resource) {
        opened.add(resource);
        return resource;
    }

    /** A chaos proxy in front of the peer on {@code port} (0: any free port), closed when the test ends. */
    ChaosProxy proxyOn(int port) throws Exception {
        return closeAtEnd(ChaosProxy.start(peer.address(), port));
    }

    /**
     * Starts a pipe to {@code socket} through the suite's {@code newPipe}, with a fast backoff
     * (exponential, 10 ms to 100 ms), the suite's call timeout, a listener feeding
     * {@link #events()} and {@code stallInterval}; closed (and waited for) when the test ends.
     * Unless {@code connected} is false it returns once connected and prepared.
     */
    Pipe<B> startPipe(SocketOptions socket, Duration stallInterval, boolean connected) throws Exception {
        ConnectionOptions options = ConnectionOptions.builder()
                .backoffPolicy(BackoffPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(100))
                        .withResetAfter(Duration.ZERO))
                .callTimeout(CALL_TIMEOUT)
                .listener(events::record)
                .build();
        Pipe.Builder<B> builder = Objects.requireNonNull(suite.newPipe(socket), "newPipe() returned null")
                .connection(options)
                .stallInterval(stallInterval);
        Pipe<B> pipe = connected ? builder.startConnected() : builder.start();
        opened.add(() -> {
            pipe.close();
            pipe.stopped().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        });
        if (connected) {
            suite.prepare(pipe);
        }
        return pipe;
    }

    /** Closes the pipes, then the proxies, then the peer; throws the first failure, others suppressed. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                failure = keep(failure, e);
            }
        }
        opened.clear();
        try {
            peer.close();
        } catch (Exception e) {
            failure = keep(failure, e);
        }
        if (failure != null) {
            throw failure;
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
