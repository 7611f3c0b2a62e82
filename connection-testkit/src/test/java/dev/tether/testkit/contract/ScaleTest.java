package dev.tether.testkit.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.CallResult;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.Tether;
import dev.tether.testkit.LeakCheckExtension;
import dev.tether.testkit.ScriptedConnection;
import dev.tether.testkit.ScriptedConnection.Eval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many thousands of connections must be cheap (docs/behaviour-contract.md, 'The model'). */
@ExtendWith(LeakCheckExtension.class)
class ScaleTest extends ContractBSupport {

    private static final int CONNECTIONS = 10_000;

    @Test
    void ten_thousand_connections_start_answer_and_stop_leaving_no_loop_behind() {
        int baseline = Tether.liveResources().loops().size();
        List<ConnectionRef<Object, Object>> refs = new ArrayList<>(CONNECTIONS);
        Eval whoAmI = Eval.call(from -> CallResult.reply(Thread.currentThread()));

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < CONNECTIONS; i++) {
                    refs.add(track(Tether.start(new ScriptedConnection())));
                }
                assertEquals(baseline + CONNECTIONS, Tether.liveResources().loops().size());

                List<Future<Object>> answers = new ArrayList<>(CONNECTIONS);
                for (ConnectionRef<Object, Object> ref : refs) {
                    answers.add(callers.submit(() -> ref.call(whoAmI)));
                }
                long distinctVirtualLoops = answers.stream()
                        .map(ContractBSupport::valueOf)
                        .map(Thread.class::cast)
                        .filter(Thread::isVirtual)
                        .distinct()
                        .count();
                assertEquals(CONNECTIONS, distinctVirtualLoops, "each connection runs on a virtual thread of its own");

                List<Future<StopReason>> stops = new ArrayList<>(CONNECTIONS);
                for (ConnectionRef<Object, Object> ref : refs) {
                    stops.add(callers.submit(() -> ref.stop()));
                }
                assertTrue(stops.stream().map(ContractBSupport::valueOf).allMatch(StopReason.normal()::equals));
            }
        });

        assertTrue(refs.stream().allMatch(r -> r.state() == ConnectionState.STOPPED));
        await().atMost(WAIT).until(() -> Tether.liveResources().loops().size() == baseline);
    }
}
