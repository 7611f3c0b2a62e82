package dev.tether.redis.resp;

import java.util.List;

/**
 * Shared helpers for the values' {@code toString} and validation.
 *
 * <p>{@code toString} output is truncated because replies can be hundreds of megabytes and a
 * value ending up in a log line or an assertion message must not dump all of it.
 */
final class RespText {

    /** Characters (or bytes) of text shown before eliding. */
    static final int MAX_TEXT = 64;
    /** Aggregate elements shown before eliding. */
    static final int MAX_ELEMENTS = 16;
    /** Total characters after which an aggregate stops rendering further elements. */
    static final int MAX_CHARS = 512;

    private RespText() {
    }

    static void requireSingleLine(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException(what + " must not contain CR or LF (index " + i + ")");
            }
        }
    }

    static String truncate(String s) {
        if (s.length() <= MAX_TEXT) {
            return s;
        }
        return s.substring(0, MAX_TEXT) + "...(" + s.length() + " chars)";
    }

    /** Printable ASCII shown as-is, everything else as {@code \xNN}, so binary stays readable. */
    static String truncate(byte[] bytes) {
        int shown = Math.min(bytes.length, MAX_TEXT);
        StringBuilder sb = new StringBuilder(shown + 24).append('"');
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        sb.append('"');
        if (bytes.length > shown) {
            sb.append("...(").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }

    /**
     * Renders an aggregate with a global character budget: per-level element caps alone
     * would still blow up exponentially for nested aggregates (16 elements of 16 elements ...).
     */
    static String aggregate(String prefix, List<?> elements) {
        StringBuilder sb = new StringBuilder();
        appendAggregate(sb, prefix, elements);
        return sb.toString();
    }

    /** Renders any value (aggregates within the shared budget). */
    static String describe(Object value) {
        StringBuilder sb = new StringBuilder();
        appendValue(sb, value);
        return sb.toString();
    }

    private static void appendAggregate(StringBuilder sb, String prefix, List<?> elements) {
        sb.append(prefix).append('[');
        int n = elements.size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (i >= MAX_ELEMENTS || sb.length() >= MAX_CHARS) {
                sb.append("...(").append(n).append(" elements)");
                break;
            }
            appendValue(sb, elements.get(i));
        }
        sb.append(']');
    }

    private static void appendValue(StringBuilder sb, Object v) {
        switch (v) {
            case RespArray a -> appendAggregate(sb, "*", a.elements());
            case RespSet s -> appendAggregate(sb, "~", s.elements());
            case RespPush p -> appendAggregate(sb, ">", p.elements());
            case RespMap m -> appendAggregate(sb, "%", m.entries());
            case RespMap.Entry e -> {
                appendValue(sb, e.key());
                sb.append('=');
                appendValue(sb, e.value());
            }
            case Attributed at -> {
                appendAggregate(sb, "|", at.attributes().entries());
                sb.append(' ');
                appendValue(sb, at.value());
            }
            default -> sb.append(v);
        }
    }

    /** The RESP3 spelling of a double: {@code inf}, {@code -inf}, {@code nan}, else Java's shortest form. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return Double.toString(d);
    }
}
