package dev.tether.benchmarks.core;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
 * W7 baseline: the round trip of {@link CallRoundTrip} written by hand, without Tether. The
 * benchmark thread puts a request (carrying a fresh CompletableFuture) on a LinkedBlockingQueue
 * and waits on the future; one consumer thread takes requests and completes their futures with the
 * request's value. The consumer is a platform thread or, like Tether's default loop, a virtual
 * thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Handoff {

    private static final Object REQUEST = "ping";

    /** A request and the future its answer completes. */
    private record Request(Object value, CompletableFuture<Object> reply) {
    }

    private static final Request POISON = new Request(null, null);

    @Param({"platform", "virtual"})
    public String consumer;

    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private Thread thread;

    @Setup(Level.Trial)
    public void start() {
        Runnable loop = () -> {
            try {
                while (true) {
                    Request r = queue.take();
                    if (r == POISON) {
                        return;
                    }
                    r.reply().complete(r.value());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        thread = switch (consumer) {
            case "platform" -> Thread.ofPlatform().name("handoff-consumer").daemon().start(loop);
            case "virtual" -> Thread.ofVirtual().name("handoff-consumer").start(loop);
            default -> throw new IllegalArgumentException("consumer must be platform or virtual: " + consumer);
        };
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        queue.put(POISON);
        thread.join(5_000);
    }

    /** One caller: the floor for a thread-to-thread round trip. */
    @Benchmark
    @Threads(1)
    public Object handoff1Thread() throws InterruptedException {
        return roundTrip();
    }

    /** Four callers sharing one consumer, as in {@link CallRoundTrip#call4Threads()}. */
    @Benchmark
    @Threads(4)
    public Object handoff4Threads() throws InterruptedException {
        return roundTrip();
    }

    private Object roundTrip() throws InterruptedException {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        queue.put(new Request(REQUEST, reply));
        return reply.join();
    }
}
