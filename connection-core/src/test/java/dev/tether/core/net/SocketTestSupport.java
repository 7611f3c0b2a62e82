package dev.tether.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.LiveResources;
import dev.tether.core.Tether;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Common ground of the socket tests: starts owners, closes whatever a test registered, then
 * checks that the runtime is back to what was live before the test (no loop, reader or socket
 * leaked).
 */
abstract class SocketTestSupport {

    static final Duration CALL = Duration.ofSeconds(10);

    private LiveResources baseline;
    private final List<ConnectionRef<Object, Object>> refs = new ArrayList<>();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @BeforeEach
    final void recordLiveBaseline() {
        baseline = Tether.liveResources();
    }

    @AfterEach
    final void stopEverythingAndCheckNothingLeaked() {
        for (ConnectionRef<Object, Object> ref : refs) {
            ref.stop(StopReason.normal(), Duration.ofSeconds(10));
        }
        while (!toClose.isEmpty()) {
            Peers.closeQuietly(toClose.pollLast());
        }
        await("loops, readers and sockets back to the baseline").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertLiveEquals(baseline, Tether.liveResources()));
    }

    static void assertLiveEquals(LiveResources expected, LiveResources actual) {
        assertEquals(new HashSet<>(expected.loops()), new HashSet<>(actual.loops()), "live loops");
        assertEquals(new HashSet<>(expected.readers()), new HashSet<>(actual.readers()), "live readers");
        assertEquals(new HashSet<>(expected.sockets()), new HashSet<>(actual.sockets()), "live sockets");
    }

    LiveResources baseline() {
        return baseline;
    }

    /** Closes {@code c} after the test (in reverse order of registration, after stopping owners). */
    <T extends AutoCloseable> T closeAfter(T c) {
        toClose.add(c);
        return c;
    }

    /** Starts {@code owner}; its connect runs right after. Stopped after the test. */
    ConnectionRef<Object, Object> start(LinkOwner owner) {
        return start(owner, ConnectionOptions.defaults());
    }

    /** Starts {@code owner} with {@code options}; its connect runs right after. Stopped after the test. */
    ConnectionRef<Object, Object> start(LinkOwner owner, ConnectionOptions options) {
        ConnectionRef<Object, Object> ref = Tether.start(owner, options);
        refs.add(ref);
        return ref;
    }

    /** Starts {@code owner} and waits until its link is open. */
    ConnectionRef<Object, Object> startConnected(LinkOwner owner) {
        ConnectionRef<Object, Object> ref = start(owner);
        await("connected").atMost(Duration.ofSeconds(10)).until(() -> ref.state() == ConnectionState.CONNECTED
                || !owner.connectFailures.isEmpty());
        if (!owner.connectFailures.isEmpty()) {
            throw new AssertionError("connect failed", owner.connectFailures.get(0).error());
        }
        return ref;
    }
}
