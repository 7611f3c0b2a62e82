package dev.tether.redis.resp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte buffer that the {@link RespEncoder} writes into.
 *
 * <p>Its own class rather than {@link java.io.ByteArrayOutputStream} because the client needs
 * what that class hides or slows down: direct access to the backing array (to hand it to a
 * socket without copying), unsynchronized writes, decimal and UTF-8 encoding straight into the
 * array without intermediate {@code String}s or {@code byte[]}s, and reuse across batches via
 * {@link #clear()} so a connection's steady state allocates nothing. Growth is geometric, so
 * appending n bytes costs O(n) amortized.
 *
 * <p>Not thread-safe; one instance belongs to one connection's write path.
 */
public final class RespOutput {

    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] buf;
    private int size;

    /** Creates an output with room for a typical small pipeline. */
    public RespOutput() {
        this(512);
    }

    /**
     * Creates an output with the given initial capacity.
     *
     * @param initialCapacity bytes to reserve up front, at least 0
     */
    public RespOutput(int initialCapacity) {
        if (initialCapacity < 0 || initialCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("initialCapacity out of range: " + initialCapacity);
        }
        buf = new byte[initialCapacity];
    }

    /**
     * Number of bytes written since the last {@link #clear()}.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Current capacity of the backing array.
     *
     * @return the capacity
     */
    public int capacity() {
        return buf.length;
    }

    /**
     * The backing array, valid from index 0 to {@link #size()}; no copy is made. It is
     * replaced when the buffer grows, so do not hold on to it across writes.
     *
     * @return the backing array
     */
    public byte[] array() {
        return buf;
    }

    /**
     * A copy of the written bytes.
     *
     * @return a new array of length {@link #size()}
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /**
     * A heap buffer wrapping the written bytes without copying, ready for a channel write.
     * Only valid until the next write or {@link #clear()}.
     *
     * @return a buffer with position 0 and limit {@link #size()}
     */
    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(buf, 0, size);
    }

    /** Forgets the written bytes but keeps the capacity, so the next batch allocates nothing. */
    public void clear() {
        size = 0;
    }

    /**
     * Forgets the written bytes and, if the buffer grew beyond {@code maxRetainedCapacity}
     * (e.g. for one huge {@code SET}), drops it back to that size so one outlier does not pin
     * memory for the connection's lifetime.
     *
     * @param maxRetainedCapacity the largest capacity to keep
     */
    public void clear(int maxRetainedCapacity) {
        size = 0;
        if (buf.length > maxRetainedCapacity) {
            buf = new byte[Math.max(0, maxRetainedCapacity)];
        }
    }

    /**
     * Makes room for {@code extra} more bytes; callers that know a total size up front call it
     * once to avoid repeated growth.
     *
     * @param extra bytes about to be written
     */
    public void ensureCapacity(long extra) {
        long needed = size + extra;
        if (needed > buf.length) {
            grow(needed);
        }
    }

    private void grow(long needed) {
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("RESP output would exceed " + MAX_CAPACITY + " bytes");
        }
        long doubled = Math.max(16L, buf.length * 2L);
        buf = Arrays.copyOf(buf, (int) Math.min(MAX_CAPACITY, Math.max(needed, doubled)));
    }

    /**
     * Appends one byte.
     *
     * @param b the byte (low 8 bits)
     */
    public void writeByte(int b) {
        if (size == buf.length) {
            grow(size + 1L);
        }
        buf[size++] = (byte) b;
    }

    /**
     * Appends all of {@code src}.
     *
     * @param src the bytes
     */
    public void write(byte[] src) {
        write(src, 0, src.length);
    }

    /**
     * Appends {@code len} bytes of {@code src} starting at {@code off}.
     *
     * @param src the source array
     * @param off start index
     * @param len number of bytes
     */
    public void write(byte[] src, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        ensureCapacity(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    /** Appends CR LF. */
    public void writeCrlf() {
        ensureCapacity(2);
        buf[size++] = '\r';
        buf[size++] = '\n';
    }

    /**
     * Appends the decimal ASCII form of {@code v}, written directly into the array (no
     * {@code Long.toString} garbage on the hot path of every length prefix).
     *
     * @param v the number
     */
    public void writeDecimal(long v) {
        int len = decimalLength(v);
        ensureCapacity(len);
        int end = size + len;
        int i = end;
        // Work with the negative value so that Long.MIN_VALUE needs no special case.
        long n = v < 0 ? v : -v;
        do {
            buf[--i] = (byte) ('0' - (n % 10));
            n /= 10;
        } while (n != 0);
        if (v < 0) {
            buf[--i] = '-';
        }
        size = end;
    }

    /**
     * Appends {@code s} encoded as UTF-8 without an intermediate {@code byte[]}. Unpaired
     * surrogates become {@code '?'}, exactly as {@link String#getBytes(java.nio.charset.Charset)}
     * does, so both paths always produce the same bytes and the same length.
     *
     * @param s the text
     */
    public void writeUtf8(String s) {
        int n = s.length();
        ensureCapacity(utf8Length(s));
        byte[] b = buf;
        int p = size;
        int i = 0;
        for (; i < n; i++) { // ASCII fast path: the common case for keys and command names
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[p++] = '?';
                }
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
    }

    /**
     * The number of bytes {@link #writeUtf8(String)} will write for {@code s}.
     *
     * @param s the text
     * @return its UTF-8 length
     */
    public static int utf8Length(String s) {
        int n = s.length();
        long len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2; // two chars become four bytes
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    len += 2;
                } // an unpaired surrogate becomes a single '?'
            }
        }
        if (len > MAX_CAPACITY) {
            throw new IllegalArgumentException("string too long to encode");
        }
        return (int) len;
    }

    /**
     * The number of characters in the decimal form of {@code v}, sign included.
     *
     * @param v the number
     * @return its decimal length
     */
    public static int decimalLength(long v) {
        int len = v < 0 ? 2 : 1;
        long n = v < 0 ? v : -v;
        while (n <= -10) {
            n /= 10;
            len++;
        }
        return len;
    }
}
