package dev.tether.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What GETEX does to the key's time to live: set a relative expiry (EX or PX), an absolute one
 * (EXAT or PXAT), or remove it (PERSIST). Immutable; made by one of the static factories, since
 * GETEX takes exactly one of them. Whole seconds are sent as EX/EXAT, anything finer as PX/PXAT.
 * A relative expiry with a sub-millisecond part is refused rather than rounded; an instant is
 * truncated to its millisecond (the server keeps no finer time, and {@code Instant.now()} has one).
 */
public final class GetExOptions {

    private final List<String> arguments;

    private GetExOptions(List<String> arguments) {
        this.arguments = arguments;
    }

    /** EX or PX: expire {@code ttl} from now; must be positive. */
    public static GetExOptions expireAfter(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("GETEX expiry must be positive, got " + ttl);
        }
        return timed("EX", "PX", ttl.getSeconds(), ttl.getNano(), ttl);
    }

    /** EXAT or PXAT: expire at {@code when}, truncated to the millisecond; must be after the epoch. */
    public static GetExOptions expireAt(Instant when) {
        Objects.requireNonNull(when, "when");
        Instant millis = when.truncatedTo(ChronoUnit.MILLIS);
        if (!millis.isAfter(Instant.EPOCH)) {
            throw new IllegalArgumentException("GETEX expiry time must be after the epoch, got " + when);
        }
        return timed("EXAT", "PXAT", millis.getEpochSecond(), millis.getNano(), when);
    }

    /** PERSIST: remove the key's time to live. */
    public static GetExOptions persist() {
        return new GetExOptions(List.of("PERSIST"));
    }

    private static GetExOptions timed(String seconds, String millis, long wholeSeconds, int nanos, Object shown) {
        if (nanos == 0) {
            return new GetExOptions(List.of(seconds, Long.toString(wholeSeconds)));
        }
        if (nanos % 1_000_000 != 0) {
            throw new IllegalArgumentException("GETEX takes whole milliseconds, got " + shown);
        }
        return new GetExOptions(List.of(millis, Long.toString(Math.addExact(Math.multiplyExact(wholeSeconds, 1000L), nanos / 1_000_000))));
    }

    List<String> arguments() {
        return arguments;
    }

    @Override
    public String toString() {
        return "GetExOptions" + arguments;
    }
}
