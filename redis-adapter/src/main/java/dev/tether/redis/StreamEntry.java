package dev.tether.redis;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of a stream, as XRANGE, XREAD, XREADGROUP and XCLAIM return it.
 *
 * @param id     the entry id, e.g. {@code 1700000000000-0}
 * @param fields its fields and values in the order they were added (empty when the entry was
 *               deleted while still pending, as XREADGROUP reports such entries)
 */
public record StreamEntry(String id, Map<String, String> fields) {

    /** Both parts are required; the map is kept as given (the client passes an unmodifiable, ordered one). */
    public StreamEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fields, "fields");
    }
}
