package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of ZADD: condition (NX or XX), comparison (GT or LT) and CH (count changed members,
 * not only added ones). Immutable; start from {@link #none()}. Combinations the server refuses
 * (NX with XX, GT or LT; GT with LT) are rejected when made.
 */
public final class ZAddOptions {

    private static final ZAddOptions NONE = new ZAddOptions(null, null, false);

    private final String condition;
    private final String comparison;
    private final boolean changed;

    private ZAddOptions(String condition, String comparison, boolean changed) {
        this.condition = condition;
        this.comparison = comparison;
        this.changed = changed;
    }

    /** No options: add new members and update the scores of existing ones. */
    public static ZAddOptions none() {
        return NONE;
    }

    /** NX: only add new members, never update existing ones. */
    public ZAddOptions onlyIfAbsent() {
        if (comparison != null) {
            throw new IllegalArgumentException("ZADD NX cannot be combined with " + comparison);
        }
        return withCondition("NX");
    }

    /** XX: only update existing members, never add new ones. */
    public ZAddOptions onlyIfPresent() {
        return withCondition("XX");
    }

    /** GT: only update when the new score is greater (new members are still added). */
    public ZAddOptions onlyIfGreater() {
        return withComparison("GT");
    }

    /** LT: only update when the new score is less (new members are still added). */
    public ZAddOptions onlyIfLess() {
        return withComparison("LT");
    }

    /** CH: the reply counts changed members (added or updated), not only added ones. */
    public ZAddOptions countChanged() {
        return new ZAddOptions(condition, comparison, true);
    }

    private ZAddOptions withCondition(String c) {
        if (condition != null) {
            throw new IllegalArgumentException("ZADD takes one of NX and XX");
        }
        return new ZAddOptions(c, comparison, changed);
    }

    private ZAddOptions withComparison(String c) {
        if (comparison != null) {
            throw new IllegalArgumentException("ZADD takes one of GT and LT");
        }
        if ("NX".equals(condition)) {
            throw new IllegalArgumentException("ZADD NX cannot be combined with " + c);
        }
        return new ZAddOptions(condition, c, changed);
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(3);
        if (condition != null) {
            args.add(condition);
        }
        if (comparison != null) {
            args.add(comparison);
        }
        if (changed) {
            args.add("CH");
        }
        return args;
    }

    @Override
    public String toString() {
        return "ZAddOptions" + arguments();
    }
}
