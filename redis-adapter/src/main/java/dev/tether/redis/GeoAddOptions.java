package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of GEOADD: condition (NX or XX) and CH (count changed members, not only added ones).
 * Immutable; start from {@link #none()}.
 */
public final class GeoAddOptions {

    private static final GeoAddOptions NONE = new GeoAddOptions(null, false);

    private final String condition;
    private final boolean changed;

    private GeoAddOptions(String condition, boolean changed) {
        this.condition = condition;
        this.changed = changed;
    }

    /** No options: add new members and move existing ones. */
    public static GeoAddOptions none() {
        return NONE;
    }

    /** NX: only add new members, never move existing ones. */
    public GeoAddOptions onlyIfAbsent() {
        return withCondition("NX");
    }

    /** XX: only move existing members, never add new ones. */
    public GeoAddOptions onlyIfPresent() {
        return withCondition("XX");
    }

    /** CH: the reply counts changed members (added or moved), not only added ones. */
    public GeoAddOptions countChanged() {
        return new GeoAddOptions(condition, true);
    }

    private GeoAddOptions withCondition(String c) {
        if (condition != null) {
            throw new IllegalArgumentException("GEOADD takes one of NX and XX");
        }
        return new GeoAddOptions(c, changed);
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(2);
        if (condition != null) {
            args.add(condition);
        }
        if (changed) {
            args.add("CH");
        }
        return args;
    }

    @Override
    public String toString() {
        return "GeoAddOptions" + arguments();
    }
}
