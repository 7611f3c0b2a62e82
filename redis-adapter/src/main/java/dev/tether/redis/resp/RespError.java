package dev.tether.redis.resp;

import java.util.Objects;

/**
 * A RESP error reply: simple ({@code -ERR ...\r\n}) or RESP3 bulk ({@code !<len>\r\n...\r\n}).
 *
 * <p>Both framings map to this one type because what callers act on is the error code
 * ({@code WRONGTYPE}, {@code MOVED}, {@code NOSCRIPT} ...), not the framing. The framing is
 * still kept in {@link #bulk()} so that a value re-encodes byte-for-byte, which test servers
 * and the round-trip property tests depend on.
 *
 * @param message the full error text, including the leading code word
 * @param bulk    {@code true} for the length-prefixed {@code !} form, which may contain CR/LF
 */
public record RespError(String message, boolean bulk) implements RespValue {

    /** Simple errors are line-framed, so CR/LF would desynchronise the stream. */
    public RespError {
        Objects.requireNonNull(message, "message");
        if (!bulk) {
            RespText.requireSingleLine(message, "simple error");
        }
    }

    /**
     * Creates a simple ({@code -}) error, the form Redis uses for nearly all errors.
     *
     * @param message the error text, e.g. {@code "ERR unknown command"}
     * @return the error value
     */
    public static RespError of(String message) {
        return new RespError(message, false);
    }

    /**
     * The error code: the first space-delimited word, e.g. {@code WRONGTYPE} or {@code MOVED}.
     * Redis conventionally puts a machine-readable code there, so retry and redirect logic
     * can branch on it without parsing the human-readable rest.
     *
     * @return the first word of the message, or the whole message if it has no space
     */
    public String code() {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    @Override
    public String toString() {
        return (bulk ? "!" : "-") + RespText.truncate(message);
    }
}
