package dev.tether.redis.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes RESP into a {@link RespOutput}: client commands (arrays of bulk strings) and, for
 * test servers and round-trip tests, any {@link RespValue}.
 *
 * <p>Encoding a command is on the hot path of every request, so it is built to allocate
 * nothing: the length prefixes of small arrays and bulk strings ({@code *3\r\n},
 * {@code $5\r\n}, lengths below {@value #CACHED_HEADERS}) are precomputed once per JVM,
 * larger ones are written digit by digit into the output, and {@code String} arguments are
 * UTF-8 encoded straight into the output array. The exact size is computed first so the
 * output grows at most once per command.
 *
 * <p>Pure and not thread-safe: one encoder (and its output) belongs to one connection.
 */
public final class RespEncoder {

    /** Lengths below this have their {@code $n\r\n} / {@code *n\r\n} prefix precomputed. */
    public static final int CACHED_HEADERS = 1024;

    private static final byte[][] BULK_HEADERS = headers('$');
    private static final byte[][] ARRAY_HEADERS = headers('*');

    private final RespOutput out;

    /** Creates an encoder with a fresh output. */
    public RespEncoder() {
        this(new RespOutput());
    }

    /**
     * Creates an encoder appending to {@code out}.
     *
     * @param out the output to append to
     */
    public RespEncoder(RespOutput out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    private static byte[][] headers(char prefix) {
        byte[][] table = new byte[CACHED_HEADERS][];
        for (int i = 0; i < CACHED_HEADERS; i++) {
            table[i] = (prefix + Integer.toString(i) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        return table;
    }

    /**
     * The output this encoder appends to.
     *
     * @return the output
     */
    public RespOutput output() {
        return out;
    }

    /**
     * Appends a command: an array of bulk strings, the only request form Redis parses
     * binary-safely.
     *
     * @param args command name and arguments, at least one; arrays are not retained
     */
    public void writeCommand(byte[]... args) {
        out.ensureCapacity(commandSize(args));
        writeArrayHeader(args.length);
        for (byte[] arg : args) {
            writeBulkString(arg);
        }
    }

    /**
     * Appends a command given as a list of arguments.
     *
     * @param args command name and arguments, at least one
     */
    public void writeCommand(List<byte[]> args) {
        out.ensureCapacity(commandSize(args));
        writeArrayHeader(args.size());
        for (byte[] arg : args) {
            writeBulkString(arg);
        }
    }

    /**
     * Appends a command whose arguments are text, each encoded as UTF-8 (as
     * {@link String#getBytes(java.nio.charset.Charset)} would, without its allocation).
     *
     * @param args command name and arguments, at least one
     */
    public void writeCommand(String... args) {
        out.ensureCapacity(commandSize(args));
        writeArrayHeader(args.length);
        for (String arg : args) {
            writeBulkString(arg);
        }
    }

    /**
     * Appends {@code *count\r\n}; with the {@code writeBulkString} methods this lets a command
     * builder stream arguments (including numbers) without first collecting a {@code byte[][]}.
     *
     * @param count number of elements that will follow
     */
    public void writeArrayHeader(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative array length: " + count);
        }
        if (count < CACHED_HEADERS) {
            out.write(ARRAY_HEADERS[count]);
        } else {
            writeHeader('*', count);
        }
    }

    /**
     * Appends {@code bytes} as a bulk string.
     *
     * @param bytes the payload
     */
    public void writeBulkString(byte[] bytes) {
        writeBulkString(bytes, 0, bytes.length);
    }

    /**
     * Appends a slice of {@code bytes} as a bulk string.
     *
     * @param bytes the source array
     * @param off   start index
     * @param len   payload length
     */
    public void writeBulkString(byte[] bytes, int off, int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        writeBulkHeader(len);
        out.write(bytes, off, len);
        out.writeCrlf();
    }

    /**
     * Appends {@code text} as a UTF-8 bulk string.
     *
     * @param text the payload
     */
    public void writeBulkString(String text) {
        writeBulkHeader(RespOutput.utf8Length(text));
        out.writeUtf8(text);
        out.writeCrlf();
    }

    /**
     * Appends the decimal form of {@code value} as a bulk string, the way Redis expects
     * numeric arguments ({@code EX 10}, {@code INCRBY k 5}), without creating a string.
     *
     * @param value the number
     */
    public void writeBulkString(long value) {
        writeBulkHeader(RespOutput.decimalLength(value));
        out.writeDecimal(value);
        out.writeCrlf();
    }

    private void writeBulkHeader(int len) {
        if (len < CACHED_HEADERS) {
            out.write(BULK_HEADERS[len]);
        } else {
            writeHeader('$', len);
        }
    }

    private void writeHeader(char prefix, long n) {
        out.writeByte(prefix);
        out.writeDecimal(n);
        out.writeCrlf();
    }

    /**
     * Exact encoded size of {@link #writeCommand(byte[]...)} for these arguments, e.g. to
     * decide whether a command still fits the current write batch.
     *
     * @param args command name and arguments, at least one
     * @return size in bytes
     */
    public static long commandSize(byte[]... args) {
        requireArgs(args.length);
        long size = headerSize(args.length);
        for (byte[] arg : args) {
            size += bulkSize(arg.length);
        }
        return size;
    }

    /**
     * Exact encoded size of {@link #writeCommand(List)}.
     *
     * @param args command name and arguments, at least one
     * @return size in bytes
     */
    public static long commandSize(List<byte[]> args) {
        requireArgs(args.size());
        long size = headerSize(args.size());
        for (byte[] arg : args) {
            size += bulkSize(arg.length);
        }
        return size;
    }

    /**
     * Exact encoded size of {@link #writeCommand(String...)}.
     *
     * @param args command name and arguments, at least one
     * @return size in bytes
     */
    public static long commandSize(String... args) {
        requireArgs(args.length);
        long size = headerSize(args.length);
        for (String arg : args) {
            size += bulkSize(RespOutput.utf8Length(arg));
        }
        return size;
    }

    /** An empty array is not a command; Redis would silently ignore it and the reply queue would skew. */
    private static void requireArgs(int count) {
        if (count == 0) {
            throw new IllegalArgumentException("a command needs at least a name");
        }
    }

    /** Size of {@code Xn\r\n} for a one-byte type prefix. */
    static long headerSize(long n) {
        return 1L + RespOutput.decimalLength(n) + 2;
    }

    static long bulkSize(long payload) {
        return headerSize(payload) + payload + 2;
    }

    /**
     * Appends the RESP3 encoding of {@code value}, as a server would send it; nulls use the
     * RESP3 {@code _} form (see {@link #writeResp2NullBulkString()} for RESP2 peers).
     *
     * @param value the value
     */
    public void encode(RespValue value) {
        RespValueWriter.write(this, out, value);
    }

    /**
     * Encodes {@code value} into a new array; a convenience for tests and test servers.
     *
     * @param value the value
     * @return its encoding
     */
    public static byte[] encodeToBytes(RespValue value) {
        RespEncoder encoder = new RespEncoder(new RespOutput((int) Math.min(encodedSize(value), 1 << 20)));
        encoder.encode(value);
        return encoder.out.toByteArray();
    }

    /**
     * Exact size of {@link #encode(RespValue)} for {@code value}.
     *
     * @param value the value
     * @return size in bytes
     */
    public static long encodedSize(RespValue value) {
        return RespValueWriter.size(value);
    }

    /** Appends the RESP2 null bulk string {@code $-1\r\n}, for test servers speaking RESP2. */
    public void writeResp2NullBulkString() {
        writeHeader('$', -1);
    }

    /** Appends the RESP2 null array {@code *-1\r\n}, for test servers speaking RESP2. */
    public void writeResp2NullArray() {
        writeHeader('*', -1);
    }

    /** Writes a type prefix with a length, using the caches where they apply. */
    void writeLengthHeader(char prefix, int n) {
        if (prefix == '$') {
            writeBulkHeader(n);
        } else if (prefix == '*') {
            writeArrayHeader(n);
        } else {
            writeHeader(prefix, n);
        }
    }
}
