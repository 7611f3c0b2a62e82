package dev.tether.redis;

/**
 * Bitmap commands of {@link Commands}: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD.
 */
abstract class BitmapTable extends HyperLogLogTable {

    BitmapTable() {
    }
}
