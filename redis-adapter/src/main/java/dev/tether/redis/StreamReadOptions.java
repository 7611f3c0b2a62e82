package dev.tether.redis;

/**
 * The non-blocking options of XREAD and XREADGROUP: COUNT, and NOACK for XREADGROUP. Immutable;
 * start from {@link #none()}. (BLOCK is not offered here: blocking reads need a connection of
 * their own.)
 */
public final class StreamReadOptions {

    private static final StreamReadOptions NONE = new StreamReadOptions(0, false);

    private final long count;
    private final boolean noAck;

    private StreamReadOptions(long count, boolean noAck) {
        this.count = count;
        this.noAck = noAck;
    }

    /** No options: every entry after the given ids, acknowledged explicitly. */
    public static StreamReadOptions none() {
        return NONE;
    }

    /** COUNT {@code n}: at most {@code n} entries per stream. */
    public StreamReadOptions count(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("XREAD COUNT must be positive, got " + n);
        }
        return new StreamReadOptions(n, noAck);
    }

    /** NOACK (XREADGROUP only): the entries read are not added to the pending list. */
    public StreamReadOptions noAck() {
        return new StreamReadOptions(count, true);
    }

    long count() {
        return count;
    }

    boolean isNoAck() {
        return noAck;
    }

    @Override
    public String toString() {
        return "StreamReadOptions[count=" + count + ", noAck=" + noAck + "]";
    }
}
