package dev.tether.redis;

/**
 * Stream commands of {@link Commands}: XADD, XRANGE, XREAD, consumer groups.
 */
abstract class StreamTable extends GeoTable {

    StreamTable() {
    }
}
