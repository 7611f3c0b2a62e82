package dev.tether.redis.resp;

import java.util.List;

/**
 * A RESP3 set ({@code ~2\r\n...}), e.g. the reply to {@code SMEMBERS} under RESP3.
 *
 * <p>Elements are kept as a list in wire order, not as a {@link java.util.Set}: the codec's
 * job is to reproduce exactly what the server sent (including any duplicates a buggy server
 * might send), and hashing every element would cost time on a hot path where most callers
 * only iterate. Immutability follows {@link RespArray}.
 *
 * @param elements the members, in wire order
 */
public record RespSet(List<RespValue> elements) implements RespValue {

    /** The empty set {@code ~0\r\n}, shared because it carries no data. */
    public static final RespSet EMPTY = new RespSet(List.of());

    /** Adopts decoder-built lists, copies anything else. */
    public RespSet {
        elements = ElementList.immutable(elements);
    }

    /**
     * Creates a set of the given members, kept in the given order.
     *
     * @param elements the members
     * @return the set
     */
    public static RespSet of(RespValue... elements) {
        return new RespSet(List.of(elements));
    }

    /**
     * The number of members.
     *
     * @return the member count
     */
    public int size() {
        return elements.size();
    }

    @Override
    public String toString() {
        return RespText.aggregate("~", elements);
    }
}
