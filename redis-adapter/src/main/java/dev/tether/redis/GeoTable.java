package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Geo commands of {@link Commands}: GEOADD, GEOSEARCH, GEODIST, GEOPOS.
 */
abstract class GeoTable extends BitmapTable {

    GeoTable() {
    }

    /** GEOADD key [NX|XX] [CH] longitude latitude member...: how many were added (or changed, with CH). */
    public static Command<Long> geoadd(String key, GeoAddOptions options, List<GeoLocation> locations) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(locations, "locations");
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("GEOADD needs at least one location");
        }
        List<Object> parts = new ArrayList<>(locations.size() * 3 + 4);
        parts.add("GEOADD");
        parts.add(key);
        parts.addAll(options.arguments());
        for (GeoLocation l : locations) {
            Objects.requireNonNull(l, "location");
            parts.add(l.longitude());
            parts.add(l.latitude());
            parts.add(l.member());
        }
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** GEOSEARCH key query...: the matches, each with its distance and position when the query asks for them. */
    public static Command<List<GeoResult>> geosearch(String key, GeoSearch query) {
        Objects.requireNonNull(query, "query");
        List<Object> parts = new ArrayList<>(16);
        parts.add("GEOSEARCH");
        parts.add(key);
        parts.addAll(query.arguments());
        boolean dist = query.distances();
        boolean coord = query.coordinates();
        return Command.build(v -> geoResults(v, dist, coord), parts.toArray());
    }

    /** Without WITH* options each match is a bare member; with them [member, distance?, [lon, lat]?]. */
    static List<GeoResult> geoResults(RespValue reply, boolean dist, boolean coord) {
        List<RespValue> elements = Replies.elements(reply);
        List<GeoResult> out = new ArrayList<>(elements.size());
        for (RespValue e : elements) {
            if (!dist && !coord) {
                out.add(new GeoResult(Replies.string(e), null, null));
                continue;
            }
            List<RespValue> fields = Replies.elements(e);
            if (fields.size() != 1 + (dist ? 1 : 0) + (coord ? 1 : 0)) {
                throw Replies.unexpected("a member with " + (dist ? "distance " : "") + (coord ? "coordinates" : ""), e);
            }
            Double distance = dist ? Replies.doubleValue(fields.get(1)) : null;
            GeoPosition position = coord ? GeoPosition.of(fields.get(fields.size() - 1)) : null;
            out.add(new GeoResult(Replies.string(fields.get(0)), distance, position));
        }
        return Collections.unmodifiableList(out);
    }

    /** GEODIST key member1 member2 unit: the distance, or null when either member is missing. */
    public static Command<Double> geodist(String key, String member1, String member2, GeoUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return Command.build(Replies.DOUBLE, "GEODIST", key, member1, member2, unit.wire());
    }

    /** GEOPOS key member...: each member's position, null for a missing member. */
    public static Command<List<GeoPosition>> geopos(String key, List<String> members) {
        return Command.build(v -> Replies.list(v, GeoPosition::of), withMembers("GEOPOS", key, members));
    }
}
