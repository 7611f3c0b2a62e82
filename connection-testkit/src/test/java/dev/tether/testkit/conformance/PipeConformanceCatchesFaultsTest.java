package dev.tether.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException;
import dev.tether.testkit.LeakCheckExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The pipe suite fails adapters that break the delivery contract, saying how: a passing suite
 * proves something only if a broken adapter makes it fail.
 */
@ExtendWith(LeakCheckExtension.class)
class PipeConformanceCatchesFaultsTest {

    @Test
    @Timeout(60)
    void anAdapterThatHandsACallerAnotherCallersReplyFailsTheOrderCase() throws Throwable {
        // The 100th line decoded is handed on as another reply: one caller gets a reply not its own.
        Seeded suite = new Seeded() {
            @Override
            protected Pipe.Builder<LineCodec.Line> newPipe(SocketOptions socket) {
                AtomicInteger lines = new AtomicInteger();
                return Pipe.builder(() -> new LineCodec() {
                    @Override
                    Object frame(String line) {
                        return lines.incrementAndGet() == 100 ? "n-0" : line;
                    }
                }, socket);
            }
        };
        AssertionError e = suite.failing(suite::everyAsyncReplyReachesItsOwnCallerUnderPipelining);
        assertTrue(e.getMessage().contains("did not get their own reply"), e.getMessage());
    }

    @Test
    @Timeout(60)
    void anAdapterThatReportsInFlightRequestsAsNeverSentFailsTheCutCase() throws Throwable {
        // Its error translator claims DISCONNECTED requests were never sent: retrying them could run them twice.
        Seeded suite = new Seeded() {
            @Override
            protected Pipe.Builder<LineCodec.Line> newPipe(SocketOptions socket) {
                return Pipe.builder(LineCodec::new, socket).errorTranslator(e ->
                        e.reason() == PipeException.Reason.DISCONNECTED
                                ? new PipeException(PipeException.Reason.CLOSED, e.getMessage(), e) : e);
            }
        };
        AssertionError e = suite.failing(suite::inFlightRequestsFailDisconnectedAndRequestsWhileDownFailClosed);
        assertTrue(e.getMessage().contains("was in flight when the connection was cut"), e.getMessage());
    }

    /**
     * The echo adapter of {@link EchoPipeConformanceTest}, for a test to break, with the suite's
     * fixture run around one case. Abstract and nested, so JUnit does not run it as a test class.
     */
    private abstract static class Seeded extends EchoPipeConformanceTest {

        AssertionError failing(Executable testCase) throws Exception {
            startThePeer();
            try {
                return assertThrows(AssertionError.class, testCase);
            } finally {
                closeWhatTheTestOpened();
            }
        }
    }
}
