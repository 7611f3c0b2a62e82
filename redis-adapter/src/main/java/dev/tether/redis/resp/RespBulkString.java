package dev.tether.redis.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A RESP bulk string ({@code $5\r\nhello\r\n}): binary-safe bytes, the workhorse of Redis
 * replies ({@code GET}, {@code HGET}, {@code LRANGE} elements ...).
 *
 * <p>The payload is a {@code byte[]} because Redis values are binary; decoding to
 * {@code String} is left to {@link #asString()} so callers that store images or serialized
 * objects never pay for charset conversion.
 *
 * <p><b>Ownership:</b> the array is neither copied on construction nor on access. Copying
 * would double the memory traffic of every large {@code GET}; instead, treat the array as
 * immutable once it is inside a value. Equality, hash code and {@code toString} are by
 * content (the record defaults would compare array identity and print an address).
 *
 * @param bytes the payload, never null; not copied
 */
public record RespBulkString(byte[] bytes) implements RespValue {

    /** The empty bulk string {@code $0\r\n\r\n}, shared because it carries no data. */
    public static final RespBulkString EMPTY = new RespBulkString(new byte[0]);

    /** Rejects null: the null bulk string is {@link RespNull#INSTANCE}, not a null payload. */
    public RespBulkString {
        Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * Creates a bulk string holding the UTF-8 encoding of {@code text}.
     *
     * @param text the text
     * @return the bulk string
     */
    public static RespBulkString of(String text) {
        return new RespBulkString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes the payload as UTF-8, the encoding Redis clients conventionally use for text.
     * Malformed sequences become U+FFFD rather than failing, because a reply is data the
     * caller asked for and should not turn into an exception.
     *
     * @return the payload as text
     */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The payload length in bytes.
     *
     * @return the number of payload bytes
     */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof RespBulkString other && Arrays.equals(bytes, other.bytes));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "$" + RespText.truncate(bytes);
    }
}
