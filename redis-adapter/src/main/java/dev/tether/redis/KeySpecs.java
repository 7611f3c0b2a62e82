package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** Commands the server flags "readonly": what a replica may serve. */
    private final java.util.Set<String> readOnly;

    private KeySpecs(Map<String, List<Spec>> specs, java.util.Set<String> containers, java.util.Set<String> readOnly) {
        this.specs = specs;
        this.containers = containers;
        this.readOnly = readOnly;
    }

    /** Parses the reply of {@code COMMAND} (RESP2 or RESP3). */
    static KeySpecs parse(RespValue reply) {
        Map<String, List<Spec>> specs = new java.util.HashMap<>();
        java.util.Set<String> containers = new java.util.HashSet<>();
        java.util.Set<String> readOnly = new java.util.HashSet<>();
        for (RespValue entry : RespShapes.elements(reply)) {
            add(entry, specs, containers, readOnly);
        }
        return new KeySpecs(specs, containers, readOnly);
    }

    private static void add(RespValue entry, Map<String, List<Spec>> specs, java.util.Set<String> containers,
                            java.util.Set<String> readOnly) {
        List<RespValue> fields = RespShapes.elements(entry);
        if (fields.size() < 9) {
            return; // a server older than 7: no key specs
        }
        String name = RespShapes.text(fields.get(0)).toLowerCase(Locale.ROOT);
        for (RespValue flag : RespShapes.elements(fields.get(2))) {
            if ("readonly".equals(RespShapes.text(flag))) {
                readOnly.add(name);
            }
        }
        List<Spec> list = new ArrayList<>();
        for (RespValue s : RespShapes.elements(fields.get(8))) {
            Spec spec = spec(s);
            if (spec == null) {
                spec = UNKNOWN_SPECS.get(name); // the server finds these keys with code of its own
            }
            if (spec != null && !list.contains(spec)) {
                list.add(spec);
            }
        }
        specs.put(name, List.copyOf(list));
        if (fields.size() > 9 && !RespShapes.elements(fields.get(9)).isEmpty()) {
            containers.add(name);
            for (RespValue sub : RespShapes.elements(fields.get(9))) {
                add(sub, specs, containers, readOnly);
            }
        }
    }

    private static Spec spec(RespValue s) {
        RespValue begin = RespShapes.field(s, "begin_search");
        RespValue find = RespShapes.field(s, "find_keys");
        RespValue bs = RespShapes.field(begin, "spec");
        RespValue fs = RespShapes.field(find, "spec");
        String beginType = RespShapes.text(RespShapes.field(begin, "type"));
        String findType = RespShapes.text(RespShapes.field(find, "type"));
        boolean byKeyword = "keyword".equals(beginType);
        if (!byKeyword && !"index".equals(beginType) || !"range".equals(findType) && !"keynum".equals(findType)) {
            return null; // "unknown": the server cannot say either
        }
        int index = byKeyword ? (int) RespShapes.number(RespShapes.field(bs, "startfrom")) : (int) RespShapes.number(RespShapes.field(bs, "index"));
        String keyword = byKeyword ? RespShapes.text(RespShapes.field(bs, "keyword")) : null;
        if ("range".equals(findType)) {
            return new Spec(byKeyword, index, keyword, false, (int) RespShapes.number(RespShapes.field(fs, "lastkey")), (int) RespShapes.number(RespShapes.field(fs, "keystep")),
                    (int) RespShapes.number(RespShapes.field(fs, "limit")), 0, 0);
        }
        return new Spec(byKeyword, index, keyword, true, 0, (int) RespShapes.number(RespShapes.field(fs, "keystep")), 0, (int) RespShapes.number(RespShapes.field(fs, "keynumidx")),
                (int) RespShapes.number(RespShapes.field(fs, "firstkey")));
    }

    /** Whether the server flags {@code command} (or its subcommand) read-only: a replica may serve it. */
    boolean readOnly(Command<?> command) {
        return readOnly.contains(lookupName(command));
    }

    private String lookupName(Command<?> command) {
        String name = command.name().toLowerCase(Locale.ROOT);
        if (containers.contains(name) && command.argumentCount() > 1) {
            name = name + "|" + new String(command.argument(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        }
        return name;
    }

    /**
     * The keys of {@code command}, in argument order: each as its argument bytes. Empty for a
     * keyless command, or one the server did not describe.
     */
    List<byte[]> keys(Command<?> command) {
        int argc = command.argumentCount(); // argv[0] is the name, as in the key specs
        List<Spec> list = specs.get(lookupName(command));
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
}
