package dev.tether.redis.resp;

import java.util.List;

/**
 * A RESP3 push ({@code >3\r\n...}): out-of-band data the server sends without a request,
 * such as pub/sub messages and client-side-caching invalidations.
 *
 * <p>It is a separate type from {@link RespArray} (same shape on the wire) precisely so that
 * the client's reply matching can route pushes away from the request queue; confusing the
 * two would pair a pub/sub message with the next pending command.
 *
 * @param elements the elements; by convention the first names the push kind
 */
public record RespPush(List<RespValue> elements) implements RespValue {

    /** Adopts decoder-built lists, copies anything else. */
    public RespPush {
        elements = ElementList.immutable(elements);
    }

    /**
     * Creates a push of the given elements.
     *
     * @param elements the elements
     * @return the push
     */
    public static RespPush of(RespValue... elements) {
        return new RespPush(List.of(elements));
    }

    /**
     * The push kind, e.g. {@code "message"} or {@code "invalidate"}: the first element when it
     * is a bulk or simple string, which is how Redis labels every push it sends.
     *
     * @return the kind, or {@code null} if the first element is missing or not a string
     */
    public String kind() {
        if (elements.isEmpty()) {
            return null;
        }
        return switch (elements.get(0)) {
            case RespBulkString b -> b.asString();
            case RespSimpleString s -> s.value();
            default -> null;
        };
    }

    @Override
    public String toString() {
        return RespText.aggregate(">", elements);
    }
}
