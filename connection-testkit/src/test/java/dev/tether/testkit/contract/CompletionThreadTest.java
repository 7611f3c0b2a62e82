package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.CallResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Completion threads (docs/behaviour-contract.md, 'Completion threads'): users' dependent stages
 * never run on the loop.
 */
@ExtendWith(LeakCheckExtension.class)
class CompletionThreadTest extends ContractBSupport {

    private final Map<String, Thread> ranOn = new ConcurrentHashMap<>();

    private <T> T record(String stage, T value) {
        ranOn.put(stage, Thread.currentThread());
        return value;
    }

    private static Eval failWith(RuntimeException error) {
        return Eval.call(from -> {
            from.fail(error);
            return CallResult.noReply();
        });
    }

    private void assertNoneRanOn(Thread loop, int stages) {
        await().atMost(WAIT).until(() -> ranOn.size() == stages);
        assertAll(ranOn.entrySet().stream().map(e -> (Executable) () ->
                assertNotSame(loop, e.getValue(), "spec 7, completion threads: " + e.getKey()
                        + " ran on the loop thread " + loop)));
    }

    @Test
    void a_blocking_dependent_stage_does_not_stall_the_loop() {
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());
        CountDownLatch inStage = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        CompletableFuture<Void> blocking;
        try {
            try (Gate gate = blockLoop(ref)) { // register the stage before the loop completes the future
                blocking = ref.callAsync(replyWith("first")).thenAccept(v -> {
                    inStage.countDown();
                    awaitQuietly(unblock);
                });
            }
            awaitLatch(inStage, "the blocking stage");
            for (int i = 0; i < 100; i++) {
                assertEquals(i, ref.call(replyWith(i), Duration.ofSeconds(2)), "other callers are still served");
            }
            assertFalse(blocking.isDone(), "the stage is still blocked");
        } finally {
            unblock.countDown();
        }
        assertNull(valueOf(blocking));
    }

    @Test
    void dependent_stages_of_returned_futures_never_run_on_the_loop_thread() {
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());
        Thread loop = loopThreadOf(ref);
        try (Gate gate = blockLoop(ref)) {
            CompletableFuture<Object> ok = ref.callAsync(replyWith("v"));
            CompletableFuture<Object> failed = ref.callAsync(failWith(new IllegalStateException("no")));
            ok.thenApply(v -> record("thenApply", v));
            ok.thenAccept(v -> record("thenAccept", v));
            ok.thenRun(() -> record("thenRun", null));
            ok.whenComplete((v, e) -> record("whenComplete", v));
            ok.handle((v, e) -> record("handle", v));
            ok.thenCompose(v -> CompletableFuture.completedFuture(record("thenCompose", v)));
            ok.thenApply(v -> v).thenApply(v -> record("chained thenApply", v));
            failed.exceptionally(e -> record("exceptionally", null));
            failed.handle((v, e) -> record("handle on failure", v));
            failed.whenComplete((v, e) -> record("whenComplete on failure", v));
            ok.thenCombine(failed.exceptionally(e -> "recovered"), (a, b) -> record("thenCombine", a));
        }
        assertNoneRanOn(loop, 11);
        ranOn.forEach((stage, thread) -> assertTrue(thread.isVirtual(),
                stage + " runs on the default executor, a virtual thread: " + thread));
    }

    @Test
    void stages_derived_through_allOf_anyOf_or_a_minimal_stage_never_run_on_the_loop_thread() {
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());
        Thread loop = loopThreadOf(ref);
        try (Gate gate = blockLoop(ref)) {
            CompletableFuture<Object> a = ref.callAsync(replyWith("a"));
            CompletableFuture<Object> b = ref.callAsync(replyWith("b"));
            CompletableFuture.allOf(a, b).thenRun(() -> record("allOf(...).thenRun", null));
            CompletableFuture.anyOf(a, b).thenAccept(v -> record("anyOf(...).thenAccept", v));
            CompletionStage<Object> minimal = ref.callAsync(replyWith("c")).minimalCompletionStage();
            minimal.thenAccept(v -> record("minimalCompletionStage().thenAccept", v));
            CompletableFuture.completedFuture("other")
                    .thenCombine(ref.callAsync(replyWith("d")), (x, y) -> record("plain.thenCombine(returned)", y));
        }
        assertNoneRanOn(loop, 4);
    }

    @Test
    void dependents_of_the_stopped_future_do_not_run_on_the_loop_nor_hold_up_stop() {
        ConnectionRef<Object, Object> ref = start(new ScriptedConnection());
        Thread loop = loopThreadOf(ref);
        CountDownLatch unblock = new CountDownLatch(1);
        CompletableFuture<StopReason> stopped = ref.stopped();
        CompletableFuture<Void> blocking = stopped.thenAccept(r -> {
            record("stopped().thenAccept", r);
            awaitQuietly(unblock);
        });
        stopped.whenComplete((r, e) -> record("stopped().whenComplete", r));
        try {
            assertEquals(StopReason.normal(), ref.stop(), "stop returns while a dependent of stopped() blocks");
            assertNoneRanOn(loop, 2);
        } finally {
            unblock.countDown();
        }
        valueOf(blocking);
    }

    @Test
    void a_configured_completion_executor_runs_the_dependent_stages() {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "contractb-completion"));
        try {
            ConnectionRef<Object, Object> ref = start(new ScriptedConnection(),
                    ConnectionOptions.builder().completionExecutor(executor).build());
            CompletableFuture<String> threadName;
            try (Gate gate = blockLoop(ref)) {
                threadName = ref.callAsync(replyWith("v")).thenApply(v -> Thread.currentThread().getName());
            }
            assertEquals("contractb-completion", valueOf(threadName));
            assertEquals(StopReason.normal(), ref.stop());
        } finally {
            executor.shutdownNow();
        }
    }
}
