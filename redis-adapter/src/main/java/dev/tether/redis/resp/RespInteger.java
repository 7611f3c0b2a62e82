package dev.tether.redis.resp;

/**
 * A RESP integer ({@code :42\r\n}), a signed 64-bit value.
 *
 * <p>Small values are cached ({@link #of(long)}) because counters, {@code DEL}/{@code EXISTS}
 * counts and boolean-ish {@code 0}/{@code 1} replies dominate real traffic; serving them from
 * a table means decoding them allocates nothing.
 *
 * @param value the integer
 */
public record RespInteger(long value) implements RespValue {

    private static final int CACHE_LOW = -1;
    private static final int CACHE_HIGH = 255;
    private static final RespInteger[] CACHE = new RespInteger[CACHE_HIGH - CACHE_LOW + 1];

    static {
        for (int i = 0; i < CACHE.length; i++) {
            CACHE[i] = new RespInteger(i + CACHE_LOW);
        }
    }

    /**
     * Returns a cached instance for values in {@code -1..255}, otherwise a new one.
     *
     * @param value the integer
     * @return an integer value
     */
    public static RespInteger of(long value) {
        if (value >= CACHE_LOW && value <= CACHE_HIGH) {
            return CACHE[(int) value - CACHE_LOW];
        }
        return new RespInteger(value);
    }

    @Override
    public String toString() {
        return ":" + value;
    }
}
