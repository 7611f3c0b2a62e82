package dev.tether.redis.resp;

import java.util.Objects;

/**
 * A RESP3 attribute ({@code |1\r\n...}) together with the value it annotates.
 *
 * <p>On the wire an attribute is a map that precedes a reply and adds out-of-band metadata
 * (e.g. key popularity) without changing the reply's shape. The decoder pairs it with the
 * value that follows instead of returning the map as a value of its own: otherwise a client
 * matching replies to requests in order would treat the attribute as the reply and be off
 * by one for the rest of the connection. Callers that do not care can simply unwrap
 * {@link #value()}.
 *
 * @param attributes the attribute map
 * @param value      the annotated value (itself possibly {@code Attributed})
 */
public record Attributed(RespMap attributes, RespValue value) implements RespValue {

    /** Both parts are required: an attribute without a value does not exist on the wire. */
    public Attributed {
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return RespText.describe(this);
    }
}
