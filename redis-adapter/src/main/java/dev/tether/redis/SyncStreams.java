package dev.tether.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The blocking stream commands of {@link RedisCommands}, each over {@link #execute}; built by {@code StreamTable}. */
interface SyncStreams {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default String xadd(String key, String id, Map<String, String> fields) {
        return execute(Commands.xadd(key, id, fields));
    }

    default String xadd(String key, String id, Map<String, String> fields, XAddOptions options) {
        return execute(Commands.xadd(key, id, fields, options));
    }

    default List<StreamEntry> xrange(String key, String start, String end) {
        return execute(Commands.xrange(key, start, end));
    }

    default List<StreamEntry> xrange(String key, String start, String end, long count) {
        return execute(Commands.xrange(key, start, end, count));
    }

    default List<StreamEntry> xrevrange(String key, String end, String start) {
        return execute(Commands.xrevrange(key, end, start));
    }

    default List<StreamEntry> xrevrange(String key, String end, String start, long count) {
        return execute(Commands.xrevrange(key, end, start, count));
    }

    default long xlen(String key) {
        return execute(Commands.xlen(key));
    }

    default long xtrim(String key, StreamTrim trim) {
        return execute(Commands.xtrim(key, trim));
    }

    default long xdel(String key, String... ids) {
        return execute(Commands.xdel(key, List.of(ids)));
    }

    default Map<String, List<StreamEntry>> xread(Map<String, String> streams, StreamReadOptions options) {
        return execute(Commands.xread(streams, options));
    }

    default Map<String, List<StreamEntry>> xreadgroup(String group, String consumer, Map<String, String> streams,
                                                      StreamReadOptions options) {
        return execute(Commands.xreadgroup(group, consumer, streams, options));
    }

    default long xack(String key, String group, String... ids) {
        return execute(Commands.xack(key, group, List.of(ids)));
    }

    default boolean xgroupCreate(String key, String group, String id, boolean mkStream) {
        return execute(Commands.xgroupCreate(key, group, id, mkStream));
    }

    default boolean xgroupDestroy(String key, String group) {
        return execute(Commands.xgroupDestroy(key, group));
    }

    default boolean xgroupCreateConsumer(String key, String group, String consumer) {
        return execute(Commands.xgroupCreateConsumer(key, group, consumer));
    }

    default long xgroupDelConsumer(String key, String group, String consumer) {
        return execute(Commands.xgroupDelConsumer(key, group, consumer));
    }

    default StreamPendingSummary xpending(String key, String group) {
        return execute(Commands.xpending(key, group));
    }

    default List<StreamPendingEntry> xpending(String key, String group, StreamPendingQuery query) {
        return execute(Commands.xpending(key, group, query));
    }

    default List<StreamEntry> xclaim(String key, String group, String consumer, Duration minIdle, String... ids) {
        return execute(Commands.xclaim(key, group, consumer, minIdle, List.of(ids)));
    }

    default List<String> xclaimJustId(String key, String group, String consumer, Duration minIdle, String... ids) {
        return execute(Commands.xclaimJustId(key, group, consumer, minIdle, List.of(ids)));
    }

    default StreamAutoClaim xautoclaim(String key, String group, String consumer, Duration minIdle, String start, long count) {
        return execute(Commands.xautoclaim(key, group, consumer, minIdle, start, count));
    }

    default StreamInfo xinfoStream(String key) {
        return execute(Commands.xinfoStream(key));
    }
}
