package dev.tether.benchmarks.client;

import dev.tether.redis.CommandFinished;
import dev.tether.redis.CommandListener;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * What observing a command costs on the client's hot path: one caller's GET round trip to a real
 * loopback redis-server (started by redis-testkit for the trial), with no command listener, and
 * with a listener that only counts. Run with {@code -prof gc}: the allocation per GET with
 * {@code listener=none} is the figure that must not move when the observation code is added;
 * {@code counting} shows what a listener costs (its event object and the started/finished calls).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CommandCost {

    @Param({"none", "counting"})
    public String listener;

    private RedisServer server;
    private RedisClient redis;
    private final LongAdder finished = new LongAdder();

    @Setup(Level.Trial)
    public void start() {
        server = RedisServer.builder().start();
        RedisOptions.Builder options = RedisOptions.builder().port(server.port()).syncConnect(true);
        if (listener.equals("counting")) {
            options.commandListener(new CommandListener() {
                @Override
                public void finished(CommandFinished event) {
                    finished.increment();
                }
            });
        }
        redis = RedisClient.connect(options.build());
        redis.set("k", "0123456789abcdef");
    }

    @TearDown(Level.Trial)
    public void stop() {
        redis.close();
        server.close();
    }

    /** One caller: a GET of a 16-byte value, the reply decoded to a String. */
    @Benchmark
    @Threads(1)
    public String get() {
        return redis.get("k");
    }
}
