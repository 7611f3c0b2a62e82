package dev.tether.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One Pub/Sub message as the server delivered it: the channel it was published to, the pattern
 * that matched it (for a {@link Subscription.Kind#PATTERN} subscription; null otherwise), and
 * the payload as bytes, with {@link #text()} for the common UTF-8 case.
 *
 * <p>The payload array is the one the decoder filled and no copy is made: a listener may keep
 * it, and should not change it, since every listener of the same message sees the same array.
 */
public final class PubSubMessage {

    private final Subscription.Kind kind;
    private final String channel;
    private final String pattern;
    private final byte[] payload;

    /**
     * A message; {@code pattern} is non-null exactly when {@code kind} is PATTERN.
     *
     * @throws NullPointerException if kind, channel or payload is null
     * @throws IllegalArgumentException if the pattern does not fit the kind
     */
    public PubSubMessage(Subscription.Kind kind, String channel, String pattern, byte[] payload) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.payload = Objects.requireNonNull(payload, "payload");
        if ((kind == Subscription.Kind.PATTERN) != (pattern != null)) {
            throw new IllegalArgumentException("a pattern comes with a PATTERN message and only with one; got kind "
                    + kind + " and pattern " + pattern);
        }
        this.pattern = pattern;
    }

    /** Which kind of subscription received it: a channel, a pattern or a shard channel. */
    public Subscription.Kind kind() {
        return kind;
    }

    /** The channel the message was published to. */
    public String channel() {
        return channel;
    }

    /** The pattern that matched the channel, for a pattern subscription; null otherwise. */
    public String pattern() {
        return pattern;
    }

    /** The payload, not copied. */
    public byte[] payload() {
        return payload;
    }

    /** The payload decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PubSubMessage[" + kind + " " + channel + (pattern != null ? " via " + pattern : "") + ", "
                + payload.length + " bytes]";
    }
}
