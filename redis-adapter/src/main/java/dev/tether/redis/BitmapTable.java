package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Bitmap commands of {@link Commands}: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD.
 */
abstract class BitmapTable extends HyperLogLogTable {

    BitmapTable() {
    }

    /** SETBIT key offset 0|1: the bit's previous value. */
    public static Command<Boolean> setbit(String key, long offset, boolean value) {
        return Command.build(Replies.BOOLEAN, "SETBIT", key, bitOffset("SETBIT", offset), value ? "1" : "0");
    }

    /** GETBIT key offset: the bit's value (false past the end). */
    public static Command<Boolean> getbit(String key, long offset) {
        return Command.build(Replies.BOOLEAN, "GETBIT", key, bitOffset("GETBIT", offset));
    }

    private static Long bitOffset(String name, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException(name + " offset must not be negative, got " + offset);
        }
        return offset;
    }

    /** BITCOUNT key: how many bits are set. */
    public static Command<Long> bitcount(String key) {
        return Command.build(Replies.LONG, "BITCOUNT", key);
    }

    /** BITCOUNT key start end BYTE|BIT: how many bits are set in the range (negative counts from the end). */
    public static Command<Long> bitcount(String key, long start, long end, BitUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return Command.build(Replies.LONG, "BITCOUNT", key, start, end, unit.name());
    }

    /** BITPOS key 0|1: the position of the first bit with that value; -1 when none (see the BITPOS docs for clear bits). */
    public static Command<Long> bitpos(String key, boolean bit) {
        return Command.build(Replies.LONG, "BITPOS", key, bit ? "1" : "0");
    }

    /** BITPOS key 0|1 start end BYTE|BIT: the first such bit within the range, as a bit position; -1 when none. */
    public static Command<Long> bitpos(String key, boolean bit, long start, long end, BitUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return Command.build(Replies.LONG, "BITPOS", key, bit ? "1" : "0", start, end, unit.name());
    }

    /** BITOP operation destination key...: the length of the destination string. NOT takes exactly one key. */
    public static Command<Long> bitop(BitOperation operation, String destination, List<String> keys) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("BITOP needs at least one key");
        }
        if (operation == BitOperation.NOT && keys.size() != 1) {
            throw new IllegalArgumentException("BITOP NOT takes exactly one key, got " + keys.size());
        }
        List<Object> parts = new ArrayList<>(keys.size() + 3);
        parts.add("BITOP");
        parts.add(operation.name());
        parts.add(destination);
        parts.addAll(keys);
        return Command.build(Replies.LONG, parts.toArray());
    }

    /** BITFIELD key sub-command...: one value per GET, SET and INCRBY; null where OVERFLOW FAIL stopped one. */
    public static Command<List<Long>> bitfield(String key, BitField operations) {
        Objects.requireNonNull(operations, "operations");
        if (operations.replies() == 0) {
            throw new IllegalArgumentException("BITFIELD needs at least one GET, SET or INCRBY");
        }
        List<Object> parts = new ArrayList<>(operations.arguments().size() + 2);
        parts.add("BITFIELD");
        parts.add(key);
        parts.addAll(operations.arguments());
        return Command.build(v -> Replies.list(v, Replies.LONG), parts.toArray());
    }
}
