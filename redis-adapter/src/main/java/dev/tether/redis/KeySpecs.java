package dev.tether.redis;

import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespMap;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each command's keys are, as the server itself describes them: the key specifications of
 * {@code COMMAND} (Redis 7), read once when a cluster client connects. Every keyed command is
 * routed by them, including those whose keys are not the first argument (LMOVE's destination,
 * SORT's STORE, XREAD's STREAMS, EVALSHA's numkeys...), and subcommands by their own specs
 * ({@code XINFO STREAM key}). No hand-written table: a command the server knows is routed as
 * the server defines it.
 *
 * <p>A spec is a begin-search step (an argument index, or a keyword searched from an index) and a
 * find-keys step (a range with a step and an optional limit, or a key count read from an
 * argument). A spec the server marks "unknown" (it finds those keys with a procedure of its own)
 * is filled in from a table of two entries, SORT's STORE and MIGRATE's KEYS; any other finds
 * nothing.
 */
final class KeySpecs {

    /** One key specification, resolved. */
    private record Spec(boolean byKeyword, int index, String keyword, boolean byCount, int last, int step, int limit,
                        int countIndex, int first) {
    }

    /**
     * The one table: the keys a spec of type "unknown" stands for (the server finds them with a
     * procedure of its own), written as the spec it would be. SORT's STORE destination, and
     * MIGRATE's KEYS list.
     */
    private static final Map<String, Spec> UNKNOWN_SPECS = Map.of(
            "sort", new Spec(true, 2, "STORE", false, 0, 1, 0, 0, 0),
            "sort_ro", new Spec(true, 2, "STORE", false, 0, 1, 0, 0, 0),
            "migrate", new Spec(true, -1, "KEYS", false, -1, 1, 0, 0, 0));

    private final Map<String, List<Spec>> specs;
    /** Commands with subcommands (XINFO, OBJECT...): their specs are per subcommand. */
    private final java.util.Set<String> containers;

    private KeySpecs(Map<String, List<Spec>> specs, java.util.Set<String> containers) {
        this.specs = specs;
        this.containers = containers;
    }

    /** Parses the reply of {@code COMMAND} (RESP2 or RESP3). */
    static KeySpecs parse(RespValue reply) {
        Map<String, List<Spec>> specs = new HashMap<>();
        java.util.Set<String> containers = new java.util.HashSet<>();
        for (RespValue entry : elements(reply)) {
            add(entry, specs, containers);
        }
        return new KeySpecs(specs, containers);
    }

    private static void add(RespValue entry, Map<String, List<Spec>> specs, java.util.Set<String> containers) {
        List<RespValue> fields = elements(entry);
        if (fields.size() < 9) {
            return; // a server older than 7: no key specs
        }
        String name = text(fields.get(0)).toLowerCase(Locale.ROOT);
        List<Spec> list = new ArrayList<>();
        for (RespValue s : elements(fields.get(8))) {
            Spec spec = spec(map(s));
            if (spec == null) {
                spec = UNKNOWN_SPECS.get(name); // the server finds these keys with code of its own
            }
            if (spec != null && !list.contains(spec)) {
                list.add(spec);
            }
        }
        specs.put(name, List.copyOf(list));
        if (fields.size() > 9 && !elements(fields.get(9)).isEmpty()) {
            containers.add(name);
            for (RespValue sub : elements(fields.get(9))) {
                add(sub, specs, containers);
            }
        }
    }

    private static Spec spec(Map<String, RespValue> s) {
        Map<String, RespValue> begin = map(s.get("begin_search"));
        Map<String, RespValue> find = map(s.get("find_keys"));
        Map<String, RespValue> bs = map(begin.get("spec"));
        Map<String, RespValue> fs = map(find.get("spec"));
        String beginType = text(begin.get("type"));
        String findType = text(find.get("type"));
        boolean byKeyword = "keyword".equals(beginType);
        if (!byKeyword && !"index".equals(beginType) || !"range".equals(findType) && !"keynum".equals(findType)) {
            return null; // "unknown": the server cannot say either
        }
        int index = byKeyword ? number(bs.get("startfrom")) : number(bs.get("index"));
        String keyword = byKeyword ? text(bs.get("keyword")) : null;
        if ("range".equals(findType)) {
            return new Spec(byKeyword, index, keyword, false, number(fs.get("lastkey")), number(fs.get("keystep")),
                    number(fs.get("limit")), 0, 0);
        }
        return new Spec(byKeyword, index, keyword, true, 0, number(fs.get("keystep")), 0, number(fs.get("keynumidx")),
                number(fs.get("firstkey")));
    }

    /**
     * The keys of {@code command}, in argument order: each as its argument bytes. Empty for a
     * keyless command, or one the server did not describe.
     */
    List<byte[]> keys(Command<?> command) {
        int argc = command.argumentCount(); // argv[0] is the name, as in the key specs
        String name = command.name().toLowerCase(Locale.ROOT);
        if (containers.contains(name) && argc > 1) {
            name = name + "|" + new String(command.argument(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        }
        List<Spec> list = specs.get(name);
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>();
        for (Spec spec : list) {
            collect(spec, command, argc, keys);
        }
        return keys;
    }

    private static void collect(Spec spec, Command<?> command, int argc, List<byte[]> keys) {
        int start;
        if (spec.byKeyword()) {
            start = -1;
            if (spec.index() >= 0) {
                for (int i = spec.index(); i < argc; i++) {
                    if (isKeyword(command, i, spec.keyword())) {
                        start = i + 1;
                        break;
                    }
                }
            } else {
                for (int i = argc + spec.index(); i > 0; i--) {
                    if (isKeyword(command, i, spec.keyword())) {
                        start = i + 1;
                        break;
                    }
                }
            }
            if (start < 0) {
                return; // the keyword is optional and absent (SORT without STORE)
            }
        } else {
            start = spec.index();
        }
        if (start >= argc) {
            return;
        }
        int step = Math.max(1, spec.step());
        int first;
        int last;
        if (spec.byCount()) {
            int countAt = start + spec.countIndex();
            if (countAt >= argc) {
                return;
            }
            long count = Long.parseLong(new String(command.argument(countAt), StandardCharsets.US_ASCII));
            first = start + spec.first();
            last = (int) Math.min(argc - 1L, first + (count - 1) * step);
            if (count <= 0) {
                return;
            }
        } else {
            first = start;
            if (spec.last() >= 0) {
                last = start + spec.last();
            } else if (spec.last() == -1 && spec.limit() > 1) {
                last = start + (argc - start) / spec.limit() - 1;
            } else {
                last = argc + spec.last();
            }
        }
        for (int i = first; i <= last && i < argc; i += step) {
            keys.add(command.argument(i));
        }
    }

    private static boolean isKeyword(Command<?> command, int i, String keyword) {
        return i > 0 && i < command.argumentCount()
                && new String(command.argument(i), StandardCharsets.UTF_8).equalsIgnoreCase(keyword);
    }

    // ---------------------------------------------------------------- RESP2/RESP3 shapes

    private static List<RespValue> elements(RespValue v) {
        return switch (Replies.unwrap(v)) {
            case RespArray a -> a.elements();
            case dev.tether.redis.resp.RespSet s -> s.elements();
            default -> List.of();
        };
    }

    /** A RESP3 map, or RESP2's flat array of alternating names and values. */
    private static Map<String, RespValue> map(RespValue v) {
        Map<String, RespValue> out = new HashMap<>();
        if (v == null) {
            return out;
        }
        if (Replies.unwrap(v) instanceof RespMap m) {
            for (RespMap.Entry e : m.entries()) {
                out.put(text(e.key()), e.value());
            }
            return out;
        }
        List<RespValue> flat = elements(v);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(text(flat.get(i)), flat.get(i + 1));
        }
        return out;
    }

    private static String text(RespValue v) {
        return switch (v == null ? null : Replies.unwrap(v)) {
            case RespBulkString b -> b.asString();
            case RespSimpleString s -> s.value();
            case null, default -> null;
        };
    }

    private static int number(RespValue v) {
        return v != null && Replies.unwrap(v) instanceof RespInteger i ? (int) i.value() : 0;
    }
}
