package dev.tether.redis.resp;

import java.util.List;

/**
 * A RESP array ({@code *2\r\n...}), the reply shape of multi-value commands and, in RESP2,
 * of everything aggregate (maps and sets arrive flattened into arrays).
 *
 * <p>The element list is immutable. Lists produced by the decoder are adopted without a
 * copy (they are already immutable views over the decoder's own array); any other list is
 * copied defensively, because a value that could change after decoding would make replies
 * racy when they are handed between threads.
 *
 * @param elements the elements, in wire order; never null, no null elements
 */
public record RespArray(List<RespValue> elements) implements RespValue {

    /** The empty array {@code *0\r\n}, shared because it carries no data. */
    public static final RespArray EMPTY = new RespArray(List.of());

    /** Adopts decoder-built lists, copies anything else (also rejecting null elements). */
    public RespArray {
        elements = ElementList.immutable(elements);
    }

    /**
     * Creates an array of the given elements.
     *
     * @param elements the elements
     * @return the array
     */
    public static RespArray of(RespValue... elements) {
        return new RespArray(List.of(elements));
    }

    /**
     * The number of elements.
     *
     * @return the element count
     */
    public int size() {
        return elements.size();
    }

    /**
     * The element at {@code index}.
     *
     * @param index zero-based index
     * @return the element
     */
    public RespValue get(int index) {
        return elements.get(index);
    }

    @Override
    public String toString() {
        return RespText.aggregate("*", elements);
    }
}
