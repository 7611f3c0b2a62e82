package dev.tether.redis.resp;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Immutable list view over an array the decoder filled and then let go of.
 *
 * <p>It exists so that decoding an aggregate allocates exactly one array plus this thin
 * wrapper: {@link List#copyOf} would copy the array again, and
 * {@code Collections.unmodifiableList(Arrays.asList(...))} would add a second wrapper. The
 * class is package-private, so the only way to obtain one is from the decoder, which is what
 * lets the records adopt it without a defensive copy.
 */
final class ElementList<E> extends AbstractList<E> implements RandomAccess {

    private final Object[] items;
    private final int size;

    /** The caller hands over {@code items}; it must not touch the array afterwards. */
    ElementList(Object[] items, int size) {
        this.items = items;
        this.size = size;
    }

    /** Adopts decoder-built lists as-is and defensively copies any other list. */
    static <T> List<T> immutable(List<T> list) {
        Objects.requireNonNull(list, "elements");
        return list instanceof ElementList<T> ? list : List.copyOf(list);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) items[index];
    }

    @Override
    public int size() {
        return size;
    }
}
