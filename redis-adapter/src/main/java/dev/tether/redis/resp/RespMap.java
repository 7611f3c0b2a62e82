package dev.tether.redis.resp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A RESP3 map ({@code %2\r\n...}), e.g. the reply to {@code HGETALL} or {@code HELLO} under
 * RESP3; also the payload of an {@link Attributed} attribute.
 *
 * <p>Entries are an ordered list rather than a {@link Map}: wire order is preserved (some
 * replies are meaningfully ordered), duplicate keys from a misbehaving server are not
 * silently collapsed, and the decoder does not hash every key of a large reply that the
 * caller may only iterate. {@link #toMap()} builds a real map when lookups are needed.
 *
 * @param entries the key/value pairs in wire order
 */
public record RespMap(List<Entry> entries) implements RespValue {

    /** The empty map {@code %0\r\n}, shared because it carries no data. */
    public static final RespMap EMPTY = new RespMap(List.of());

    /**
     * One key/value pair. Keys are full {@link RespValue}s because RESP3 allows any type as a
     * key, even though Redis in practice sends strings.
     *
     * @param key   the key
     * @param value the value
     */
    public record Entry(RespValue key, RespValue value) {
        /** Both parts are required; RESP has {@link RespNull} for absent data. */
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Adopts decoder-built lists, copies anything else. */
    public RespMap {
        entries = ElementList.immutable(entries);
    }

    /**
     * The number of entries.
     *
     * @return the entry count
     */
    public int size() {
        return entries.size();
    }

    /**
     * The value of the first entry whose key equals {@code key}; a linear scan, because maps
     * from Redis are small (command metadata, {@code HELLO}) and a scan beats building a hash
     * table for one lookup. Use {@link #toMap()} for many lookups.
     *
     * @param key the key to look for
     * @return the value, or {@code null} if absent
     */
    public RespValue get(RespValue key) {
        for (Entry e : entries) {
            if (e.key.equals(key)) {
                return e.value;
            }
        }
        return null;
    }

    /**
     * The value of the first entry whose key is a bulk or simple string equal to {@code key}
     * (bulk keys compared as UTF-8), since servers use either form for textual keys.
     *
     * @param key the textual key
     * @return the value, or {@code null} if absent
     */
    public RespValue get(String key) {
        byte[] utf8 = null;
        for (Entry e : entries) {
            if (e.key instanceof RespSimpleString s && s.value().equals(key)) {
                return e.value;
            }
            if (e.key instanceof RespBulkString b) {
                if (utf8 == null) {
                    utf8 = key.getBytes(StandardCharsets.UTF_8);
                }
                if (java.util.Arrays.equals(b.bytes(), utf8)) {
                    return e.value;
                }
            }
        }
        return null;
    }

    /**
     * Copies the entries into an insertion-ordered map; for duplicate keys the last one wins,
     * as it would for a server-side hash.
     *
     * @return a new mutable {@link LinkedHashMap}
     */
    public Map<RespValue, RespValue> toMap() {
        Map<RespValue, RespValue> map = LinkedHashMap.newLinkedHashMap(entries.size());
        for (Entry e : entries) {
            map.put(e.key, e.value);
        }
        return map;
    }

    @Override
    public String toString() {
        return RespText.aggregate("%", entries);
    }
}
