package dev.tether.redis;

import dev.tether.redis.resp.RespMap;
import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The converters of the stream commands ({@code StreamTable}): each accepts the RESP2 and the
 * RESP3 shape, so XREAD is the same ordered map and XINFO STREAM the same record under both.
 */
final class StreamReplies {

    private StreamReplies() {
    }

    static final ReplyConverter<StreamEntry> ENTRY = StreamReplies::entry;
    static final ReplyConverter<List<StreamEntry>> ENTRIES = StreamReplies::entries;
    static final ReplyConverter<Map<String, List<StreamEntry>>> STREAMS = StreamReplies::streams;
    static final ReplyConverter<StreamPendingSummary> PENDING_SUMMARY = StreamReplies::pendingSummary;
    static final ReplyConverter<List<StreamPendingEntry>> PENDING_ENTRIES = v -> Replies.list(v, StreamReplies::pendingEntry);
    static final ReplyConverter<StreamAutoClaim> AUTO_CLAIM = StreamReplies::autoClaim;
    static final ReplyConverter<StreamInfo> INFO = StreamReplies::info;

    /** {@code [id, [field, value, ...]]}; null for a nil entry. Fields may be nil (deleted while pending): an empty map. */
    static StreamEntry entry(RespValue reply) {
        RespValue v = Replies.unwrap(reply);
        if (v instanceof RespNull) {
            return null;
        }
        List<RespValue> pair = Replies.elements(v);
        if (pair.size() != 2) {
            throw Replies.unexpected("a stream entry (an id and its fields)", reply);
        }
        return new StreamEntry(Replies.string(pair.get(0)), Replies.stringMap(pair.get(1)));
    }

    /** A list of entries; nil entries (XCLAIM of a deleted id on older servers) are left out. */
    static List<StreamEntry> entries(RespValue reply) {
        List<RespValue> elements = Replies.elements(reply);
        List<StreamEntry> out = new ArrayList<>(elements.size());
        for (RespValue e : elements) {
            StreamEntry entry = entry(e);
            if (entry != null) {
                out.add(entry);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** XREAD/XREADGROUP: RESP2 {@code [[stream, entries], ...]}, RESP3 a map; nil (nothing new) is an empty map. */
    static Map<String, List<StreamEntry>> streams(RespValue reply) {
        RespValue v = Replies.unwrap(reply);
        Map<String, List<StreamEntry>> out = new LinkedHashMap<>();
        if (v instanceof RespMap map) {
            for (RespMap.Entry e : map.entries()) {
                out.put(Replies.string(e.key()), entries(e.value()));
            }
        } else {
            for (RespValue stream : Replies.elements(v)) {
                List<RespValue> pair = Replies.elements(stream);
                if (pair.size() != 2) {
                    throw Replies.unexpected("a stream name and its entries", reply);
                }
                out.put(Replies.string(pair.get(0)), entries(pair.get(1)));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code [count, lowest, highest, [[consumer, count], ...]]}; the last three are nil when nothing is pending. */
    static StreamPendingSummary pendingSummary(RespValue reply) {
        List<RespValue> parts = Replies.elements(reply);
        if (parts.size() != 4) {
            throw Replies.unexpected("an XPENDING summary (4 elements)", reply);
        }
        Map<String, Long> consumers = new LinkedHashMap<>();
        for (RespValue c : Replies.elements(parts.get(3))) {
            List<RespValue> pair = Replies.elements(c);
            consumers.put(Replies.string(pair.get(0)), Replies.longValue(pair.get(1)));
        }
        return new StreamPendingSummary(Replies.longValue(parts.get(0)), Replies.string(parts.get(1)),
                Replies.string(parts.get(2)), Collections.unmodifiableMap(consumers));
    }

    /** {@code [id, consumer, idle, deliveries]}. */
    static StreamPendingEntry pendingEntry(RespValue reply) {
        List<RespValue> parts = Replies.elements(reply);
        if (parts.size() != 4) {
            throw Replies.unexpected("an XPENDING entry (4 elements)", reply);
        }
        return new StreamPendingEntry(Replies.string(parts.get(0)), Replies.string(parts.get(1)),
                Replies.longValue(parts.get(2)), Replies.longValue(parts.get(3)));
    }

    /** {@code [next, entries, deleted]} (Redis 7; Redis 6.2 sends no third element). */
    static StreamAutoClaim autoClaim(RespValue reply) {
        List<RespValue> parts = Replies.elements(reply);
        if (parts.size() < 2) {
            throw Replies.unexpected("an XAUTOCLAIM reply (cursor, entries[, deleted])", reply);
        }
        List<String> deleted = parts.size() > 2 ? Replies.list(parts.get(2), Replies::string) : List.of();
        return new StreamAutoClaim(Replies.string(parts.get(0)), entries(parts.get(1)), deleted);
    }

    /** XINFO STREAM: RESP2 a flat array of names and values, RESP3 a map. */
    static StreamInfo info(RespValue reply) {
        Map<String, RespValue> fields = fields(reply);
        RespValue length = fields.get("length");
        RespValue groups = fields.get("groups");
        if (length == null || groups == null) {
            throw Replies.unexpected("XINFO STREAM fields (length, groups)", reply);
        }
        RespValue last = fields.get("last-generated-id");
        return new StreamInfo(Replies.longValue(length), Replies.longValue(groups),
                last == null ? null : Replies.string(last),
                entryOrNull(fields.get("first-entry")), entryOrNull(fields.get("last-entry")));
    }

    private static StreamEntry entryOrNull(RespValue v) {
        return v == null ? null : entry(v);
    }

    /** Name to value, from a RESP3 map or a RESP2 flat array of pairs. */
    static Map<String, RespValue> fields(RespValue reply) {
        RespValue v = Replies.unwrap(reply);
        Map<String, RespValue> out = new LinkedHashMap<>();
        if (v instanceof RespMap map) {
            for (RespMap.Entry e : map.entries()) {
                out.put(Replies.string(e.key()), e.value());
            }
            return out;
        }
        List<RespValue> flat = Replies.elements(v);
        if (flat.size() % 2 != 0) {
            throw Replies.unexpected("names and values (an even number of elements)", reply);
        }
        for (int i = 0; i < flat.size(); i += 2) {
            out.put(Replies.string(flat.get(i)), flat.get(i + 1));
        }
        return out;
    }
}
