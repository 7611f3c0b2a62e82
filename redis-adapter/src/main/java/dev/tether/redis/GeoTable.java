package dev.tether.redis;

/**
 * Geo commands of {@link Commands}: GEOADD, GEOSEARCH, GEODIST, GEOPOS.
 */
abstract class GeoTable extends BitmapTable {

    GeoTable() {
    }
}
