package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tether.connection.CallResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ReplyTo;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/behaviour-contract.md, 'Completion threads': a caller blocked in get() is woken directly by the completing
 * thread, while dependent stages still run on the completion executor.
 */
@ExtendWith(LeakCheckExtension.class)
class CallFutureWakeTest {

    private final AtomicInteger hops = new AtomicInteger();
    private final Executor counting = task -> {
        hops.incrementAndGet();
        Thread.ofVirtual().start(task);
    };

    private ConnectionRef<Object, Object> start(AtomicReference<ReplyTo<Object>> kept) {
        ScriptedConnection conn = new ScriptedConnection().onCall((request, from) -> {
            kept.set(from);
            return CallResult.noReply();
        });
        return Tether.start(conn, ConnectionOptions.builder().completionExecutor(counting).build());
    }

    @Test
    void aCallerBlockedInGetIsWokenWithoutAHopThroughTheExecutor() throws Exception {
        AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();
        ConnectionRef<Object, Object> ref = start(kept);
        try {
            CompletableFuture<Object> future = ref.callAsync("q", Duration.ofSeconds(5));
            AtomicReference<Object> got = new AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(() -> got.set(future.join()));
            await().atMost(Duration.ofSeconds(5)).until(() -> kept.get() != null
                    && waiter.getState() == Thread.State.WAITING);
            kept.get().reply("answer");
            waiter.join(Duration.ofSeconds(5));
            assertEquals("answer", got.get());
            assertEquals(0, hops.get(), "no task went through the completion executor");
        } finally {
            ref.stop();
        }
    }

    @Test
    void dependentStagesStillRunOnTheCompletionExecutor() throws Exception {
        AtomicReference<ReplyTo<Object>> kept = new AtomicReference<>();
        ConnectionRef<Object, Object> ref = start(kept);
        try {
            CompletableFuture<Object> future = ref.callAsync("q", Duration.ofSeconds(5));
            AtomicReference<Thread> stageThread = new AtomicReference<>();
            CompletableFuture<Void> all = CompletableFuture.allOf(future).thenRun(() -> stageThread.set(Thread.currentThread()));
            await().atMost(Duration.ofSeconds(5)).until(() -> kept.get() != null);
            Thread replier = Thread.currentThread();
            kept.get().reply("answer");
            all.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertNotEquals(replier, stageThread.get(), "an allOf stage does not run on the completing thread");
            assertEquals(1, hops.get(), "the dependent side was completed through the executor");
        } finally {
            ref.stop();
        }
    }
}
