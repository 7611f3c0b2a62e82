package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The root of the command table: argument helpers the family tables share. {@link Commands} is the table users see; it inherits every family's builders, so each command is declared once, in its family's file.
 */
abstract class CommandTable {

    CommandTable() {
    }

    static Object[] withKeys(String name, List<String> keys, Object... tail) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one key");
        }
        List<Object> parts = new ArrayList<>(keys.size() + tail.length + 1);
        parts.add(name);
        parts.addAll(keys);
        parts.addAll(List.of(tail));
        return parts.toArray();
    }

    static Object[] withMembers(String name, String key, List<String> members) {
        Objects.requireNonNull(members, "members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one member");
        }
        List<Object> parts = new ArrayList<>(members.size() + 2);
        parts.add(name);
        parts.add(key);
        parts.addAll(members);
        return parts.toArray();
    }

    /**
     * {@code NAME [key] cursor [MATCH match] [COUNT count]}, checked: the arguments of SCAN (no
     * key), HSCAN, SSCAN and ZSCAN, as a list so that SCAN can add its TYPE.
     */
    static List<Object> scanParts(String name, String key, String cursor, String match, int count) {
        Objects.requireNonNull(cursor, "cursor");
        if (count < 0) {
            throw new IllegalArgumentException(name + " count must not be negative, got " + count);
        }
        List<Object> parts = new ArrayList<>(6);
        parts.add(name);
        if (key != null) {
            parts.add(key);
        }
        parts.add(cursor);
        if (match != null) {
            parts.add("MATCH");
            parts.add(match);
        }
        if (count > 0) {
            parts.add("COUNT");
            parts.add(count);
        }
        return parts;
    }

    /**
     * Appends {@code pairs} as {@code key value key value ...} (MSET, HSET, XADD fields), refusing
     * an empty map with "{@code command} needs at least one {@code noun}".
     */
    static void addPairs(List<Object> parts, Map<String, String> pairs, String command, String noun) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException(command + " needs at least one " + noun);
        }
        pairs.forEach((k, v) -> {
            parts.add(k);
            parts.add(v);
        });
    }
}
