package dev.tether.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of SET: expiry (EX, PX or KEEPTTL) and condition (NX or XX). Immutable; start from
 * {@link #none()}. Conflicting choices are rejected when made.
 */
public final class SetOptions {

    private static final SetOptions NONE = new SetOptions(null, false, null);

    private final Duration expiry;
    private final boolean keepTtl;
    private final String condition;

    private SetOptions(Duration expiry, boolean keepTtl, String condition) {
        this.expiry = expiry;
        this.keepTtl = keepTtl;
        this.condition = condition;
    }

    /** No options. */
    public static SetOptions none() {
        return NONE;
    }

    /** Expire after {@code ttl}: EX when whole seconds, else PX. */
    public SetOptions expireAfter(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("SET expiry must be positive, got " + ttl);
        }
        if (expiry != null || keepTtl) {
            throw new IllegalArgumentException("SET takes one of EX, PX and KEEPTTL");
        }
        return new SetOptions(ttl, false, condition);
    }

    /** KEEPTTL: keep the key's current time to live. */
    public SetOptions keepTtl() {
        if (expiry != null || keepTtl) {
            throw new IllegalArgumentException("SET takes one of EX, PX and KEEPTTL");
        }
        return new SetOptions(null, true, condition);
    }

    /** NX: only set if the key does not exist. */
    public SetOptions onlyIfAbsent() {
        return condition("NX");
    }

    /** XX: only set if the key exists. */
    public SetOptions onlyIfPresent() {
        return condition("XX");
    }

    private SetOptions condition(String c) {
        if (condition != null) {
            throw new IllegalArgumentException("SET takes one of NX and XX");
        }
        return new SetOptions(expiry, keepTtl, c);
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(3);
        if (expiry != null) {
            if (expiry.toNanos() % 1_000_000_000L == 0) {
                args.add("EX");
                args.add(Long.toString(expiry.getSeconds()));
            } else {
                args.add("PX");
                args.add(Long.toString(Math.max(1, expiry.toMillis())));
            }
        }
        if (keepTtl) {
            args.add("KEEPTTL");
        }
        if (condition != null) {
            args.add(condition);
        }
        return args;
    }

    @Override
    public String toString() {
        return "SetOptions" + arguments();
    }
}
