package dev.tether.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The sub-commands of one BITFIELD: GET, SET and INCRBY on integer fields, with OVERFLOW choices
 * that apply to the SET and INCRBY after them. Field types are {@code i1}..{@code i64} (signed) or
 * {@code u1}..{@code u63} (unsigned). Immutable: each call returns a new BitField. The reply has one
 * entry per GET, SET (the old value) and INCRBY (the new value), null where OVERFLOW FAIL stopped it.
 */
public final class BitField {

    /** How SET and INCRBY handle overflow. */
    public enum Overflow {
        /** Wrap around (the default). */
        WRAP,
        /** Saturate at the type's minimum or maximum. */
        SAT,
        /** Do nothing and reply null for that operation. */
        FAIL
    }

    private static final Pattern TYPE = Pattern.compile("([iu])([1-9][0-9]?)");
    private static final BitField EMPTY = new BitField(List.of(), 0);

    private final List<Object> parts;
    private final int replies;

    private BitField(List<Object> parts, int replies) {
        this.parts = parts;
        this.replies = replies;
    }

    /** No sub-commands yet. */
    public static BitField create() {
        return EMPTY;
    }

    /** GET type offset: the field's value. */
    public BitField get(String type, long offset) {
        return with(true, "GET", checkType(type), checkOffset(offset));
    }

    /** SET type offset value: replies the field's old value. */
    public BitField set(String type, long offset, long value) {
        return with(true, "SET", checkType(type), checkOffset(offset), value);
    }

    /** INCRBY type offset increment: replies the field's new value. */
    public BitField incrBy(String type, long offset, long increment) {
        return with(true, "INCRBY", checkType(type), checkOffset(offset), increment);
    }

    /** OVERFLOW: how the SET and INCRBY that follow handle overflow. */
    public BitField overflow(Overflow overflow) {
        Objects.requireNonNull(overflow, "overflow");
        return with(false, "OVERFLOW", overflow.name());
    }

    private BitField with(boolean replying, Object... more) {
        List<Object> next = new ArrayList<>(parts.size() + more.length);
        next.addAll(parts);
        next.addAll(List.of(more));
        return new BitField(Collections.unmodifiableList(next), replies + (replying ? 1 : 0));
    }

    private static String checkType(String type) {
        Objects.requireNonNull(type, "type");
        var m = TYPE.matcher(type);
        int bits = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        int most = m.matches() && m.group(1).equals("i") ? 64 : 63;
        if (bits < 1 || bits > most) {
            throw new IllegalArgumentException("BITFIELD type must be i1..i64 or u1..u63, got " + type);
        }
        return type;
    }

    private static long checkOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("BITFIELD offset must not be negative, got " + offset);
        }
        return offset;
    }

    /** How many entries the reply has. */
    int replies() {
        return replies;
    }

    List<Object> arguments() {
        return parts;
    }

    @Override
    public String toString() {
        return "BitField" + parts;
    }
}
