package dev.tether.redis;

/**
 * HyperLogLog commands of {@link Commands}: PFADD, PFCOUNT, PFMERGE.
 */
abstract class HyperLogLogTable extends SortedSetTable {

    HyperLogLogTable() {
    }
}
