package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.List;

/**
 * One page of a ZSCAN: the cursor to continue from ("0" when done) and members with their scores.
 *
 * @param cursor the cursor of the next step; "0" when the scan is complete
 * @param values members with their scores (a member may come again on a later page)
 */
public record ScoredScanPage(String cursor, List<ScoredValue> values) {

    /** Copies {@code values}. */
    public ScoredScanPage {
        values = List.copyOf(values);
    }

    static ScoredScanPage of(RespValue reply) {
        List<RespValue> parts = Replies.elements(reply);
        if (parts.size() != 2) {
            throw Replies.unexpected("a cursor and scored members", reply);
        }
        return new ScoredScanPage(Replies.string(parts.get(0)), Replies.scoredList(parts.get(1)));
    }
}
