package dev.tether.redis.resp;

import java.util.List;

/**
 * Encoding (and exact sizing) of arbitrary {@link RespValue}s, split from {@link RespEncoder}
 * so that the command hot path stays small and readable.
 *
 * <p>Both methods switch exhaustively over the sealed hierarchy, so adding a value type fails
 * compilation here instead of encoding something wrong. They recurse for aggregates, which
 * is fine for values the program built itself (their depth is the program's own choice),
 * unlike decoding where depth is attacker-controlled and the decoder keeps an explicit stack.
 */
final class RespValueWriter {

    private static final byte[] NULL = {'_', '\r', '\n'};
    private static final byte[] TRUE = {'#', 't', '\r', '\n'};
    private static final byte[] FALSE = {'#', 'f', '\r', '\n'};

    private RespValueWriter() {
    }

    static void write(RespEncoder enc, RespOutput out, RespValue value) {
        switch (value) {
            case RespSimpleString s -> line(out, '+', s.value());
            case RespError e -> {
                if (e.bulk()) {
                    enc.writeLengthHeader('!', RespOutput.utf8Length(e.message()));
                    out.writeUtf8(e.message());
                    out.writeCrlf();
                } else {
                    line(out, '-', e.message());
                }
            }
            case RespInteger i -> {
                out.writeByte(':');
                out.writeDecimal(i.value());
                out.writeCrlf();
            }
            case RespBulkString b -> enc.writeBulkString(b.bytes());
            case RespNull n -> out.write(NULL);
            case RespDouble d -> line(out, ',', RespText.formatDouble(d.value()));
            case RespBoolean b -> out.write(b.value() ? TRUE : FALSE);
            case RespBigNumber n -> line(out, '(', n.value().toString());
            case RespVerbatimString v -> {
                enc.writeLengthHeader('=', 4 + v.payload().length);
                out.writeUtf8(v.format());
                out.writeByte(':');
                out.write(v.payload());
                out.writeCrlf();
            }
            case RespArray a -> elements(enc, out, '*', a.elements());
            case RespSet s -> elements(enc, out, '~', s.elements());
            case RespPush p -> elements(enc, out, '>', p.elements());
            case RespMap m -> entries(enc, out, '%', m.entries());
            case Attributed a -> {
                entries(enc, out, '|', a.attributes().entries());
                write(enc, out, a.value());
            }
        }
    }

    private static void line(RespOutput out, char prefix, String text) {
        out.writeByte(prefix);
        out.writeUtf8(text);
        out.writeCrlf();
    }

    private static void elements(RespEncoder enc, RespOutput out, char prefix, List<RespValue> elements) {
        enc.writeLengthHeader(prefix, elements.size());
        for (RespValue e : elements) {
            write(enc, out, e);
        }
    }

    private static void entries(RespEncoder enc, RespOutput out, char prefix, List<RespMap.Entry> entries) {
        enc.writeLengthHeader(prefix, entries.size());
        for (RespMap.Entry e : entries) {
            write(enc, out, e.key());
            write(enc, out, e.value());
        }
    }

    static long size(RespValue value) {
        return switch (value) {
            case RespSimpleString s -> lineSize(RespOutput.utf8Length(s.value()));
            case RespError e -> e.bulk()
                    ? RespEncoder.bulkSize(RespOutput.utf8Length(e.message()))
                    : lineSize(RespOutput.utf8Length(e.message()));
            case RespInteger i -> lineSize(RespOutput.decimalLength(i.value()));
            case RespBulkString b -> RespEncoder.bulkSize(b.bytes().length);
            case RespNull n -> NULL.length;
            case RespDouble d -> lineSize(RespText.formatDouble(d.value()).length());
            case RespBoolean b -> TRUE.length;
            case RespBigNumber n -> lineSize(n.value().toString().length());
            case RespVerbatimString v -> RespEncoder.bulkSize(4L + v.payload().length);
            case RespArray a -> elementsSize(a.elements());
            case RespSet s -> elementsSize(s.elements());
            case RespPush p -> elementsSize(p.elements());
            case RespMap m -> entriesSize(m.entries());
            case Attributed a -> entriesSize(a.attributes().entries()) + size(a.value());
        };
    }

    private static long lineSize(long content) {
        return 1 + content + 2;
    }

    private static long elementsSize(List<RespValue> elements) {
        long size = RespEncoder.headerSize(elements.size());
        for (RespValue e : elements) {
            size += size(e);
        }
        return size;
    }

    private static long entriesSize(List<RespMap.Entry> entries) {
        long size = RespEncoder.headerSize(entries.size());
        for (RespMap.Entry e : entries) {
            size += size(e.key()) + size(e.value());
        }
        return size;
    }
}
