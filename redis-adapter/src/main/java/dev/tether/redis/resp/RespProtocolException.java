package dev.tether.redis.resp;

/**
 * The byte stream is not valid RESP, or it declares something beyond the configured
 * {@link RespLimits}.
 *
 * <p>It is unchecked because there is nothing a caller can do to recover the stream: once a
 * frame boundary is lost, every later byte is misinterpreted. The only sane reaction is to
 * close the connection (failing its pending requests) and reconnect, which the connection
 * layer does for any exception from the decoder. The {@link RespDecoder} that threw stays
 * failed for the same reason.
 *
 * <p>{@link #offset()} is the position in the whole stream (counted from the decoder's first
 * byte), so that a captured traffic dump can be matched against the message.
 */
public final class RespProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Stream offset of the offending byte, or -1. */
    private final long offset;

    /**
     * Creates the exception; the offset is appended to the message.
     *
     * @param message what was wrong
     * @param offset  the stream offset of the offending byte, or -1 if not tied to one
     */
    public RespProtocolException(String message, long offset) {
        this(message, offset, null);
    }

    /**
     * Creates the exception with a cause; the offset is appended to the message.
     *
     * @param message what was wrong
     * @param offset  the stream offset of the offending byte, or -1 if not tied to one
     * @param cause   the underlying failure, if any
     */
    public RespProtocolException(String message, long offset, Throwable cause) {
        super(offset >= 0 ? message + " (at byte offset " + offset + ")" : message, cause);
        this.offset = offset;
    }

    /**
     * The stream offset of the offending byte.
     *
     * @return the zero-based offset, or -1 if the problem is not tied to one byte
     */
    public long offset() {
        return offset;
    }
}
