package dev.tether.redis;

import java.nio.charset.StandardCharsets;

/**
 * Which of Redis Cluster's 16,384 slots a key belongs to: CRC16 (XMODEM: polynomial 0x1021,
 * initial value 0) of the key, modulo 16,384, where a key holding a non-empty {@code {hash tag}}
 * is hashed by the tag alone (the bytes between its first '{' and the first '}' after it), so
 * {@code {user:42}:name} and {@code {user:42}:email} share a slot.
 */
final class ClusterSlots {

    /** Slots in a cluster. */
    static final int COUNT = 16_384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private ClusterSlots() {
    }

    /** The slot of {@code key}. */
    static int slot(byte[] key) {
        int from = 0;
        int to = key.length;
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                from = open + 1;
                to = close;
            }
        }
        return crc16(key, from, to) & (COUNT - 1);
    }

    /** The slot of {@code key}, UTF-8 encoded. */
    static int slot(String key) {
        return slot(key.getBytes(StandardCharsets.UTF_8));
    }

    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
