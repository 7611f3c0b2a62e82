package dev.tether.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stream commands of {@link Commands}: XADD, XRANGE, XREAD, consumer groups. Only the
 * non-blocking forms: XREAD and XREADGROUP take no BLOCK here.
 */
abstract class StreamTable extends GeoTable {

    StreamTable() {
    }

    /** XADD key id field value ...: the id of the new entry ({@code "*"} lets the server choose it). */
    public static Command<String> xadd(String key, String id, Map<String, String> fields) {
        return xadd(key, id, fields, XAddOptions.none());
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID =|~ threshold [LIMIT n]] id field value ...: the new id, or null (NOMKSTREAM, no stream). */
    public static Command<String> xadd(String key, String id, Map<String, String> fields, XAddOptions options) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(options, "options");
        List<Object> parts = new ArrayList<>(fields.size() * 2 + 9);
        parts.add("XADD");
        parts.add(key);
        parts.addAll(options.arguments());
        parts.add(id);
        addPairs(parts, fields, "XADD", "field");
        return Command.build(Replies.STRING, parts.toArray());
    }

    /** XRANGE key start end: the entries between two ids ({@code -} and {@code +} for all), oldest first. */
    public static Command<List<StreamEntry>> xrange(String key, String start, String end) {
        return Command.build(StreamReplies.ENTRIES, "XRANGE", key, start, end);
    }

    /** XRANGE key start end COUNT count: at most {@code count} entries, oldest first. */
    public static Command<List<StreamEntry>> xrange(String key, String start, String end, long count) {
        return Command.build(StreamReplies.ENTRIES, "XRANGE", key, start, end, "COUNT", count("XRANGE", count));
    }

    /** XREVRANGE key end start: the entries between two ids, newest first. */
    public static Command<List<StreamEntry>> xrevrange(String key, String end, String start) {
        return Command.build(StreamReplies.ENTRIES, "XREVRANGE", key, end, start);
    }

    /** XREVRANGE key end start COUNT count: at most {@code count} entries, newest first. */
    public static Command<List<StreamEntry>> xrevrange(String key, String end, String start, long count) {
        return Command.build(StreamReplies.ENTRIES, "XREVRANGE", key, end, start, "COUNT", count("XREVRANGE", count));
    }

    /** XLEN key: how many entries the stream holds (0 when it does not exist). */
    public static Command<Long> xlen(String key) {
        return Command.build(Replies.LONG, "XLEN", key);
    }

    /** XTRIM key MAXLEN|MINID =|~ threshold [LIMIT n]: how many entries were removed. */
    public static Command<Long> xtrim(String key, StreamTrim trim) {
        Objects.requireNonNull(trim, "trim");
        List<Object> parts = new ArrayList<>(7);
        parts.add("XTRIM");
        parts.add(key);
        parts.addAll(trim.arguments());
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** XDEL key id...: how many entries were deleted. */
    public static Command<Long> xdel(String key, List<String> ids) {
        return Command.build(Replies.LONG, withIds("XDEL", List.of(Objects.requireNonNull(key, "key")), ids));
    }

    /** XREAD [COUNT n] STREAMS key... id...: the entries after each id, by stream in the order given (empty when none). */
    public static Command<Map<String, List<StreamEntry>>> xread(Map<String, String> streams, StreamReadOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.isNoAck()) {
            throw new IllegalArgumentException("XREAD has no NOACK (only XREADGROUP has)");
        }
        List<Object> parts = new ArrayList<>();
        parts.add("XREAD");
        addReadOptions(parts, options);
        addStreams("XREAD", parts, streams);
        return Command.build(StreamReplies.STREAMS, parts.toArray());
    }

    /**
     * XREADGROUP GROUP group consumer [COUNT n] [NOACK] STREAMS key... id...: the entries delivered to
     * {@code consumer} ({@code ">"}: new ones; an id: its own pending ones after it), by stream (empty when none).
     */
    public static Command<Map<String, List<StreamEntry>>> xreadgroup(String group, String consumer,
                                                                   Map<String, String> streams, StreamReadOptions options) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(options, "options");
        List<Object> parts = new ArrayList<>();
        parts.add("XREADGROUP");
        parts.add("GROUP");
        parts.add(group);
        parts.add(consumer);
        addReadOptions(parts, options);
        if (options.isNoAck()) {
            parts.add("NOACK");
        }
        addStreams("XREADGROUP", parts, streams);
        return Command.build(StreamReplies.STREAMS, parts.toArray());
    }

    /** XACK key group id...: how many entries were acknowledged. */
    public static Command<Long> xack(String key, String group, List<String> ids) {
        return Command.build(Replies.LONG, withIds("XACK", List.of(Objects.requireNonNull(key, "key"), Objects.requireNonNull(group, "group")), ids));
    }

    /** XGROUP CREATE key group id [MKSTREAM]: true (OK); {@code id} {@code "$"} reads only new entries, {@code "0"} all. */
    public static Command<Boolean> xgroupCreate(String key, String group, String id, boolean mkStream) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(id, "id");
        return mkStream
                ? Command.build(Replies.BOOLEAN, "XGROUP", "CREATE", key, group, id, "MKSTREAM")
                : Command.build(Replies.BOOLEAN, "XGROUP", "CREATE", key, group, id);
    }

    /** XGROUP DESTROY key group: whether the group existed. */
    public static Command<Boolean> xgroupDestroy(String key, String group) {
        return Command.build(Replies.BOOLEAN, "XGROUP", "DESTROY", key, Objects.requireNonNull(group, "group"));
    }

    /** XGROUP CREATECONSUMER key group consumer: whether the consumer was created (false if it existed). */
    public static Command<Boolean> xgroupCreateConsumer(String key, String group, String consumer) {
        return Command.build(Replies.BOOLEAN, "XGROUP", "CREATECONSUMER", key,
                Objects.requireNonNull(group, "group"), Objects.requireNonNull(consumer, "consumer"));
    }

    /** XGROUP DELCONSUMER key group consumer: how many pending entries the consumer held. */
    public static Command<Long> xgroupDelConsumer(String key, String group, String consumer) {
        return Command.build(Replies.LONG, "XGROUP", "DELCONSUMER", key,
                Objects.requireNonNull(group, "group"), Objects.requireNonNull(consumer, "consumer"));
    }

    /** XPENDING key group: the summary (count, lowest and highest id, count per consumer). */
    public static Command<StreamPendingSummary> xpending(String key, String group) {
        return Command.build(StreamReplies.PENDING_SUMMARY, "XPENDING", key, Objects.requireNonNull(group, "group"));
    }

    /** XPENDING key group [IDLE ms] start end count [consumer]: the pending entries with owner, idle time and deliveries. */
    public static Command<List<StreamPendingEntry>> xpending(String key, String group, StreamPendingQuery query) {
        Objects.requireNonNull(query, "query");
        List<Object> parts = new ArrayList<>(9);
        parts.add("XPENDING");
        parts.add(key);
        parts.add(Objects.requireNonNull(group, "group"));
        parts.addAll(query.arguments());
        return Command.build(StreamReplies.PENDING_ENTRIES, parts.toArray());
    }

    /** XCLAIM key group consumer min-idle-ms id...: the entries now owned by {@code consumer}. */
    public static Command<List<StreamEntry>> xclaim(String key, String group, String consumer, Duration minIdle, List<String> ids) {
        return Command.build(StreamReplies.ENTRIES, claim(key, group, consumer, minIdle, ids, false));
    }

    /** XCLAIM key group consumer min-idle-ms id... JUSTID: the ids now owned by {@code consumer} (deliveries not counted). */
    public static Command<List<String>> xclaimJustId(String key, String group, String consumer, Duration minIdle, List<String> ids) {
        return Command.build(Replies.STRING_LIST, claim(key, group, consumer, minIdle, ids, true));
    }

    /** XAUTOCLAIM key group consumer min-idle-ms start COUNT count: the next cursor, the claimed entries and the deleted ids. */
    public static Command<StreamAutoClaim> xautoclaim(String key, String group, String consumer, Duration minIdle,
                                                      String start, long count) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(start, "start");
        if (count <= 0) {
            throw new IllegalArgumentException("XAUTOCLAIM count must be positive, got " + count);
        }
        return Command.build(StreamReplies.AUTO_CLAIM, "XAUTOCLAIM", key, group, consumer,
                idleMillis("XAUTOCLAIM", minIdle), start, "COUNT", count);
    }

    /** XINFO STREAM key: length, groups, last generated id, first and last entry. */
    public static Command<StreamInfo> xinfoStream(String key) {
        return Command.build(StreamReplies.INFO, "XINFO", "STREAM", key);
    }

    private static long count(String name, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(name + " COUNT must not be negative, got " + count);
        }
        return count;
    }

    private static long idleMillis(String name, Duration minIdle) {
        if (minIdle == null || minIdle.isNegative()) {
            throw new IllegalArgumentException(name + " min-idle-time must not be negative, got " + minIdle);
        }
        return minIdle.toMillis();
    }

    private static Object[] claim(String key, String group, String consumer, Duration minIdle, List<String> ids, boolean justId) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(consumer, "consumer");
        Object[] parts = withIds("XCLAIM", List.of(Objects.requireNonNull(key, "key"), group, consumer, Long.toString(idleMillis("XCLAIM", minIdle))), ids);
        if (!justId) {
            return parts;
        }
        Object[] withJustId = java.util.Arrays.copyOf(parts, parts.length + 1);
        withJustId[parts.length] = "JUSTID";
        return withJustId;
    }

    /** {@code name head... id...}, at least one id. */
    private static Object[] withIds(String name, List<String> head, List<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one id");
        }
        List<Object> parts = new ArrayList<>(head.size() + ids.size() + 1);
        parts.add(name);
        parts.addAll(head);
        parts.addAll(ids);
        return parts.toArray();
    }

    private static void addReadOptions(List<Object> parts, StreamReadOptions options) {
        if (options.count() > 0) {
            parts.add("COUNT");
            parts.add(options.count());
        }
    }

    /** {@code STREAMS key... id...} in the map's order. */
    private static void addStreams(String name, List<Object> parts, Map<String, String> streams) {
        Objects.requireNonNull(streams, "streams");
        if (streams.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one stream");
        }
        parts.add("STREAMS");
        parts.addAll(streams.keySet());
        for (Map.Entry<String, String> e : streams.entrySet()) {
            parts.add(Objects.requireNonNull(e.getValue(), name + " id of stream " + e.getKey()));
        }
    }
}
