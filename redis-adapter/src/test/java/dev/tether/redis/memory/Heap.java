package dev.tether.redis.memory;

/** Heap measurements shared by the memory tests. */
final class Heap {

    private Heap() {
    }

    /** Bytes of heap in use after a full GC: the least of three collections in a row. */
    static long afterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
