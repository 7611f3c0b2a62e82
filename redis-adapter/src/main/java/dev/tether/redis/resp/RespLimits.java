package dev.tether.redis.resp;

/**
 * Upper bounds the {@link RespDecoder} enforces on what the peer declares.
 *
 * <p>RESP is length-prefixed, so a corrupt or hostile stream can claim a 2 GiB string or a
 * billion-element array in a dozen bytes. Every bound here is checked when the length is
 * read, <em>before</em> anything is allocated, turning such a stream into a
 * {@link RespProtocolException} instead of an {@link OutOfMemoryError} that would take the
 * whole JVM down rather than one connection.
 *
 * <p>Defaults ({@link #DEFAULT}):
 * <ul>
 *   <li>{@code maxBulkLength} = 512 MiB: Redis' own {@code proto-max-bulk-len}, so nothing a
 *       stock server can store is refused. The Redis client applies it both ways: to replies,
 *       and to the arguments it sends (a larger one is refused before anything is written, as
 *       the server would drop the connection), so lowering it also lowers what may be sent.</li>
 *   <li>{@code maxAggregateLength} = 16,777,216 (2<sup>24</sup>) elements (entries, for maps):
 *       every decoded element costs at least ~32 bytes of heap, so this already admits a
 *       reply of half a gigabyte or more in objects, enough for any sane {@code LRANGE} or
 *       {@code HGETALL}; larger replies should be paginated with {@code SCAN}-style commands,
 *       and a corrupt length is caught long before it becomes gigabytes.</li>
 *   <li>{@code maxNestingDepth} = 64: Redis replies nest a handful of levels at most (e.g.
 *       {@code XREADGROUP}, {@code COMMAND DOCS}); 64 leaves headroom for module replies yet
 *       bounds the decoder's frame stack.</li>
 *   <li>{@code maxLineLength} = 64 KiB: the longest simple string, error, integer, double or
 *       big number line. Real lines are short (error messages, {@code OK}); a stream with no
 *       CRLF in sight is garbage, and the bound stops it from being buffered forever.</li>
 * </ul>
 *
 * @param maxBulkLength      largest bulk string, bulk error or verbatim string accepted in a reply,
 *                           and largest argument the Redis client sends, in bytes
 * @param maxAggregateLength largest accepted element count of an array, set or push, or entry
 *                           count of a map or attribute
 * @param maxNestingDepth    most aggregates that may be open inside one another
 * @param maxLineLength      longest accepted line content (excluding type byte and CRLF)
 */
public record RespLimits(int maxBulkLength, int maxAggregateLength, int maxNestingDepth, int maxLineLength) {

    /** The largest array the JVM can reliably allocate; lengths above it could never be decoded. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** A line must at least hold any 64-bit integer with sign, or lengths could not be parsed. */
    static final int MIN_LINE = 32;

    /** The defaults described above. */
    public static final RespLimits DEFAULT = new RespLimits(512 * 1024 * 1024, 1 << 24, 64, 64 * 1024);

    /** Validates ranges so a misconfiguration fails at construction, not mid-stream. */
    public RespLimits {
        check("maxBulkLength", maxBulkLength, 0);
        check("maxAggregateLength", maxAggregateLength, 0);
        check("maxNestingDepth", maxNestingDepth, 1);
        check("maxLineLength", maxLineLength, MIN_LINE);
    }

    private static void check(String name, int value, int min) {
        if (value < min || value > MAX_ARRAY) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + MAX_ARRAY + "]: " + value);
        }
    }

    /**
     * Returns a copy with a different bulk length bound.
     *
     * @param value bytes, in {@code [0, Integer.MAX_VALUE - 8]}
     * @return the new limits
     */
    public RespLimits withMaxBulkLength(int value) {
        return new RespLimits(value, maxAggregateLength, maxNestingDepth, maxLineLength);
    }

    /**
     * Returns a copy with a different aggregate size bound.
     *
     * @param value elements (or map entries), in {@code [0, Integer.MAX_VALUE - 8]}
     * @return the new limits
     */
    public RespLimits withMaxAggregateLength(int value) {
        return new RespLimits(maxBulkLength, value, maxNestingDepth, maxLineLength);
    }

    /**
     * Returns a copy with a different nesting bound.
     *
     * @param value levels, at least 1
     * @return the new limits
     */
    public RespLimits withMaxNestingDepth(int value) {
        return new RespLimits(maxBulkLength, maxAggregateLength, value, maxLineLength);
    }

    /**
     * Returns a copy with a different line length bound.
     *
     * @param value bytes, at least 32 so that any integer or length line fits
     * @return the new limits
     */
    public RespLimits withMaxLineLength(int value) {
        return new RespLimits(maxBulkLength, maxAggregateLength, maxNestingDepth, value);
    }
}
