package dev.tether.examples.memcached;

import dev.tether.core.pipe.Request;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A memcached text-protocol request, typed by its reply. Keys are checked when a request is built
 * (1 to 250 bytes in UTF-8, no spaces or control characters), so a key the protocol cannot carry
 * is an {@link IllegalArgumentException} before anything is sent, never a desynchronized stream.
 * An error line from the server fails the request with a {@link MemcachedException}.
 *
 * @param <T> the reply
 */
public sealed interface MemcachedRequest<T> extends Request<T> {

    /** The key this request is about. */
    String key();

    /** The codec's frame, or the server's error line thrown as a {@link MemcachedException}. */
    @Override
    @SuppressWarnings("unchecked")
    default T reply(Object decoded) {
        if (decoded instanceof MemcachedException e) {
            throw e;
        }
        return (T) decoded;
    }

    /**
     * {@code get}: the value, or null on a miss. The flags stored with it are not returned.
     *
     * @param key the key
     */
    record Get(String key) implements MemcachedRequest<byte[]> {
        /** Checks the key. @throws IllegalArgumentException for a key memcached cannot carry */
        public Get {
            checkKey(key);
        }
    }

    /**
     * {@code set}: stores {@code value} unconditionally; true for {@code STORED}, false for
     * {@code NOT_STORED}. The array is written as is, not copied: do not change it until the call
     * completes. Like any record with an array, equality is by the array's identity.
     *
     * @param key the key
     * @param value the bytes, any (line breaks included)
     * @param flags 32 opaque bits stored with the value (read as unsigned)
     * @param exptime 0 for never, seconds from now up to 30 days, else a Unix time
     */
    record Set(String key, byte[] value, int flags, int exptime) implements MemcachedRequest<Boolean> {
        /** Checks the key. @throws IllegalArgumentException for a key memcached cannot carry */
        public Set {
            checkKey(key);
            Objects.requireNonNull(value, "value");
        }

        /** A set with no flags that never expires. */
        public Set(String key, byte[] value) {
            this(key, value, 0, 0);
        }
    }

    /**
     * {@code delete}: true for {@code DELETED}, false for {@code NOT_FOUND}.
     *
     * @param key the key
     */
    record Delete(String key) implements MemcachedRequest<Boolean> {
        /** Checks the key. @throws IllegalArgumentException for a key memcached cannot carry */
        public Delete {
            checkKey(key);
        }
    }

    /**
     * {@code incr}: the new value, or null ({@code NOT_FOUND}) when the key is missing: memcached
     * does not create counters, so set one first. Counters are unsigned 64-bit and wrap; past
     * {@link Long#MAX_VALUE} read the result with {@link Long#toUnsignedString(long)}. Incrementing
     * a value that is not a decimal number fails with {@link MemcachedException.Reason#CLIENT_ERROR}.
     *
     * @param key the key
     * @param delta how much to add, at least 0
     */
    record Incr(String key, long delta) implements MemcachedRequest<Long> {
        /** Checks the key and delta. @throws IllegalArgumentException for a bad key or a negative delta */
        public Incr {
            checkKey(key);
            if (delta < 0) {
                throw new IllegalArgumentException("incr delta must not be negative, got " + delta);
            }
        }
    }

    /**
     * A counter that creates itself: adds {@code delta} to the counter at {@code key}, creating it
     * at {@code initial} (and adding nothing) when it is missing, and returns the new value. One
     * round trip where {@code incr} alone fails on a missing key (memcached's meta arithmetic,
     * {@code ma <key> N0 J<initial> D<delta> v}).
     *
     * @param key the key
     * @param delta how much to add, at least 0
     * @param initial the value a missing counter starts at, at least 0
     */
    record Counter(String key, long delta, long initial) implements MemcachedRequest<Long> {
        /** Checks the key and numbers. @throws IllegalArgumentException for a bad key or a negative number */
        public Counter {
            checkKey(key);
            if (delta < 0 || initial < 0) {
                throw new IllegalArgumentException("counter delta and initial must not be negative, got "
                        + delta + " and " + initial);
            }
        }
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > 250) {
            throw new IllegalArgumentException("a memcached key is 1 to 250 bytes, got " + bytes + ": " + key);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("a memcached key has no spaces or control characters, got "
                        + String.format("U+%04X at index %d", (int) c, i) + " in \"" + key + "\"");
            }
        }
    }
}
