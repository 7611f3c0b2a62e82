package dev.tether.core.pipe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes a {@link Codec} encodes requests into: a growable array, reused for every write of
 * one connection. The pipe writes it to the socket and clears it; after a large write it gives
 * back the memory beyond a small retained size, so one burst does not pin a large array.
 *
 * <p>Not thread-safe: a codec uses it only inside {@link Codec#encode}.
 */
public final class WriteBuffer {

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    /**
     * Arrays at least this large, put while the pipe writes a request that awaits a reply, go to
     * the socket straight from the caller's array instead of being copied in: a 256 MiB value
     * costs no second 256 MiB. A codec sizing its {@link #ensure} up front should leave them out.
     */
    public static final int DIRECT_MIN = 64 * 1024;

    /** Writes bytes straight to the socket, after what is buffered; armed by the lane. */
    interface Direct {
        void write(byte[] bytes, int offset, int length);
    }
    private static final byte[] NOTHING = {};
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;
    /** While set (by the lane, for a streamed batch): called when a put would pass {@link #spillLimit}. */
    private Runnable spill;
    private int spillLimit;
    private boolean spilled;
    private Direct direct;
    private boolean directWritten;

    /**
     * A buffer of its own, for testing a codec ({@link #toByteArray()} shows what it wrote); the
     * pipe gives codecs the one it writes from.
     */
    public WriteBuffer(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("negative capacity " + initialCapacity);
        }
        bytes = new byte[initialCapacity];
    }

    /** Empties the buffer and keeps its array: for a codec's own tests and benchmarks. */
    public void reset() {
        size = 0;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Appends one byte. */
    public WriteBuffer put(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    /** Appends all of {@code src}. */
    public WriteBuffer put(byte[] src) {
        return put(src, 0, src.length);
    }

    /**
     * Appends {@code src[offset, offset + length)}. When the pipe is writing a request that awaits
     * a reply and {@code length} is at least {@link #DIRECT_MIN}, what is buffered and then
     * {@code src} are written to the socket at once, from {@code src} itself.
     */
    public WriteBuffer put(byte[] src, int offset, int length) {
        if (direct != null && length >= DIRECT_MIN) {
            java.util.Objects.checkFromIndexSize(offset, length, src.length);
            directWritten = true;
            direct.write(src, offset, length); // writes bytes [0, size) first and empties the buffer
            return this;
        }
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
        return this;
    }

    /**
     * Appends {@code text} as ASCII, one byte per char; a char above 127 is refused, since the
     * caller meant another encoding. For protocol keywords and numbers.
     *
     * @throws IllegalArgumentException for a non-ASCII char
     */
    public WriteBuffer putAscii(CharSequence text) {
        int n = text.length();
        if (direct != null && n >= DIRECT_MIN) {
            return putAsciiInSlices(text);
        }
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > 127) {
                throw new IllegalArgumentException("not ASCII at index " + i + ": " + text);
            }
            bytes[size + i] = (byte) c;
        }
        size += n;
        return this;
    }

    /**
     * Large text while the pipe writes directly: encoded a slice at a time and written out, so
     * the buffer never holds more than a slice of it (a character refused midway leaves part of
     * the request written, which tears the connection down).
     */
    private WriteBuffer putAsciiInSlices(CharSequence text) {
        int n = text.length();
        for (int from = 0; from < n; ) {
            int len = Math.min(DIRECT_MIN, n - from);
            ensure(len);
            for (int i = 0; i < len; i++) {
                char c = text.charAt(from + i);
                if (c > 127) {
                    throw new IllegalArgumentException("not ASCII at index " + (from + i));
                }
                bytes[size + i] = (byte) c;
            }
            size += len;
            from += len;
            directWritten = true;
            direct.write(NOTHING, 0, 0); // writes what is buffered and empties the buffer
        }
        return this;
    }

    /** Appends {@code text} in UTF-8. */
    public WriteBuffer putUtf8(String text) {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends {@code value} in decimal ASCII digits, without allocating. */
    public WriteBuffer putDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            return putAscii("-9223372036854775808");
        }
        if (value < 0) {
            put((byte) '-');
            value = -value;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = DIGITS[(int) (value % 10)];
            value /= 10;
        }
        size += digits;
        return this;
    }

    /** Makes room for {@code more} bytes at once, so a codec can check capacity once per request. */
    public void ensure(int more) {
        if (more < 0) {
            throw new IllegalArgumentException("negative size " + more);
        }
        if (spill != null && size > 0 && (long) size + more > spillLimit) {
            spilled = true;
            spill.run(); // writes bytes [0, size) out and empties the buffer
        }
        long needed = (long) size + more;
        if (needed > bytes.length) {
            if (needed > MAX_ARRAY) {
                throw new IllegalArgumentException("a write of " + needed + " bytes does not fit in one array");
            }
            long grown = Math.max(needed, Math.min(MAX_ARRAY, Math.max(64L, (long) bytes.length * 2)));
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    /**
     * Arms (a non-null {@code spill}) or disarms the spilling of a streamed batch: while armed, a
     * put that would take the buffer past {@code limit} bytes first has {@code spill} write out
     * and drop what is there. Returns whether anything was spilled since it was last armed.
     */
    boolean spillAt(int limit, Runnable spill) {
        boolean was = spilled;
        this.spill = spill;
        this.spillLimit = limit;
        this.spilled = false;
        return was;
    }

    /**
     * Arms (non-null) or disarms the direct writing of large arrays; returns whether anything was
     * written directly since it was last armed.
     */
    boolean directTo(Direct sink) {
        boolean was = directWritten;
        this.direct = sink;
        this.directWritten = false;
        return was;
    }

    /** Drops the bytes from {@code mark} on: what a request that failed to encode left behind. */
    void truncate(int mark) {
        size = mark;
    }

    /** Empties the buffer; an array larger than {@code retain} bytes is replaced by a small one. */
    void clear(int retain) {
        size = 0;
        if (bytes.length > retain) {
            bytes = new byte[retain];
        }
    }
}
