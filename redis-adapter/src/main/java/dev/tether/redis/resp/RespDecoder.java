package dev.tether.redis.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental RESP2/RESP3 decoder: feed it whatever bytes the socket produced, get back
 * complete top-level values.
 *
 * <p><b>Why incremental and resumable.</b> Replies arrive in arbitrary fragments. A decoder
 * that re-parses from the start of a value whenever it runs out of bytes turns a 10 MB reply
 * read in 4 KB chunks into gigabytes of scanning. This one keeps everything it has learnt
 * across calls: an explicit stack of half-built aggregates (not recursion, so depth is bounded
 * by {@link RespLimits#maxNestingDepth()} rather than the thread stack), the half-read line,
 * and the half-filled bulk payload. No byte is parsed twice, so total work is
 * O(bytes received).
 *
 * <p><b>Consumption contract.</b> {@link #next(ByteBuffer)} advances the buffer's position over
 * everything it used. When it returns {@code null} it has consumed <em>all</em> remaining
 * bytes (they are held in the decoder's state), so the caller can clear or compact the buffer
 * and read more; it never needs a buffer large enough for a whole reply. When it returns a
 * value, the position stops right after that value and later values may still be in the
 * buffer: call again until {@code null}.
 *
 * <p><b>Failure.</b> Malformed input, or input beyond the {@link RespLimits}, throws
 * {@link RespProtocolException} and nothing else; lengths are checked before anything is
 * allocated and large payloads grow as bytes actually arrive, so a lying length prefix
 * cannot exhaust memory. After a failure the stream position is lost, so the decoder stays
 * failed and every later call throws.
 *
 * <p>Not thread-safe: one decoder belongs to one connection's read loop. It does no I/O,
 * starts no threads and logs nothing.
 *
 * <p>The class is longer than the rest of the package because line scanning, bulk filling and
 * header validation share the input window and stream offset; splitting them would scatter
 * that mutable state across classes. The independent parts live elsewhere: the aggregate
 * stack in {@code AggregateStack}, number parsing in {@code RespNumbers}.
 */
public final class RespDecoder {

    private static final int S_TYPE = 0;
    private static final int S_LINE = 1;
    private static final int S_BULK = 2;

    /**
     * Bulk payloads up to this size are allocated in full as soon as the header arrives; larger
     * ones start at this size (or what is already buffered) and grow as bytes arrive, so a
     * forged length costs at most this much memory beyond the bytes actually received.
     */
    private static final int EAGER_BULK_ALLOCATION = 1 << 20;
    /** Same idea for aggregates: initial element slots before growth driven by arrival. */
    private static final int EAGER_AGGREGATE_SLOTS = 1024;
    /** Copy window for buffers without an accessible array (direct or read-only). */
    private static final int SCRATCH_SIZE = 16 * 1024;
    private static final byte[] EMPTY_BYTES = new byte[0];
    private static final boolean[] TYPE_BYTES = new boolean[256];

    static {
        for (char c : "+-:$*_,#(!=%~>|".toCharArray()) {
            TYPE_BYTES[c] = true;
        }
    }

    private final RespLimits limits;

    // Input window of the current call; buf is dropped afterwards so the caller's array is not retained.
    private byte[] buf;
    private int pos;
    private int limit;
    private int windowStart;
    /** Stream offset of buf[windowStart]; advanced by what each call consumed. */
    private long streamOffset;

    private int state = S_TYPE;
    /** Type byte of the value whose line or payload is being read. */
    private byte type;
    private long typeOffset;

    // Line state: content that spans calls is accumulated in lineBuf; pendingCR = window ended on '\r'.
    private byte[] lineBuf = new byte[64];
    private int lineLen;
    private boolean pendingCR;
    // Where the completed line lives (the caller's window when it arrived whole, else lineBuf).
    private byte[] lineArr;
    private int lineFrom;
    private int lineTo;

    // Bulk state.
    private byte[] bulk;
    private int bulkLen;
    private int bulkFilled;
    private int bulkCrlf;
    private long bulkOffset;

    private final AggregateStack stack;

    private RespProtocolException failure;
    private byte[] scratch;

    /** Creates a decoder with {@link RespLimits#DEFAULT}. */
    public RespDecoder() {
        this(RespLimits.DEFAULT);
    }

    /**
     * Creates a decoder enforcing the given limits.
     *
     * @param limits the bounds to enforce
     */
    public RespDecoder(RespLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.stack = new AggregateStack(limits.maxNestingDepth());
    }

    /**
     * Decodes exactly one value from a complete byte array; a convenience for tests and test
     * servers, not for the network path.
     *
     * @param bytes the encoding of one value
     * @return the value
     * @throws RespProtocolException if the bytes are malformed, incomplete, or followed by more bytes
     */
    public static RespValue decodeOne(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        RespValue value = new RespDecoder().next(in);
        if (value == null) {
            throw new RespProtocolException("input ends before the value is complete", bytes.length);
        }
        if (in.hasRemaining()) {
            throw new RespProtocolException("trailing bytes after the value", in.position());
        }
        return value;
    }

    /**
     * The limits this decoder enforces.
     *
     * @return the limits
     */
    public RespLimits limits() {
        return limits;
    }

    /**
     * Total bytes consumed since creation, i.e. the stream offset of the next byte to read.
     *
     * @return consumed byte count
     */
    public long bytesConsumed() {
        return streamOffset;
    }

    /**
     * Whether a value has been started but not finished. A connection closing while this is
     * true was cut off mid-reply (as opposed to idle), which matters for error reporting.
     *
     * @return {@code true} if partial state is held
     */
    public boolean isMidValue() {
        return state != S_TYPE || stack.depth() > 0;
    }

    /**
     * Consumes bytes from {@code in} and returns the next complete top-level value.
     *
     * @param in bytes from the stream, between position and limit; position is advanced over
     *           the consumed bytes
     * @return the value, or {@code null} if all remaining bytes were consumed and more are needed
     * @throws RespProtocolException if the input is malformed or exceeds the limits, or if this
     *                               decoder failed before
     */
    public RespValue next(ByteBuffer in) {
        if (failure != null) {
            throw new RespProtocolException("decoder is unusable after an earlier protocol error: "
                    + failure.getMessage(), -1, failure);
        }
        try {
            return in.hasArray() ? nextFromArray(in) : nextFromCopy(in);
        } catch (RespProtocolException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * A fast path for a client that wants text: if the next value is a bulk string that lies
     * whole in {@code in} (a heap buffer), returns its UTF-8 text and consumes it, with no
     * intermediate value; otherwise consumes nothing and returns null, and {@link #next} decodes
     * whatever it is (a null bulk string, an error, a partial value or malformed bytes included).
     *
     * @param in bytes from the stream, between position and limit
     * @return the text, or {@code null} when the fast path does not apply
     */
    public String nextBulkText(ByteBuffer in) {
        if (failure != null || isMidValue() || !in.hasArray()) {
            return null;
        }
        byte[] a = in.array();
        int p = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        if (end - p < 5 || a[p] != '$') {
            return null;
        }
        int i = p + 1;
        long len = 0;
        for (; i < end && a[i] >= '0' && a[i] <= '9'; i++) {
            len = len * 10 + (a[i] - '0');
            if (len > limits.maxBulkLength()) {
                return null; // the ordinary path reports it
            }
        }
        if (i == p + 1 || i + 1 >= end || a[i] != '\r' || a[i + 1] != '\n') {
            return null;
        }
        int start = i + 2;
        long stop = start + len;
        if (stop + 2 > end || a[(int) stop] != '\r' || a[(int) stop + 1] != '\n') {
            return null;
        }
        String text = new String(a, start, (int) len, java.nio.charset.StandardCharsets.UTF_8);
        int consumed = (int) stop + 2 - p;
        in.position(in.position() + consumed);
        streamOffset += consumed;
        return text;
    }

    private RespValue nextFromArray(ByteBuffer in) {
        int base = in.arrayOffset();
        try {
            return run(in.array(), base + in.position(), base + in.limit());
        } finally {
            in.position(pos - base);
            buf = null;
        }
    }

    /** Direct buffers: bulk payloads are copied straight into place, everything else via a scratch window. */
    private RespValue nextFromCopy(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (state == S_BULK && bulkFilled < bulkLen) {
                int n = Math.min(in.remaining(), bulkLen - bulkFilled);
                ensureBulkCapacity(bulkFilled + n);
                in.get(bulk, bulkFilled, n);
                bulkFilled += n;
                streamOffset += n;
                continue;
            }
            if (scratch == null) {
                scratch = new byte[SCRATCH_SIZE];
            }
            int start = in.position();
            int n = Math.min(in.remaining(), scratch.length);
            in.get(start, scratch, 0, n);
            RespValue value;
            try {
                value = run(scratch, 0, n);
            } finally {
                in.position(start + pos);
                buf = null;
            }
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private RespValue run(byte[] array, int from, int to) {
        buf = array;
        pos = from;
        limit = to;
        windowStart = from;
        try {
            return decode();
        } finally {
            streamOffset += pos - windowStart;
            windowStart = pos;
        }
    }

    /** The main loop: every iteration consumes at least one byte or returns, so it cannot spin. */
    private RespValue decode() {
        for (;;) {
            RespValue value;
            if (state == S_TYPE) {
                if (pos >= limit) {
                    return null;
                }
                value = startValue();
            } else if (state == S_LINE) {
                if (!scanLine()) {
                    return null;
                }
                value = onLine();
            } else {
                if (!fillBulk()) {
                    return null;
                }
                value = onBulk();
            }
            if (value != null) {
                value = stack.depth() == 0 ? value : stack.add(value);
                if (value != null) {
                    return value;
                }
            }
        }
    }

    private long offset(int index) {
        return streamOffset + (index - windowStart);
    }

    private RespValue startValue() {
        byte[] a = buf;
        int p = pos;
        byte t = a[p];
        // The single most common reply gets a branch of its own: no line scan, no lookup.
        if (t == '+' && limit - p >= 5 && a[p + 1] == 'O' && a[p + 2] == 'K' && a[p + 3] == '\r' && a[p + 4] == '\n') {
            pos = p + 5;
            return RespSimpleString.OK;
        }
        if (!TYPE_BYTES[t & 0xFF]) {
            throw new RespProtocolException("unknown RESP type byte " + RespNumbers.describe(t), offset(p));
        }
        type = t;
        typeOffset = offset(p);
        pos = p + 1;
        state = S_LINE;
        lineLen = 0;
        pendingCR = false;
        return null;
    }

    /**
     * Finds the CRLF ending the current line. Returns true with lineArr/lineFrom/lineTo set, or
     * false after buffering every available byte. Scans at most maxLineLength + 1 bytes, so
     * CRLF-free garbage is rejected without reading the rest of the window.
     */
    private boolean scanLine() {
        byte[] a = buf;
        int p = pos;
        int lim = limit;
        if (pendingCR) {
            if (p >= lim) {
                return false;
            }
            if (a[p] != '\n') {
                throw new RespProtocolException("expected LF after CR, got " + RespNumbers.describe(a[p]), offset(p));
            }
            pos = p + 1;
            pendingCR = false;
            setLine(lineBuf, 0, lineLen);
            return true;
        }
        int room = limits.maxLineLength() - lineLen;
        int scanEnd = lim - p > room ? p + room + 1 : lim;
        for (int i = p; i < scanEnd; i++) {
            byte b = a[i];
            if (b > '\r') {
                continue;
            }
            if (b == '\r') {
                if (i + 1 == lim) {
                    appendLine(a, p, i - p);
                    pendingCR = true;
                    pos = lim;
                    return false;
                }
                if (a[i + 1] != '\n') {
                    throw new RespProtocolException("expected LF after CR, got " + RespNumbers.describe(a[i + 1]), offset(i + 1));
                }
                if (lineLen == 0) {
                    setLine(a, p, i);
                } else {
                    appendLine(a, p, i - p);
                    setLine(lineBuf, 0, lineLen);
                }
                pos = i + 2;
                return true;
            }
            if (b == '\n') {
                throw new RespProtocolException("LF without preceding CR in a line", offset(i));
            }
        }
        if (lineLen + (lim - p) > limits.maxLineLength()) {
            throw new RespProtocolException("line longer than maxLineLength " + limits.maxLineLength()
                    + " without CRLF", typeOffset);
        }
        appendLine(a, p, lim - p);
        pos = lim;
        return false;
    }

    private void setLine(byte[] a, int from, int to) {
        lineArr = a;
        lineFrom = from;
        lineTo = to;
    }

    private void appendLine(byte[] a, int from, int n) {
        int needed = lineLen + n;
        if (needed > lineBuf.length) {
            lineBuf = Arrays.copyOf(lineBuf, Math.min(limits.maxLineLength(), Math.max(needed, lineBuf.length * 2)));
        }
        System.arraycopy(a, from, lineBuf, lineLen, n);
        lineLen = needed;
    }

    /** Stream offset of index i of the current line (the line starts right after the type byte). */
    private long lineOffset(int i) {
        return typeOffset + 1 + (i - lineFrom);
    }

    private RespValue onLine() {
        byte[] a = lineArr;
        int from = lineFrom;
        int to = lineTo;
        lineArr = null;
        state = S_TYPE;
        return switch (type) {
            case '+' -> simpleString(a, from, to);
            case '-' -> new RespError(new String(a, from, to - from, StandardCharsets.UTF_8), false);
            case ':' -> RespInteger.of(RespNumbers.parseLong(a, from, to, lineOffset(from)));
            case ',' -> new RespDouble(RespNumbers.parseDouble(a, from, to, lineOffset(from)));
            case '#' -> parseBoolean(a, from, to);
            case '(' -> new RespBigNumber(RespNumbers.parseBigNumber(a, from, to, lineOffset(from)));
            case '_' -> {
                if (to != from) {
                    throw new RespProtocolException("null must be followed directly by CRLF", lineOffset(from));
                }
                yield RespNull.INSTANCE;
            }
            case '$', '!', '=' -> bulkHeader(RespNumbers.parseLength(a, from, to, type, lineOffset(from)));
            default -> aggregateHeader(RespNumbers.parseLength(a, from, to, type, lineOffset(from)));
        };
    }

    private static RespValue simpleString(byte[] a, int from, int to) {
        int n = to - from;
        if (n == 6 && a[from] == 'Q' && a[from + 1] == 'U' && a[from + 2] == 'E' && a[from + 3] == 'U'
                && a[from + 4] == 'E' && a[from + 5] == 'D') {
            return RespSimpleString.QUEUED;
        }
        if (n == 4 && a[from] == 'P' && a[from + 1] == 'O' && a[from + 2] == 'N' && a[from + 3] == 'G') {
            return RespSimpleString.PONG;
        }
        if (n == 2 && a[from] == 'O' && a[from + 1] == 'K') {
            return RespSimpleString.OK;
        }
        return new RespSimpleString(new String(a, from, n, StandardCharsets.UTF_8));
    }

    private RespBoolean parseBoolean(byte[] a, int from, int to) {
        if (to - from == 1) {
            if (a[from] == 't') {
                return RespBoolean.TRUE;
            }
            if (a[from] == 'f') {
                return RespBoolean.FALSE;
            }
        }
        throw new RespProtocolException("invalid boolean '" + RespNumbers.ascii(a, from, to) + "' (expected t or f)",
                lineOffset(from));
    }

    private RespValue bulkHeader(long len) {
        if (len == -1) {
            if (type != '$') {
                throw new RespProtocolException("length -1 is only valid for $ and *, not " + RespNumbers.describe(type), typeOffset);
            }
            return RespNull.INSTANCE;
        }
        if (len > limits.maxBulkLength()) {
            throw new RespProtocolException("bulk length " + len + " exceeds maxBulkLength " + limits.maxBulkLength(),
                    typeOffset);
        }
        if (type == '=' && len < 4) {
            throw new RespProtocolException("verbatim string of length " + len + " cannot hold its 'fmt:' prefix",
                    typeOffset);
        }
        int n = (int) len;
        int available = limit - pos;
        bulk = n == 0 ? EMPTY_BYTES
                : new byte[n <= EAGER_BULK_ALLOCATION || n <= available ? n : Math.max(EAGER_BULK_ALLOCATION, available)];
        bulkLen = n;
        bulkFilled = 0;
        bulkCrlf = 0;
        bulkOffset = offset(pos);
        state = S_BULK;
        return null;
    }

    private void ensureBulkCapacity(int needed) {
        if (needed > bulk.length) {
            // Past the eager first part (bulkHeader), the length from the header (within
            // RespLimits) decides: one array of exactly that size, so a large value is never grown
            // by doubling, and the heap holds it about once, not twice.
            bulk = Arrays.copyOf(bulk, bulkLen);
        }
    }

    private boolean fillBulk() {
        int need = bulkLen - bulkFilled;
        if (need > 0) {
            int n = Math.min(need, limit - pos);
            if (n > 0) {
                ensureBulkCapacity(bulkFilled + n);
                System.arraycopy(buf, pos, bulk, bulkFilled, n);
                bulkFilled += n;
                pos += n;
            }
            if (bulkFilled < bulkLen) {
                return false;
            }
        }
        while (bulkCrlf < 2) {
            if (pos >= limit) {
                return false;
            }
            byte expected = bulkCrlf == 0 ? (byte) '\r' : (byte) '\n';
            if (buf[pos] != expected) {
                throw new RespProtocolException("payload of declared length " + bulkLen + " not followed by CRLF, got "
                        + RespNumbers.describe(buf[pos]), offset(pos));
            }
            pos++;
            bulkCrlf++;
        }
        return true;
    }

    private RespValue onBulk() {
        byte[] data = bulk;
        bulk = null;
        state = S_TYPE;
        if (type == '$') {
            return data.length == 0 ? RespBulkString.EMPTY : new RespBulkString(data);
        }
        if (type == '!') {
            return new RespError(new String(data, StandardCharsets.UTF_8), true);
        }
        for (int i = 0; i < 3; i++) {
            if (!RespVerbatimString.isFormatChar(data[i])) {
                throw new RespProtocolException("verbatim format byte " + RespNumbers.describe(data[i]) + " is not printable ASCII",
                        bulkOffset + i);
            }
        }
        if (data[3] != ':') {
            throw new RespProtocolException("verbatim string lacks ':' after its 3-byte format", bulkOffset + 3);
        }
        String format = new String(data, 0, 3, StandardCharsets.ISO_8859_1);
        return new RespVerbatimString(format, Arrays.copyOfRange(data, 4, data.length));
    }

    private RespValue aggregateHeader(long count) {
        if (count == -1) {
            if (type != '*') {
                throw new RespProtocolException("length -1 is only valid for $ and *, not " + RespNumbers.describe(type), typeOffset);
            }
            return RespNull.INSTANCE;
        }
        if (count > limits.maxAggregateLength()) {
            throw new RespProtocolException("aggregate length " + count + " exceeds maxAggregateLength "
                    + limits.maxAggregateLength(), typeOffset);
        }
        if (stack.depth() >= limits.maxNestingDepth()) {
            throw new RespProtocolException("aggregates nested deeper than maxNestingDepth " + limits.maxNestingDepth(),
                    typeOffset);
        }
        if (count == 0) {
            RespValue empty = AggregateStack.empty(type);
            if (empty != null) {
                return empty;
            }
        }
        // Each element needs at least 3 bytes, so what is buffered bounds what can be filled now.
        stack.push(type, (int) count, Math.max(EAGER_AGGREGATE_SLOTS, (limit - pos) / 3));
        return null;
    }
}
