package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.connect;
import static dev.tether.redis.RedisTestSupport.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One client shared by many threads: every reply goes to its own caller. */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class ConcurrencyTest {


    private static final int THREADS = 64;

    private RedisServer server;

    @BeforeEach
    void startFromAnEmptyServer(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }

    /** Runs {@code task(thread)} on {@link #THREADS} platform threads started together; returns their results. */
    private static <T> List<T> onAllThreads(TaskFactory<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<T> body = task.create(t);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    assertTrue(go.await(10, TimeUnit.SECONDS));
                    return body.call();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @FunctionalInterface
    private interface TaskFactory<T> {
        Callable<T> create(int thread);
    }

    private static long readsProcessed(RedisServer server) {
        String info = (String) server.execute("INFO", "stats");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("total_reads_processed:")) {
                return Long.parseLong(line.substring("total_reads_processed:".length()).trim());
            }
        }
        throw new AssertionError("no total_reads_processed in INFO stats: " + info);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void sixtyFourThreadsSharingOneClientEachGetTheirOwnReplies(int protocol) throws Exception {
        int perThread = 400;
        try (RedisClient redis = connect(server, protocol)) {
            long readsBefore = readsProcessed(server);
            List<Integer> done = onAllThreads(t -> () -> {
                for (int i = 0; i < perThread; i++) {
                    String key = "t" + t + ":k" + (i % 10);
                    String value = "t" + t + "-v" + i;
                    assertEquals(true, redis.set(key, value));
                    assertEquals(value, redis.get(key), "thread " + t + " iteration " + i);
                    assertEquals(i + 1L, redis.incr("t" + t + ":count"));
                }
                return perThread;
            });
            long readsAfter = readsProcessed(server);

            assertEquals(THREADS, done.size());
            for (int t = 0; t < THREADS; t++) {
                assertEquals(Integer.toString(perThread), redis.get("t" + t + ":count"));
            }
            // Implicit pipelining: concurrent callers' commands share socket writes, so the server
            // needs far fewer reads than the commands it ran (one-at-a-time would need one each).
            long commands = (long) THREADS * perThread * 3;
            long reads = readsAfter - readsBefore;
            assertTrue(reads < commands / 2,
                    "expected pipelined writes: " + reads + " server reads for " + commands + " commands");
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void sixtyFourThreadsMixingSyncAsyncAndPipelinesGetTheirOwnReplies(int protocol) throws Exception {
        int perThread = 200;
        try (RedisClient redis = connect(server, protocol)) {
            onAllThreads(t -> () -> {
                List<CompletableFuture<String>> echoes = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    String token = "t" + t + "-" + i;
                    echoes.add(redis.async().echo(token));
                    if (i % 20 == 0) {
                        List<Object> results = redis.pipeline(List.of(
                                Commands.echo(token + "-p1"), Commands.incr("shared"), Commands.echo(token + "-p2")));
                        assertEquals(token + "-p1", results.get(0));
                        assertTrue((Long) results.get(1) > 0);
                        assertEquals(token + "-p2", results.get(2));
                    }
                    if (i % 50 == 0) {
                        List<Object> tx = redis.transaction(List.of(Commands.echo(token + "-tx"), Commands.incr("shared")));
                        assertEquals(token + "-tx", tx.get(0));
                    }
                    assertEquals(token + "-sync", redis.echo(token + "-sync"));
                }
                for (int i = 0; i < perThread; i++) {
                    assertEquals("t" + t + "-" + i, join(echoes.get(i)));
                }
                return null;
            });
            long pipelines = (long) THREADS * (perThread / 20);
            long transactions = (long) THREADS * (perThread / 50);
            assertEquals(pipelines + transactions, redis.incrBy("shared", 0));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void aSlowDependentStageOfAnAsyncCommandDoesNotHoldUpOtherCallers(int protocol) throws Exception {
        try (RedisClient redis = connect(server, protocol)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> slowStage = redis.async().ping().thenApply(pong -> {
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            try {
                // the connection keeps serving while the stage blocks
                for (int i = 0; i < 100; i++) {
                    assertEquals("while-blocked-" + i, redis.echo("while-blocked-" + i));
                    assertEquals("async-" + i, join(redis.async().echo("async-" + i)));
                }
                assertFalse(slowStage.isDone());
            } finally {
                release.countDown();
            }
            assertEquals(true, join(slowStage));
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void concurrentIncrementsOnOneKeyAreEachSeenOnceAndInOrderPerCaller(int protocol) throws Exception {
        int perThread = 300;
        try (RedisClient redis = connect(server, protocol)) {
            List<List<Long>> seen = onAllThreads(t -> () -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(redis.incr("counter"));
                }
                return mine;
            });
            Set<Long> all = new HashSet<>();
            for (List<Long> mine : seen) {
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i) > mine.get(i - 1), "a caller's increments are in order");
                }
                all.addAll(mine);
            }
            long total = (long) THREADS * perThread;
            assertEquals(total, all.size(), "every INCR reply is distinct: none went to two callers");
            assertEquals(total, redis.incrBy("counter", 0));
        }
    }
}
