package dev.tether.redis;

import java.util.Locale;

/** The distance units of the geo commands. */
public enum GeoUnit {
    /** Metres. */
    M,
    /** Kilometres. */
    KM,
    /** Feet. */
    FT,
    /** Miles. */
    MI;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
