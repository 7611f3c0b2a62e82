package dev.tether.redis;

import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a command goes in a cluster, decided before anything is sent: to the primary of its
 * keys' one slot, to any primary (keyless), to every primary (script and function management),
 * or split per slot (MGET, MSET, DEL, EXISTS, UNLINK, TOUCH across slots). A command whose keys
 * are in several slots and that cannot be split, and a whole-cluster command sent raw, are
 * refused with {@link IllegalArgumentException}.
 */
final class ClusterRouter {

    enum Kind { SLOT, ANY, EVERY_PRIMARY, SPLIT }

    /** A routing decision; {@code slot} for SLOT, {@code keys} for SPLIT. */
    record Route(Kind kind, int slot, List<byte[]> keys) {
    }

    /** One part of a split command: the slot, the command for it, and where its keys were in the original. */
    record Part(int slot, Command<RespValue> command, int[] positions) {
    }

    private static final Set<String> SPLITTABLE = Set.of("MGET", "MSET", "DEL", "EXISTS", "UNLINK", "TOUCH");
    private static final Map<String, String> WHOLE_CLUSTER = Map.of("DBSIZE", "dbsize()", "FLUSHALL", "flushall()",
            "FLUSHDB", "flushall()", "KEYS", "keys(pattern)", "SCAN", "scan()");
    private static final Set<String> EVERY_PRIMARY = Set.of("SCRIPT LOAD", "SCRIPT FLUSH", "FUNCTION LOAD",
            "FUNCTION DELETE", "FUNCTION FLUSH", "FUNCTION RESTORE");

    private final KeySpecs specs;

    ClusterRouter(KeySpecs specs) {
        this.specs = specs;
    }

    /** Whether the server flags {@code command} read-only (a replica may serve it). */
    boolean readOnly(Command<?> command) {
        return specs.readOnly(command);
    }

    Route route(Command<?> command) {
        List<byte[]> keys = specs.keys(command);
        String name = command.name();
        if (keys.isEmpty()) {
            String whole = WHOLE_CLUSTER.get(name);
            if (whole != null) {
                throw new IllegalArgumentException(name + " on a cluster would see one node only: use the cluster"
                        + " client's " + whole + ", which covers every primary");
            }
            if (command.argumentCount() > 1 && EVERY_PRIMARY.contains(name + " "
                    + new String(command.argument(1), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT))) {
                return new Route(Kind.EVERY_PRIMARY, -1, keys);
            }
            return new Route(Kind.ANY, -1, keys);
        }
        int slot = ClusterSlots.slot(keys.get(0));
        for (int i = 1; i < keys.size(); i++) {
            if (ClusterSlots.slot(keys.get(i)) != slot) {
                if (SPLITTABLE.contains(name)) {
                    return new Route(Kind.SPLIT, -1, keys);
                }
                throw new IllegalArgumentException(name + " has keys in more than one slot (" + describe(keys)
                        + "); nothing was sent. Keep keys used together in one slot with a {hash tag}: "
                        + "{user:42}:name and {user:42}:email hash alike");
            }
        }
        return new Route(Kind.SLOT, slot, keys);
    }

    /** The slot all of {@code commands} use, -1 if none has keys; refuses more than one slot. */
    int oneSlot(List<Command<?>> commands) {
        int slot = -1;
        for (Command<?> c : commands) {
            for (byte[] key : specs.keys(c)) {
                int s = ClusterSlots.slot(key);
                if (slot >= 0 && s != slot) {
                    throw new IllegalArgumentException("a cluster transaction must stay within one slot, but "
                            + c.name() + " uses key " + new String(key, StandardCharsets.UTF_8) + " in slot " + s
                            + " after slot " + slot + "; nothing was sent. Use a {hash tag} for all its keys");
                }
                slot = s;
            }
        }
        return slot;
    }

    /** {@code command} (MGET, MSET, DEL, EXISTS, UNLINK, TOUCH) as one command per slot, keys in order. */
    static List<Part> split(Command<?> command, List<byte[]> keys) {
        boolean pairs = command.name().equals("MSET");
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            bySlot.computeIfAbsent(ClusterSlots.slot(keys.get(i)), s -> new ArrayList<>()).add(i);
        }
        List<Part> parts = new ArrayList<>(bySlot.size());
        for (Map.Entry<Integer, List<Integer>> e : bySlot.entrySet()) {
            List<Integer> positions = e.getValue();
            List<byte[]> args = new ArrayList<>();
            args.add(command.name().getBytes(StandardCharsets.US_ASCII));
            for (int p : positions) {
                if (pairs) {
                    args.add(command.argument(1 + 2 * p));
                    args.add(command.argument(2 + 2 * p));
                } else {
                    args.add(command.argument(1 + p));
                }
            }
            parts.add(new Part(e.getKey(), Command.of(args.toArray(byte[][]::new)),
                    positions.stream().mapToInt(Integer::intValue).toArray()));
        }
        return parts;
    }

    /** The replies of the parts as the one reply the whole command would have had. */
    static RespValue combine(Command<?> command, int keyCount, List<Part> parts, List<RespValue> replies) {
        switch (command.name()) {
            case "MGET" -> {
                RespValue[] values = new RespValue[keyCount];
                for (int i = 0; i < parts.size(); i++) {
                    List<RespValue> got = RespShapes.elements(replies.get(i));
                    int[] positions = parts.get(i).positions();
                    for (int j = 0; j < positions.length; j++) {
                        values[positions[j]] = got.get(j);
                    }
                }
                return new RespArray(Arrays.asList(values));
            }
            case "MSET" -> {
                return RespSimpleString.OK;
            }
            default -> {
                long sum = 0;
                for (RespValue r : replies) {
                    sum += ((RespInteger) Replies.unwrap(r)).value();
                }
                return RespInteger.of(sum);
            }
        }
    }

    private static String describe(List<byte[]> keys) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(keys.size(), 4); i++) {
            String key = new String(keys.get(i), StandardCharsets.UTF_8);
            b.append(i == 0 ? "" : ", ").append(key).append(" -> ").append(ClusterSlots.slot(keys.get(i)));
        }
        return b.append(keys.size() > 4 ? ", ..." : "").toString();
    }
}
