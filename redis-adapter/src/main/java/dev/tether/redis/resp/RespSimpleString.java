package dev.tether.redis.resp;

import java.util.Objects;

/**
 * A RESP simple string ({@code +OK\r\n}).
 *
 * <p>Simple strings are line-framed, so a carriage return or line feed inside one would end
 * the frame early and desynchronise the stream; the constructor rejects them so that an
 * unencodable value can never be built in the first place.
 *
 * <p>The overwhelmingly common replies are kept as shared instances ({@link #OK},
 * {@link #QUEUED}, {@link #PONG}); the decoder returns these so that a pipeline of
 * {@code SET}s allocates nothing per reply.
 *
 * @param value the text, without the leading {@code +} or trailing CRLF
 */
public record RespSimpleString(String value) implements RespValue {

    /** The reply to most write commands; shared so decoding it allocates nothing. */
    public static final RespSimpleString OK = new RespSimpleString("OK");
    /** The reply to every command queued inside {@code MULTI}. */
    public static final RespSimpleString QUEUED = new RespSimpleString("QUEUED");
    /** The reply to {@code PING}, used by health checks on every connection. */
    public static final RespSimpleString PONG = new RespSimpleString("PONG");

    /** Rejects null and CR/LF, which would break the line framing. */
    public RespSimpleString {
        Objects.requireNonNull(value, "value");
        RespText.requireSingleLine(value, "simple string");
    }

    /**
     * Returns the shared instance for {@code OK}, {@code QUEUED} or {@code PONG}, otherwise a
     * new value; use it instead of the constructor where identity-based fast checks matter.
     *
     * @param value the text
     * @return a simple string with that text
     */
    public static RespSimpleString of(String value) {
        return switch (value) {
            case "OK" -> OK;
            case "QUEUED" -> QUEUED;
            case "PONG" -> PONG;
            default -> new RespSimpleString(value);
        };
    }

    @Override
    public String toString() {
        return "+" + RespText.truncate(value);
    }
}
