package dev.tether.redis;

import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespValue;
import java.util.List;

/**
 * What ZMPOP popped: the key it popped from and the members with their scores.
 *
 * @param key the first non-empty key of those given
 * @param values the popped members, in pop order
 */
public record KeyScoredValues(String key, List<ScoredValue> values) {

    /** Copies {@code values}. */
    public KeyScoredValues {
        values = List.copyOf(values);
    }

    /** Null when nothing was popped. */
    static KeyScoredValues of(RespValue reply) {
        if (Replies.unwrap(reply) instanceof RespNull) {
            return null;
        }
        List<RespValue> parts = Replies.elements(reply);
        if (parts.size() != 2) {
            throw Replies.unexpected("a key and scored members", reply);
        }
        return new KeyScoredValues(Replies.string(parts.get(0)), Replies.scoredList(parts.get(1)));
    }
}
