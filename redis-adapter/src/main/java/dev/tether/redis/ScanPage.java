package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.List;

/** One page of a SCAN: the cursor to continue from ("0" when done) and the keys. */
public record ScanPage(String cursor, List<String> keys) {
    static ScanPage of(RespValue reply) {
        List<RespValue> parts = Replies.elements(reply);
        if (parts.size() != 2) {
            throw Replies.unexpected("a cursor and keys", reply);
        }
        return new ScanPage(Replies.string(parts.get(0)), Replies.list(parts.get(1), Replies.STRING));
    }
}
