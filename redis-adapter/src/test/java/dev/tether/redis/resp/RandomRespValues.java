package dev.tether.redis.resp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates random values of every RESP type, with bounded depth and width. */
final class RandomRespValues {

    private final Random rnd;

    RandomRespValues(Random rnd) {
        this.rnd = rnd;
    }

    RespValue value(int depth) {
        int kinds = depth > 0 ? 16 : 10;
        return switch (rnd.nextInt(kinds)) {
            case 0 -> new RespSimpleString(text(false));
            case 1 -> rnd.nextBoolean()
                    ? RespError.of(word() + (rnd.nextBoolean() ? " " + text(false) : ""))
                    : new RespError(word() + " " + text(true), true);
            case 2 -> RespInteger.of(integer());
            case 3 -> new RespBulkString(binary());
            case 4 -> RespNull.INSTANCE;
            case 5 -> new RespDouble(doubleValue());
            case 6 -> RespBoolean.of(rnd.nextBoolean());
            case 7 -> new RespBigNumber(new BigInteger(rnd.nextInt(400) + 1, rnd).multiply(BigInteger.valueOf(rnd.nextBoolean() ? 1 : -1)));
            case 8 -> RespVerbatimString.of(format(), text(true));
            case 9 -> rnd.nextInt(4) == 0 ? RespSimpleString.OK : RespBulkString.EMPTY;
            case 10, 11 -> new RespArray(list(depth - 1, 6));
            case 12 -> new RespSet(list(depth - 1, 5));
            case 13 -> new RespPush(list(depth - 1, 4));
            case 14 -> map(depth - 1, 4);
            default -> new Attributed(map(depth - 1, 3), value(depth - 1));
        };
    }

    private List<RespValue> list(int depth, int max) {
        int n = rnd.nextInt(max + 1);
        List<RespValue> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(value(depth));
        }
        return list;
    }

    private RespMap map(int depth, int max) {
        int n = rnd.nextInt(max + 1);
        List<RespMap.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new RespMap.Entry(value(depth), value(depth)));
        }
        return new RespMap(entries);
    }

    private long integer() {
        return switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextInt(300) - 2;
            case 1 -> Long.MIN_VALUE;
            case 2 -> Long.MAX_VALUE;
            default -> rnd.nextLong() >> rnd.nextInt(64);
        };
    }

    private double doubleValue() {
        return switch (rnd.nextInt(8)) {
            case 0 -> Double.POSITIVE_INFINITY;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2 -> Double.NaN;
            case 3 -> -0.0;
            case 4 -> rnd.nextInt(1000) - 500;
            case 5 -> Double.MIN_VALUE * rnd.nextInt(10);
            default -> Double.longBitsToDouble(rnd.nextLong());
        };
    }

    private String word() {
        String[] words = {"ERR", "WRONGTYPE", "MOVED", "NOSCRIPT", "BUSY", "x"};
        return words[rnd.nextInt(words.length)];
    }

    private String format() {
        char[] c = new char[3];
        for (int i = 0; i < 3; i++) {
            c[i] = (char) (0x21 + rnd.nextInt(0x7F - 0x21));
        }
        return new String(c);
    }

    /** Valid UTF-16 (no lone surrogates, which cannot round-trip), CR/LF only if allowed. */
    String text(boolean lineBreaks) {
        int n = rnd.nextInt(20) == 0 ? 200 + rnd.nextInt(2000) : rnd.nextInt(24);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int cp = switch (rnd.nextInt(6)) {
                case 0 -> 0x80 + rnd.nextInt(0x780);
                case 1 -> 0x800 + rnd.nextInt(0xD800 - 0x800);
                case 2 -> 0x10000 + rnd.nextInt(0x100000);
                case 3 -> lineBreaks ? "\r\n ".charAt(rnd.nextInt(3)) : ' ';
                default -> 0x20 + rnd.nextInt(0x5F);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** Arbitrary bytes, with CR/LF overrepresented because they stress framing. */
    byte[] binary() {
        int n = switch (rnd.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1000 + rnd.nextInt(9000);
            default -> rnd.nextInt(64);
        };
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        for (int i = 0; i < n; i += 1 + rnd.nextInt(8)) {
            b[i] = rnd.nextBoolean() ? (byte) '\r' : (byte) '\n';
        }
        return b;
    }
}
