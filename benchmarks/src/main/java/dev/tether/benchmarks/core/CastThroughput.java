package dev.tether.benchmarks.core;

import dev.tether.connection.ConnectionRef;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W7: sustained cast throughput into a no-op connection. Each invocation sends {@value #BATCH}
 * casts and then one call, which the loop answers only after every cast queued before it (the
 * mailbox is FIFO): the call is a barrier that keeps at most {@value #BATCH} casts per sender in
 * flight, far below the default mailbox bound (65,536), so a cast can never fail with
 * MailboxFullException and the score is what the loop sustains, not how fast a queue fills. The
 * barrier's cost is included, amortised over the batch. The score counts casts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CastThroughput {

    static final int BATCH = 1024;

    private static final Object REQUEST = "cast";
    private static final Object BARRIER = "barrier";

    private ConnectionRef<Object, Object> ref;

    @Setup(Level.Trial)
    public void start() {
        ref = NoOpConnection.start();
    }

    @TearDown(Level.Trial)
    public void stop() {
        ref.stop();
    }

    /** One sender. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public Object cast1Thread() {
        return castBatch();
    }

    /** Four senders on one connection (at most 4 x BATCH casts queued). */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public Object cast4Threads() {
        return castBatch();
    }

    private Object castBatch() {
        ConnectionRef<Object, Object> r = ref;
        for (int i = 0; i < BATCH; i++) {
            r.cast(REQUEST);
        }
        return r.call(BARRIER);
    }
}
