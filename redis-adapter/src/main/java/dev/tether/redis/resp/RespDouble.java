package dev.tether.redis.resp;

/**
 * A RESP3 double ({@code ,3.14\r\n}, {@code ,inf\r\n}, {@code ,-inf\r\n}, {@code ,nan\r\n}).
 *
 * <p>A primitive {@code double} is used rather than {@link java.math.BigDecimal} because Redis
 * itself computes in IEEE-754 doubles (sorted-set scores, {@code INCRBYFLOAT}), so nothing
 * finer can arrive. Record equality compares like {@link Double#compare}, so {@code NaN}
 * equals {@code NaN} and a decoded value equals the value it was encoded from.
 *
 * @param value the number, possibly infinite or NaN
 */
public record RespDouble(double value) implements RespValue {

    @Override
    public String toString() {
        return "," + RespText.formatDouble(value);
    }
}
