package dev.tether.redis;

import java.util.Objects;

/**
 * A member and where it is, as GEOADD takes it.
 *
 * @param member the member
 * @param longitude degrees, -180 to 180
 * @param latitude degrees, about -85.05 to 85.05 (the server refuses beyond)
 */
public record GeoLocation(String member, double longitude, double latitude) {

    /** Checks the member is present and the coordinates are numbers. */
    public GeoLocation {
        Objects.requireNonNull(member, "member");
        if (Double.isNaN(longitude) || Double.isNaN(latitude)) {
            throw new IllegalArgumentException("GEOADD coordinates must not be NaN");
        }
    }
}
