package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of an HSCAN: the cursor to continue from ("0" when done) and the fields and values of
 * this page, in the server's order. A field may show up again on a later page.
 *
 * @param cursor the cursor for the next HSCAN, "0" when the scan is complete
 * @param entries the fields and their values (unmodifiable)
 */
public record HashScanPage(String cursor, Map<String, String> entries) {

    /** Both protocols send {@code [cursor, [field, value, ...]]}. */
    static HashScanPage of(RespValue reply) {
        List<RespValue> parts = Replies.elements(reply);
        if (parts.size() != 2) {
            throw Replies.unexpected("a cursor and fields", reply);
        }
        List<RespValue> flat = Replies.elements(parts.get(1));
        if (flat.size() % 2 != 0) {
            throw Replies.unexpected("field/value pairs", reply);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            entries.put(Replies.string(flat.get(i)), Replies.string(flat.get(i + 1)));
        }
        return new HashScanPage(Replies.string(parts.get(0)), Collections.unmodifiableMap(entries));
    }
}
