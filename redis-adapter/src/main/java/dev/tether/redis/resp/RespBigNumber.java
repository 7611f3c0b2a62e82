package dev.tether.redis.resp;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A RESP3 big number ({@code (3492890328409238509324850943850943825024385\r\n}).
 *
 * <p>Kept as {@link BigInteger} rather than narrowed to {@code long} because the whole point
 * of the type is that the server may send values that do not fit 64 bits; silently
 * truncating them would be worse than making the caller convert.
 *
 * @param value the integer value
 */
public record RespBigNumber(BigInteger value) implements RespValue {

    /** Rejects null; a big number always has a value. */
    public RespBigNumber {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "(" + RespText.truncate(value.toString());
    }
}
