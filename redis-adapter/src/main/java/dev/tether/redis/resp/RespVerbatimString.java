package dev.tether.redis.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A RESP3 verbatim string ({@code =15\r\ntxt:Some string\r\n}): text plus a three-character
 * format hint such as {@code txt} or {@code mkd}, meant for output shown to humans
 * ({@code INFO}, {@code LATENCY DOCTOR}, {@code CLIENT INFO}).
 *
 * <p>The format is validated as three printable, non-space ASCII characters because the wire
 * form reserves exactly three bytes for it followed by {@code ':'}; anything else could not
 * be encoded. The payload follows the same sharing and content-equality rules as
 * {@link RespBulkString}.
 *
 * @param format  the three-character format, e.g. {@code "txt"}
 * @param payload the text bytes after {@code "fmt:"}; not copied
 */
public record RespVerbatimString(String format, byte[] payload) implements RespValue {

    /** Enforces what the wire form can carry: a 3-byte ASCII format. */
    public RespVerbatimString {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(payload, "payload");
        if (format.length() != 3) {
            throw new IllegalArgumentException("verbatim format must be 3 characters: " + format);
        }
        for (int i = 0; i < 3; i++) {
            if (!isFormatChar(format.charAt(i))) {
                throw new IllegalArgumentException("verbatim format must be printable ASCII: " + format);
            }
        }
    }

    /**
     * Creates a verbatim string holding the UTF-8 encoding of {@code text}.
     *
     * @param format the three-character format
     * @param text   the text
     * @return the verbatim string
     */
    public static RespVerbatimString of(String format, String text) {
        return new RespVerbatimString(format, text.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isFormatChar(int c) {
        return c > ' ' && c < 0x7F;
    }

    /**
     * Decodes the payload as UTF-8 (malformed sequences become U+FFFD).
     *
     * @return the payload as text, without the format prefix
     */
    public String asString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof RespVerbatimString other
                && format.equals(other.format) && Arrays.equals(payload, other.payload));
    }

    @Override
    public int hashCode() {
        return 31 * format.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "=" + format + ":" + RespText.truncate(payload);
    }
}
