package dev.tether.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.InitResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link Tether#liveResources()} reports a connection's loop as gone only once the loop's thread
 * has ended, so a leak check that sees it gone can trust that nothing of it runs any more. A
 * listener that is slow with the Stopped event keeps the loop's thread busy after terminate:
 * the loop must stay listed through that.
 */
class LiveResourcesTest {

    /** A connection that remembers the thread its callbacks run on. */
    private static final class Remembering implements Connection<String, String> {
        final AtomicReference<Thread> loopThread = new AtomicReference<>();

        @Override
        public InitResult init(ConnectionContext<String, String> context) {
            loopThread.set(Thread.currentThread());
            return InitResult.ok();
        }

        @Override
        public ConnectResult connect(Object info) {
            return ConnectResult.ok();
        }
    }

    @Test
    void aLoopIsReportedGoneOnlyAfterItsThreadHasEnded() {
        for (int round = 0; round < 20; round++) {
            String name = "live-resources-" + round;
            Remembering behaviour = new Remembering();
            ConnectionOptions options = ConnectionOptions.builder().name(name)
                    .listener(event -> {
                        if (event instanceof ConnectionEvent.Stopped) {
                            LockSupport.parkNanos(Duration.ofMillis(30).toNanos()); // a slow listener
                        }
                    })
                    .build();
            ConnectionRef<String, String> ref = Tether.start(behaviour, options);
            assertTrue(Tether.liveResources().loops().contains(name), "listed while running");
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(ref::stop);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                    .until(() -> !Tether.liveResources().loops().contains(name));
            assertFalse(behaviour.loopThread.get().isAlive(),
                    "round " + round + ": reported gone while its thread was still running");
            stopping.join();
        }
    }
}
