package dev.tether.redis;

/**
 * One match of GEOSEARCH.
 *
 * @param member the member
 * @param distance from the search's centre in its unit, or null without {@link GeoSearch#withDistance()}
 * @param position where it is, or null without {@link GeoSearch#withCoordinates()}
 */
public record GeoResult(String member, Double distance, GeoPosition position) {
}
