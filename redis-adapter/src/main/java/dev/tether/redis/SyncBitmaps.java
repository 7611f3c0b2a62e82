package dev.tether.redis;

import java.util.List;

/** The blocking bitmap commands of {@link RedisCommands}, each over {@link #execute}; built by {@code BitmapTable}. */
interface SyncBitmaps {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    /** SETBIT: the bit's previous value. */
    default boolean setbit(String key, long offset, boolean value) {
        return execute(Commands.setbit(key, offset, value));
    }

    /** GETBIT: the bit's value. */
    default boolean getbit(String key, long offset) {
        return execute(Commands.getbit(key, offset));
    }

    /** BITCOUNT: how many bits are set. */
    default long bitcount(String key) {
        return execute(Commands.bitcount(key));
    }

    /** BITCOUNT over a range of bytes or bits. */
    default long bitcount(String key, long start, long end, BitUnit unit) {
        return execute(Commands.bitcount(key, start, end, unit));
    }

    /** BITPOS: the first bit with that value, or -1. */
    default long bitpos(String key, boolean bit) {
        return execute(Commands.bitpos(key, bit));
    }

    /** BITPOS within a range of bytes or bits, or -1. */
    default long bitpos(String key, boolean bit, long start, long end, BitUnit unit) {
        return execute(Commands.bitpos(key, bit, start, end, unit));
    }

    /** BITOP: the length of the destination string. */
    default long bitop(BitOperation operation, String destination, String... keys) {
        return execute(Commands.bitop(operation, destination, List.of(keys)));
    }

    /** BITFIELD: one value per GET, SET and INCRBY; null where OVERFLOW FAIL stopped one. */
    default List<Long> bitfield(String key, BitField operations) {
        return execute(Commands.bitfield(key, operations));
    }
}
