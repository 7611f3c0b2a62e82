package dev.tether.redis;

import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespValue;
import java.util.List;

/**
 * Where a member is, as GEOPOS and GEOSEARCH ... WITHCOORD reply.
 *
 * @param longitude degrees
 * @param latitude degrees
 */
public record GeoPosition(double longitude, double latitude) {

    /** Null for a missing member. */
    static GeoPosition of(RespValue reply) {
        if (Replies.unwrap(reply) instanceof RespNull) {
            return null;
        }
        List<RespValue> pair = Replies.elements(reply);
        if (pair.size() != 2) {
            throw Replies.unexpected("a longitude and a latitude", reply);
        }
        return new GeoPosition(Replies.doubleValue(pair.get(0)), Replies.doubleValue(pair.get(1)));
    }
}
