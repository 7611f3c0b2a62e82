package dev.tether.benchmarks.core;

import dev.tether.connection.ConnectionRef;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W7: a synchronous {@code call} round trip on a no-op connection: the caller enqueues, the loop
 * wakes, runs handleCall and completes the future, and the caller wakes. Compare with
 * {@link Handoff}, the same hand-off written by hand with a queue and a CompletableFuture.
 *
 * <p>All caller threads share one connection ({@link Scope#Benchmark}); with 4 threads the loop
 * can answer several queued calls per wake-up. {@code loop} picks the loop thread: {@code virtual}
 * (Tether's default) or {@code platform}, to compare with {@link Handoff}'s two consumers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CallRoundTrip {

    private static final Object REQUEST = "ping";

    @Param({"virtual", "platform"})
    public String loop;

    private ConnectionRef<Object, Object> ref;

    @Setup(Level.Trial)
    public void start() {
        ref = NoOpConnection.start(loop);
    }

    @TearDown(Level.Trial)
    public void stop() {
        ref.stop();
    }

    /** One caller: pure latency of a round trip. */
    @Benchmark
    @Threads(1)
    public Object call1Thread() {
        return ref.call(REQUEST);
    }

    /** Four callers on one connection: average time per call seen by each caller. */
    @Benchmark
    @Threads(4)
    public Object call4Threads() {
        return ref.call(REQUEST);
    }

    /** One caller through callAsync + join: adds the per-call timeout timer of the async form. */
    @Benchmark
    @Threads(1)
    public Object callAsyncJoin1Thread() {
        return ref.callAsync(REQUEST).join();
    }
}
