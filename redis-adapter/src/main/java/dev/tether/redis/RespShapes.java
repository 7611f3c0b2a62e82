package dev.tether.redis;

import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespMap;
import dev.tether.redis.resp.RespSet;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import java.util.List;

/**
 * Reading server replies whose shape differs between RESP2 and RESP3 (CLUSTER SHARDS, COMMAND):
 * a RESP3 map is a flat name/value array under RESP2, a set is an array. One place for both.
 */
final class RespShapes {

    private RespShapes() {
    }

    /** The elements of an array or a set; none for anything else. */
    static List<RespValue> elements(RespValue v) {
        return switch (v == null ? null : Replies.unwrap(v)) {
            case RespArray a -> a.elements();
            case RespSet s -> s.elements();
            case null, default -> List.of();
        };
    }

    /** A field of a RESP3 map or of RESP2's flat name/value array. */
    static RespValue field(RespValue v, String name) {
        RespValue u = v == null ? null : Replies.unwrap(v);
        if (u instanceof RespMap m) {
            return m.get(name);
        }
        List<RespValue> flat = elements(u);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(text(flat.get(i)))) {
                return flat.get(i + 1);
            }
        }
        return null;
    }

    static String text(RespValue v) {
        return switch (v == null ? null : Replies.unwrap(v)) {
            case RespBulkString b -> b.asString();
            case RespSimpleString s -> s.value();
            case null, default -> null;
        };
    }

    static long number(RespValue v) {
        RespValue u = v == null ? null : Replies.unwrap(v);
        if (u instanceof RespInteger i) {
            return i.value();
        }
        String t = text(u);
        return t == null ? 0 : Long.parseLong(t);
    }
}
