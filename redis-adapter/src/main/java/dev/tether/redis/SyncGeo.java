package dev.tether.redis;

import java.util.List;

/** The blocking geo commands of {@link RedisCommands}, each over {@link #execute}; built by {@code GeoTable}. */
interface SyncGeo {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    /** GEOADD with options: how many were added (or changed, with CH). */
    default long geoadd(String key, GeoAddOptions options, GeoLocation... locations) {
        return execute(Commands.geoadd(key, options, List.of(locations)));
    }

    /** GEOSEARCH: the matches, with distance and position when asked for. */
    default List<GeoResult> geosearch(String key, GeoSearch query) {
        return execute(Commands.geosearch(key, query));
    }

    /** GEODIST: the distance in {@code unit}, or null when either member is missing. */
    default Double geodist(String key, String member1, String member2, GeoUnit unit) {
        return execute(Commands.geodist(key, member1, member2, unit));
    }

    /** GEOPOS: each member's position, null for a missing member. */
    default List<GeoPosition> geopos(String key, String... members) {
        return execute(Commands.geopos(key, List.of(members)));
    }
}
