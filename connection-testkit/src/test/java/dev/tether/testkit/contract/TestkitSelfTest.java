package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Cancellable;
import dev.tether.connection.ConnectionRef;
import dev.tether.testkit.FakeTime;
import dev.tether.testkit.LeakCheck;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The test kit's own tools behave as documented: FakeTime, LeakCheck and its JUnit extension. */
@ExtendWith(LeakCheckExtension.class)
class TestkitSelfTest extends ContractBSupport {

    private final FakeTime time = new FakeTime();
    private final long start = time.nanoTime();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private Cancellable scheduleRecording(String label, long delayMillis) {
        return time.schedule(Duration.ofMillis(delayMillis),
                () -> ran.add(label + "@" + Duration.ofNanos(time.nanoTime() - start).toMillis()));
    }

    @Test
    void fake_time_runs_due_tasks_in_due_order_at_their_due_time_and_no_others() {
        scheduleRecording("c", 300);
        scheduleRecording("a1", 100);
        scheduleRecording("b", 200);
        scheduleRecording("a2", 100);
        scheduleRecording("late", 5_000);

        time.advance(Duration.ofSeconds(1));

        assertEquals(List.of("a1@100", "a2@100", "b@200", "c@300"), ran, "ties run in scheduling order");
        assertEquals(start + Duration.ofSeconds(1).toNanos(), time.nanoTime());
        assertEquals(1, time.pendingTasks());
        assertEquals(Duration.ofSeconds(4), time.nextDue());
    }

    @Test
    void fake_time_runs_tasks_scheduled_by_tasks_when_they_fall_due_within_the_same_advance() {
        time.schedule(Duration.ofMillis(100), () -> {
            ran.add("outer");
            scheduleRecording("inner", 50);
        });

        time.advance(Duration.ofMillis(200));

        assertEquals(List.of("outer", "inner@150"), ran);
    }

    @Test
    void fake_time_cancel_prevents_a_task_and_reports_whether_it_did() {
        Cancellable cancelled = scheduleRecording("cancelled", 100);
        Cancellable fired = scheduleRecording("fired", 100);

        assertTrue(cancelled.cancel());
        assertFalse(cancelled.cancel());
        assertTrue(time.runNext());
        assertFalse(time.runNext(), "nothing left");

        assertEquals(List.of("fired@100"), ran);
        assertFalse(fired.cancel(), "too late, it ran");
        assertNull(time.nextDue());
    }

    @Test
    void fake_time_records_every_scheduled_delay_in_order_and_never_moves_back() {
        scheduleRecording("x", 300).cancel();
        scheduleRecording("y", 0);
        time.schedule(Duration.ofMillis(-5), () -> ran.add("negative runs as soon as possible"));

        assertEquals(List.of(Duration.ofMillis(300), Duration.ZERO, Duration.ofMillis(-5)), time.scheduledDelays());
        time.advance(Duration.ZERO);
        assertEquals(List.of("y@0", "negative runs as soon as possible"), ran);
        assertThrows(IllegalArgumentException.class, () -> time.advance(Duration.ofMillis(-1)));
        assertEquals(start, time.nanoTime());
    }

    @Test
    void leak_check_names_a_connection_left_running_until_it_is_stopped() {
        LeakCheck.Baseline baseline = LeakCheck.baseline();
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());

        String leak = baseline.leaks();
        assertNotNull(leak);
        assertTrue(leak.contains("1 loops still live") && leak.contains(ref.name()), leak);
        AssertionError failure = assertThrows(AssertionError.class, () -> baseline.assertNoLeaks(Duration.ofMillis(50)));
        assertTrue(failure.getMessage().contains(ref.name()), failure.getMessage());

        ref.stop();

        assertNull(baseline.leaks());
        baseline.assertNoLeaks(Duration.ZERO);
    }

    @Test
    void leak_check_reports_an_open_socket_until_it_is_closed() throws IOException {
        LeakCheck.Baseline baseline = LeakCheck.baseline();
        assertTrue(baseline.socketDescriptors() >= 0, "/proc/self/fd is readable here");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            String leak = baseline.leaks();
            assertNotNull(leak);
            assertTrue(leak.contains("3 more socket descriptors"), leak);
            assertTrue(client.isConnected() && accepted.isConnected());
        }
        await().atMost(WAIT).until(() -> baseline.leaks() == null);
    }

    @Test
    void the_leak_check_extension_fails_a_test_that_leaves_a_connection_running() {
        ExtensionContext context = fakeExtensionContext();
        LeakCheckExtension extension = new LeakCheckExtension();

        extension.beforeEach(context);
        extension.afterEach(context); // nothing started: passes

        extension.beforeEach(context);
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());
        AssertionError failure = assertThrows(AssertionError.class, () -> extension.afterEach(context));
        assertTrue(failure.getMessage().contains(ref.name()), failure.getMessage());
        ref.stop();
        extension.afterEach(context); // stopped: passes again
    }

    /** Just enough of an ExtensionContext for LeakCheckExtension: a store that keeps values. */
    private static ExtensionContext fakeExtensionContext() {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = proxy(ExtensionContext.Store.class, (method, args) -> switch (method) {
            case "put" -> values.put(args[0], args[1]);
            case "get" -> values.get(args[0]);
            default -> throw new UnsupportedOperationException(method);
        });
        return proxy(ExtensionContext.class, (method, args) -> switch (method) {
            case "getStore" -> store;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private static <T> T proxy(Class<T> type, BiFunction<String, Object[], Object> methods) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> methods.apply(method.getName(), args)));
    }
}
