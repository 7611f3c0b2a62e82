package dev.tether.redis.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Number parsing straight from wire bytes, for the decoder: integers, doubles, big numbers and
 * the length prefixes of bulk strings and aggregates, with the byte descriptions their errors use.
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

    /**
     * Parses a RESP3 big number: {@code [+-]digits}.
     *
     * @param base stream offset of {@code a[from]}, for error messages
     */
    static BigInteger parseBigNumber(byte[] a, int from, int to, long base) {
        int i = from;
        if (i < to && (a[i] == '-' || a[i] == '+')) {
            i++;
        }
        if (i == to) {
            throw new RespProtocolException("big number without digits", base);
        }
        for (; i < to; i++) {
            if (a[i] < '0' || a[i] > '9') {
                throw new RespProtocolException("non-digit " + describe(a[i]) + " in big number", base + (i - from));
            }
        }
        return new BigInteger(new String(a, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * Lengths of bulk strings and aggregates: -1 (null) or plain digits; anything above
     * {@link Integer#MAX_VALUE} is reported as such.
     *
     * @param type the type byte the length follows, for error messages
     * @param base stream offset of {@code a[from]}, for error messages
     */
    static long parseLength(byte[] a, int from, int to, byte type, long base) {
        if (to - from == 2 && a[from] == '-' && a[from + 1] == '1') {
            return -1;
        }
        if (from == to) {
            throw new RespProtocolException("empty length after type byte " + describe(type), base);
        }
        if (a[from] == '-') {
            throw new RespProtocolException("negative length '" + ascii(a, from, to) + "' (only -1 is allowed)",
                    base);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) {
                throw new RespProtocolException("non-digit " + describe(a[i]) + " in length", base + (i - from));
            }
            v = v * 10 + d;
            if (v > Integer.MAX_VALUE) {
                throw new RespProtocolException("length '" + ascii(a, from, to) + "' is too large", base);
            }
        }
        return v;
    }

    /** A byte for an error message: the character and its hex code, or the hex code alone. */
    static String describe(byte b) {
        int c = b & 0xFF;
        String hex = String.format("0x%02x", c);
        return c >= 0x20 && c < 0x7F ? "'" + (char) c + "' (" + hex + ")" : hex;
    }

    /** Up to 40 bytes of a line for an error message. */
    static String ascii(byte[] a, int from, int to) {
        String s = new String(a, from, Math.min(to - from, 40), StandardCharsets.ISO_8859_1);
        return to - from > 40 ? s + "..." : s;
    }
}
