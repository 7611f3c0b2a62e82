package dev.tether.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The asynchronous geo commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code GeoTable}. */
interface AsyncGeo {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    /** GEOADD with options: how many were added (or changed, with CH). */
    default CompletableFuture<Long> geoadd(String key, GeoAddOptions options, GeoLocation... locations) {
        return executeAsync(Commands.geoadd(key, options, List.of(locations)));
    }

    /** GEOSEARCH: the matches, with distance and position when asked for. */
    default CompletableFuture<List<GeoResult>> geosearch(String key, GeoSearch query) {
        return executeAsync(Commands.geosearch(key, query));
    }

    /** GEODIST: the distance in {@code unit}, or null when either member is missing. */
    default CompletableFuture<Double> geodist(String key, String member1, String member2, GeoUnit unit) {
        return executeAsync(Commands.geodist(key, member1, member2, unit));
    }

    /** GEOPOS: each member's position, null for a missing member. */
    default CompletableFuture<List<GeoPosition>> geopos(String key, String... members) {
        return executeAsync(Commands.geopos(key, List.of(members)));
    }
}
