package dev.tether.redis;

import dev.tether.redis.resp.Attributed;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBigNumber;
import dev.tether.redis.resp.RespBoolean;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespDouble;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespMap;
import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespSet;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.resp.RespVerbatimString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The converters behind the typed commands. Each accepts the RESP2 and the RESP3 shape of its
 * reply, so a typed method returns the same type whichever protocol the connection speaks
 * (docs/redis-client.md, 'What it is built on': HGETALL is a map under RESP2's flat array and RESP3's map alike).
 */
final class Replies {

    private Replies() {
    }

    static final ReplyConverter<RespValue> RAW = v -> v;
    static final ReplyConverter<String> STRING = Replies::string;
    static final ReplyConverter<byte[]> BYTES = Replies::bytes;
    static final ReplyConverter<Long> LONG = Replies::longValue;
    static final ReplyConverter<Boolean> BOOLEAN = Replies::bool;
    static final ReplyConverter<Boolean> OK_OR_NULL = v -> !(unwrap(v) instanceof RespNull);
    static final ReplyConverter<Void> VOID = v -> null;
    static final ReplyConverter<Double> DOUBLE = Replies::doubleValue;
    static final ReplyConverter<List<String>> STRING_LIST = v -> list(v, Replies::string);
    static final ReplyConverter<Set<String>> STRING_SET = Replies::stringSet;
    static final ReplyConverter<Map<String, String>> STRING_MAP = Replies::stringMap;
    static final ReplyConverter<List<ScoredValue>> SCORED_LIST = Replies::scoredList;
    static final ReplyConverter<KeyValue> KEY_VALUE = Replies::keyValue;

    /** The value under any RESP3 attributes (an attribute may itself annotate an attributed value). */
    static RespValue unwrap(RespValue v) {
        while (v instanceof Attributed a) {
            v = a.value();
        }
        return v;
    }

    static String string(RespValue reply) {
        return switch (unwrap(reply)) {
            case RespBulkString b -> b.asString();
            case RespSimpleString s -> s.value();
            case RespVerbatimString s -> new String(s.payload(), StandardCharsets.UTF_8);
            case RespNull n -> null;
            case RespInteger i -> Long.toString(i.value());
            case RespDouble d -> Double.toString(d.value());
            case RespBigNumber b -> b.value().toString();
            case RespBoolean b -> Boolean.toString(b.value());
            default -> throw unexpected("a string", reply);
        };
    }

    static byte[] bytes(RespValue reply) {
        return switch (unwrap(reply)) {
            case RespBulkString b -> b.bytes();
            case RespSimpleString s -> s.value().getBytes(StandardCharsets.UTF_8);
            case RespVerbatimString s -> s.payload();
            case RespNull n -> null;
            default -> throw unexpected("bytes", reply);
        };
    }

    static Long longValue(RespValue reply) {
        return switch (unwrap(reply)) {
            case RespInteger i -> i.value();
            case RespNull n -> null;
            case RespBulkString b -> parseLong(b.asString(), reply);
            case RespSimpleString s -> parseLong(s.value(), reply);
            default -> throw unexpected("an integer", reply);
        };
    }

    private static long parseLong(String s, RespValue reply) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw unexpected("an integer", reply);
        }
    }

    static Boolean bool(RespValue reply) {
        return switch (unwrap(reply)) {
            case RespInteger i -> i.value() != 0;
            case RespBoolean b -> b.value();
            case RespSimpleString s -> "OK".equals(s.value());
            case RespNull n -> false;
            default -> throw unexpected("a boolean", reply);
        };
    }

    static Double doubleValue(RespValue reply) {
        return switch (unwrap(reply)) {
            case RespDouble d -> d.value();
            case RespNull n -> null;
            case RespInteger i -> (double) i.value();
            case RespBulkString b -> parseDouble(b.asString(), reply);
            case RespSimpleString s -> parseDouble(s.value(), reply);
            default -> throw unexpected("a double", reply);
        };
    }

    private static double parseDouble(String s, RespValue reply) {
        switch (s) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw unexpected("a double", reply);
                }
            }
        }
    }

    /** The elements of an array or set reply; null reply is an empty list. */
    static List<RespValue> elements(RespValue reply) {
        return switch (unwrap(reply)) {
            case RespArray a -> a.elements();
            case RespSet s -> s.elements();
            case RespNull n -> List.of();
            default -> throw unexpected("an array", reply);
        };
    }

    static <T> List<T> list(RespValue reply, ReplyConverter<T> element) {
        List<RespValue> elements = elements(reply);
        List<T> out = new ArrayList<>(elements.size());
        for (RespValue e : elements) {
            out.add(element.convert(e)); // may be null (MGET of a missing key)
        }
        return Collections.unmodifiableList(out);
    }

    static Set<String> stringSet(RespValue reply) {
        List<RespValue> elements = elements(reply);
        Set<String> out = new LinkedHashSet<>(Math.max(16, elements.size() * 2));
        for (RespValue e : elements) {
            out.add(string(e));
        }
        return Collections.unmodifiableSet(out);
    }

    static Map<String, String> stringMap(RespValue reply) {
        RespValue v = unwrap(reply);
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof RespMap map) {
            for (RespMap.Entry e : map.entries()) {
                out.put(string(e.key()), string(e.value()));
            }
        } else {
            List<RespValue> flat = elements(v);
            if (flat.size() % 2 != 0) {
                throw unexpected("a map (an even number of elements)", reply);
            }
            for (int i = 0; i < flat.size(); i += 2) {
                out.put(string(flat.get(i)), string(flat.get(i + 1)));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    static List<ScoredValue> scoredList(RespValue reply) {
        List<RespValue> elements = elements(reply);
        List<ScoredValue> out = new ArrayList<>();
        if (!elements.isEmpty() && unwrap(elements.get(0)) instanceof RespArray) {
            for (RespValue pair : elements) { // RESP3: [[member, score], ...]
                List<RespValue> p = elements(pair);
                out.add(new ScoredValue(string(p.get(0)), doubleValue(p.get(1))));
            }
        } else {
            if (elements.size() % 2 != 0) {
                throw unexpected("member/score pairs", reply);
            }
            for (int i = 0; i < elements.size(); i += 2) { // RESP2: [member, score, ...]
                out.add(new ScoredValue(string(elements.get(i)), doubleValue(elements.get(i + 1))));
            }
        }
        return Collections.unmodifiableList(out);
    }

    static KeyValue keyValue(RespValue reply) {
        RespValue v = unwrap(reply);
        if (v instanceof RespNull) {
            return null;
        }
        List<RespValue> pair = elements(v);
        if (pair.size() != 2) {
            throw unexpected("a key and a value", reply);
        }
        return new KeyValue(string(pair.get(0)), string(pair.get(1)));
    }

    static IllegalStateException unexpected(String wanted, RespValue got) {
        return new IllegalStateException("expected " + wanted + " in the reply, got " + got);
    }
}
