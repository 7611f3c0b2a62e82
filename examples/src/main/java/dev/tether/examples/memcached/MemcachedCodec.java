package dev.tether.examples.memcached;

import dev.tether.core.pipe.Codec;
import dev.tether.core.pipe.WriteBuffer;
import dev.tether.examples.memcached.MemcachedException.Reason;
import dev.tether.examples.memcached.MemcachedRequest.Counter;
import dev.tether.examples.memcached.MemcachedRequest.Delete;
import dev.tether.examples.memcached.MemcachedRequest.Get;
import dev.tether.examples.memcached.MemcachedRequest.Incr;
import dev.tether.examples.memcached.MemcachedRequest.Set;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The memcached text protocol: how each {@link MemcachedRequest} is written and how its reply is
 * read. Replies carry no request id, so the shape expected next is the head request's:
 * {@code VALUE <key> <flags> <bytes>\r\n<data>\r\nEND\r\n} or {@code END} for get,
 * {@code STORED}/{@code NOT_STORED} for set, {@code DELETED}/{@code NOT_FOUND} for delete, a
 * number or {@code NOT_FOUND} for incr, {@code VA <n>} and the number for a counter. An error line ({@code ERROR}, {@code CLIENT_ERROR ...},
 * {@code SERVER_ERROR ...}) is decoded as a {@link MemcachedException} that fails its request
 * alone. Anything else is a {@link ProtocolException}: the pipe drops the connection.
 *
 * <p>Decoding keeps no state: until a whole reply is in the buffer it returns {@code NEED_MORE}
 * and leaves the bytes for the next call, so the pipe's read buffer grows to hold the largest
 * value being read (up to the pipe's {@code maxFrameBytes}, 64 MiB by default; memcached's default
 * item limit is 1 MiB) and shrinks back once it is consumed. The pipe makes a codec per
 * connection, so a resumable decoder that copies a value out as it arrives would be safe too;
 * this one is simply shorter.
 */
public final class MemcachedCodec implements Codec<MemcachedRequest<?>> {

    private static final int MAX_LINE = 2048;
    private static final byte[] TRAILER = "\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A codec; it keeps no state, so one may serve any number of pipes. */
    public MemcachedCodec() {
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<MemcachedRequest<?>> requestType() {
        return (Class) MemcachedRequest.class;
    }

    @Override
    public void encode(MemcachedRequest<?> request, WriteBuffer out) {
        switch (request) {
            case Get g -> out.putAscii("get ").putUtf8(g.key());
            case Delete d -> out.putAscii("delete ").putUtf8(d.key());
            case Incr i -> out.putAscii("incr ").putUtf8(i.key()).put((byte) ' ').putDecimal(i.delta());
            case Counter c -> out.putAscii("ma ").putUtf8(c.key()).putAscii(" N0 J").putDecimal(c.initial())
                    .putAscii(" D").putDecimal(c.delta()).putAscii(" v");
            case Set s -> out.putAscii("set ").putUtf8(s.key()).put((byte) ' ')
                    .putDecimal(Integer.toUnsignedLong(s.flags())).put((byte) ' ').putDecimal(s.exptime())
                    .put((byte) ' ').putDecimal(s.value().length).putAscii("\r\n").put(s.value());
        }
        out.putAscii("\r\n");
    }

    @Override
    public Object decode(ByteBuffer in, MemcachedRequest<?> head) throws ProtocolException {
        if (head == null) {
            throw new ProtocolException("bytes from the server with no request waiting");
        }
        int start = in.position();
        String line = readLine(in);
        if (line == null) {
            return NEED_MORE;
        }
        if (line.equals("ERROR") || line.startsWith("ERROR ")) {
            return new MemcachedException(Reason.ERROR, "memcached: " + line, null);
        } else if (line.startsWith("CLIENT_ERROR ")) {
            return new MemcachedException(Reason.CLIENT_ERROR, "memcached: " + line, null);
        } else if (line.startsWith("SERVER_ERROR ")) {
            return new MemcachedException(Reason.SERVER_ERROR, "memcached: " + line, null);
        }
        return switch (head) {
            case Get g when line.equals("END") -> null;
            case Get g when line.startsWith("VALUE ") -> readValue(line, g.key(), in, start);
            case Set s when line.equals("STORED") -> Boolean.TRUE;
            case Set s when line.equals("NOT_STORED") -> Boolean.FALSE;
            case Delete d when line.equals("DELETED") -> Boolean.TRUE;
            case Delete d when line.equals("NOT_FOUND") -> Boolean.FALSE;
            case Incr i when line.equals("NOT_FOUND") -> null;
            case Incr i when !line.isEmpty() && line.chars().allMatch(c -> c >= '0' && c <= '9') -> parse(line);
            case Counter c when line.startsWith("VA ") -> readNumber(line, in, start);
            default -> throw new ProtocolException("unexpected reply to " + head + ": " + line);
        };
    }

    /** The next line without its CRLF, consumed; null if incomplete. Control bytes are garbage. */
    private static String readLine(ByteBuffer in) throws ProtocolException {
        int start = in.position();
        int end = Math.min(in.limit(), start + MAX_LINE);
        for (int i = start; i < end; i++) {
            byte b = in.get(i);
            if (b == '\r' && (i + 1 == in.limit() || in.get(i + 1) == '\n')) {
                if (i + 1 == in.limit()) {
                    return null; // the \n is still on its way
                }
                byte[] line = new byte[i - start];
                in.get(line).position(i + 2);
                return new String(line, StandardCharsets.UTF_8);
            } else if ((b >= 0 && b < ' ') || b == 0x7f) {
                throw new ProtocolException("a control byte 0x" + Integer.toHexString(b) + " in a reply line");
            }
        }
        if (end - start >= MAX_LINE) {
            throw new ProtocolException("a reply line longer than " + MAX_LINE + " bytes");
        }
        return null;
    }

    /**
     * After {@code VALUE <key> <flags> <bytes> [<cas>]}: the data, once it and {@code \r\nEND\r\n}
     * are all in the buffer; else NEED_MORE with the position back at {@code start}.
     */
    private static Object readValue(String line, String key, ByteBuffer in, int start) throws ProtocolException {
        String[] parts = line.split(" ");
        if ((parts.length != 4 && parts.length != 5) || !parts[1].equals(key)) {
            throw new ProtocolException("unexpected VALUE line for key " + key + ": " + line);
        }
        long bytes = parse(parts[3]);
        if (bytes > Integer.MAX_VALUE - TRAILER.length) {
            throw new ProtocolException("a value of " + bytes + " bytes: " + line);
        }
        if (in.remaining() < bytes + TRAILER.length) {
            in.position(start);
            return NEED_MORE;
        }
        byte[] value = new byte[(int) bytes];
        in.get(value);
        for (byte b : TRAILER) {
            if (in.get() != b) {
                throw new ProtocolException("a value of " + bytes + " bytes not followed by \\r\\nEND\\r\\n");
            }
        }
        return value;
    }

    /** After {@code VA <bytes>}: the number on the next line, or NEED_MORE with the position back at {@code start}. */
    private static Object readNumber(String header, ByteBuffer in, int start) throws ProtocolException {
        String digits = readLine(in);
        if (digits == null) {
            in.position(start);
            return NEED_MORE;
        }
        if (!header.equals("VA " + digits.length())) {
            throw new ProtocolException("a counter reply " + header + " followed by " + digits);
        }
        return parse(digits);
    }

    private static long parse(String digits) throws ProtocolException {
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw new ProtocolException("not an unsigned number: " + digits);
        }
    }
}
