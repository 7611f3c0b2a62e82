package dev.tether.redis.resp;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing straight from wire bytes, for the decoder.
 *
 * <p>Integers are parsed without creating a {@code String}: they are on the hot path (every
 * length prefix, every {@code INCR} reply). Doubles are rarer, so they are validated against
 * the RESP3 grammar here and then handed to {@link Double#parseDouble}, which alone guarantees
 * correctly rounded results; the validation matters because {@code parseDouble} also accepts
 * Java-only syntax ({@code "0x1p3"}, {@code "Infinity"}, {@code "1d"}, surrounding spaces)
 * that is not RESP and must be rejected as such.
 */
final class RespNumbers {

    private RespNumbers() {
    }

    /**
     * Parses {@code [+-]digits} as a signed 64-bit integer, accumulating negatively (like
     * {@link Long#parseLong}) so that {@link Long#MIN_VALUE} parses without overflow.
     *
     * @param base stream offset of {@code a[from]}, for error messages
     */
    static long parseLong(byte[] a, int from, int to, long base) {
        int i = from;
        boolean negative = false;
        if (i < to && (a[i] == '-' || a[i] == '+')) {
            negative = a[i] == '-';
            i++;
        }
        if (i == to) {
            throw new RespProtocolException("integer without digits", base);
        }
        long bound = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long boundDiv10 = bound / 10;
        long result = 0;
        for (; i < to; i++) {
            int digit = a[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new RespProtocolException("non-digit byte 0x" + Integer.toHexString(a[i] & 0xFF)
                        + " in integer", base + (i - from));
            }
            if (result < boundDiv10 || result * 10 < bound + digit) {
                throw new RespProtocolException("integer does not fit 64 bits", base);
            }
            result = result * 10 - digit;
        }
        return negative ? result : -result;
    }

    /**
     * Parses a RESP3 double: {@code inf}, {@code -inf}, {@code nan} (also with an explicit
     * sign, as some servers print one), or {@code [+-]digits[.digits][(e|E)[+-]digits]}.
     *
     * @param base stream offset of {@code a[from]}, for error messages
     */
    static double parseDouble(byte[] a, int from, int to, long base) {
        int i = from;
        boolean negative = false;
        if (i < to && (a[i] == '-' || a[i] == '+')) {
            negative = a[i] == '-';
            i++;
        }
        if (matches(a, i, to, "inf")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (matches(a, i, to, "nan")) {
            return Double.NaN;
        }
        int mantissaDigits = 0;
        while (i < to && isDigit(a[i])) {
            i++;
            mantissaDigits++;
        }
        if (i < to && a[i] == '.') {
            i++;
            while (i < to && isDigit(a[i])) {
                i++;
                mantissaDigits++;
            }
        }
        if (mantissaDigits == 0) {
            throw invalidDouble(a, from, to, base);
        }
        if (i < to && (a[i] == 'e' || a[i] == 'E')) {
            i++;
            if (i < to && (a[i] == '-' || a[i] == '+')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < to && isDigit(a[i])) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                throw invalidDouble(a, from, to, base);
            }
        }
        if (i != to) {
            throw invalidDouble(a, from, to, base);
        }
        try {
            return Double.parseDouble(new String(a, from, to - from, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            // Unreachable after the grammar check; kept so the decoder's exception contract holds regardless.
            throw new RespProtocolException("invalid double", base, e);
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean matches(byte[] a, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (a[from + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static RespProtocolException invalidDouble(byte[] a, int from, int to, long base) {
        int shown = Math.min(to - from, 40);
        return new RespProtocolException("invalid double '"
                + new String(a, from, shown, StandardCharsets.ISO_8859_1) + (to - from > shown ? "..." : "") + "'", base);
    }
}
