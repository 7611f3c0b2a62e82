package dev.tether.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The asynchronous stream commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code StreamTable}. */
interface AsyncStreams {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<String> xadd(String key, String id, Map<String, String> fields) {
        return executeAsync(Commands.xadd(key, id, fields));
    }

    default CompletableFuture<String> xadd(String key, String id, Map<String, String> fields, XAddOptions options) {
        return executeAsync(Commands.xadd(key, id, fields, options));
    }

    default CompletableFuture<List<StreamEntry>> xrange(String key, String start, String end) {
        return executeAsync(Commands.xrange(key, start, end));
    }

    default CompletableFuture<List<StreamEntry>> xrange(String key, String start, String end, long count) {
        return executeAsync(Commands.xrange(key, start, end, count));
    }

    default CompletableFuture<List<StreamEntry>> xrevrange(String key, String end, String start) {
        return executeAsync(Commands.xrevrange(key, end, start));
    }

    default CompletableFuture<List<StreamEntry>> xrevrange(String key, String end, String start, long count) {
        return executeAsync(Commands.xrevrange(key, end, start, count));
    }

    default CompletableFuture<Long> xlen(String key) {
        return executeAsync(Commands.xlen(key));
    }

    default CompletableFuture<Long> xtrim(String key, StreamTrim trim) {
        return executeAsync(Commands.xtrim(key, trim));
    }

    default CompletableFuture<Long> xdel(String key, String... ids) {
        return executeAsync(Commands.xdel(key, List.of(ids)));
    }

    default CompletableFuture<Map<String, List<StreamEntry>>> xread(Map<String, String> streams, StreamReadOptions options) {
        return executeAsync(Commands.xread(streams, options));
    }

    default CompletableFuture<Map<String, List<StreamEntry>>> xreadgroup(String group, String consumer, Map<String, String> streams,
                                                      StreamReadOptions options) {
        return executeAsync(Commands.xreadgroup(group, consumer, streams, options));
    }

    default CompletableFuture<Long> xack(String key, String group, String... ids) {
        return executeAsync(Commands.xack(key, group, List.of(ids)));
    }

    default CompletableFuture<Boolean> xgroupCreate(String key, String group, String id, boolean mkStream) {
        return executeAsync(Commands.xgroupCreate(key, group, id, mkStream));
    }

    default CompletableFuture<Boolean> xgroupDestroy(String key, String group) {
        return executeAsync(Commands.xgroupDestroy(key, group));
    }

    default CompletableFuture<Boolean> xgroupCreateConsumer(String key, String group, String consumer) {
        return executeAsync(Commands.xgroupCreateConsumer(key, group, consumer));
    }

    default CompletableFuture<Long> xgroupDelConsumer(String key, String group, String consumer) {
        return executeAsync(Commands.xgroupDelConsumer(key, group, consumer));
    }

    default CompletableFuture<StreamPendingSummary> xpending(String key, String group) {
        return executeAsync(Commands.xpending(key, group));
    }

    default CompletableFuture<List<StreamPendingEntry>> xpending(String key, String group, StreamPendingQuery query) {
        return executeAsync(Commands.xpending(key, group, query));
    }

    default CompletableFuture<List<StreamEntry>> xclaim(String key, String group, String consumer, Duration minIdle, String... ids) {
        return executeAsync(Commands.xclaim(key, group, consumer, minIdle, List.of(ids)));
    }

    default CompletableFuture<List<String>> xclaimJustId(String key, String group, String consumer, Duration minIdle, String... ids) {
        return executeAsync(Commands.xclaimJustId(key, group, consumer, minIdle, List.of(ids)));
    }

    default CompletableFuture<StreamAutoClaim> xautoclaim(String key, String group, String consumer, Duration minIdle, String start, long count) {
        return executeAsync(Commands.xautoclaim(key, group, consumer, minIdle, start, count));
    }

    default CompletableFuture<StreamInfo> xinfoStream(String key) {
        return executeAsync(Commands.xinfoStream(key));
    }
}
