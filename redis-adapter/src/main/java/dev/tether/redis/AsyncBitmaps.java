package dev.tether.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The asynchronous bitmap commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code BitmapTable}. */
interface AsyncBitmaps {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    /** SETBIT: the bit's previous value. */
    default CompletableFuture<Boolean> setbit(String key, long offset, boolean value) {
        return executeAsync(Commands.setbit(key, offset, value));
    }

    /** GETBIT: the bit's value. */
    default CompletableFuture<Boolean> getbit(String key, long offset) {
        return executeAsync(Commands.getbit(key, offset));
    }

    /** BITCOUNT: how many bits are set. */
    default CompletableFuture<Long> bitcount(String key) {
        return executeAsync(Commands.bitcount(key));
    }

    /** BITCOUNT over a range of bytes or bits. */
    default CompletableFuture<Long> bitcount(String key, long start, long end, BitUnit unit) {
        return executeAsync(Commands.bitcount(key, start, end, unit));
    }

    /** BITPOS: the first bit with that value, or -1. */
    default CompletableFuture<Long> bitpos(String key, boolean bit) {
        return executeAsync(Commands.bitpos(key, bit));
    }

    /** BITPOS within a range of bytes or bits, or -1. */
    default CompletableFuture<Long> bitpos(String key, boolean bit, long start, long end, BitUnit unit) {
        return executeAsync(Commands.bitpos(key, bit, start, end, unit));
    }

    /** BITOP: the length of the destination string. */
    default CompletableFuture<Long> bitop(BitOperation operation, String destination, String... keys) {
        return executeAsync(Commands.bitop(operation, destination, List.of(keys)));
    }

    /** BITFIELD: one value per GET, SET and INCRBY; null where OVERFLOW FAIL stopped one. */
    default CompletableFuture<List<Long>> bitfield(String key, BitField operations) {
        return executeAsync(Commands.bitfield(key, operations));
    }
}
