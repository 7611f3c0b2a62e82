package dev.tether.redis.resp;

import java.util.Arrays;
import java.util.List;

/**
 * The decoder's explicit stack of half-built aggregates.
 *
 * <p>Explicit rather than recursive so that the decoder can stop in the middle of a
 * 100,000-element array when the input runs out and resume later without re-parsing, and so
 * that nesting is bounded by a limit instead of by the thread stack. Frames are reused across
 * values, so nesting itself allocates nothing; element arrays grow as elements actually
 * arrive and never beyond the declared count, which makes the final array exact and lets the
 * finished aggregate adopt it without a copy.
 */
final class AggregateStack {

    private static final RespPush EMPTY_PUSH = new RespPush(List.of());

    private final int maxDepth;
    private Frame[] frames = new Frame[4];
    private int depth;

    AggregateStack(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    int depth() {
        return depth;
    }

    /** The value of a zero-length aggregate, or null for an attribute (which still awaits its value). */
    static RespValue empty(byte type) {
        return switch (type) {
            case '*' -> RespArray.EMPTY;
            case '~' -> RespSet.EMPTY;
            case '%' -> RespMap.EMPTY;
            case '>' -> EMPTY_PUSH;
            default -> null;
        };
    }

    /**
     * Opens an aggregate of {@code type} ({@code * ~ > % |}) expecting {@code count} elements
     * (entries for maps and attributes). The caller has checked the depth and count limits.
     *
     * @param slotHint upper bound on initial element slots, so a forged count allocates little
     */
    void push(byte type, int count, int slotHint) {
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, Math.min(maxDepth, depth * 2));
        }
        Frame f = frames[depth];
        if (f == null) {
            f = frames[depth] = new Frame();
        }
        f.type = type;
        f.remaining = count;
        f.size = 0;
        if (count == 0) {
            f.attributes = RespMap.EMPTY;
        } else {
            f.items = new Object[Math.min(count, slotHint)];
        }
        depth++;
    }

    /**
     * Hands a finished value to the innermost open aggregate, closing every aggregate it
     * completes.
     *
     * @return the finished top-level value, or {@code null} while an aggregate is still open
     */
    RespValue add(RespValue value) {
        RespValue v = value;
        while (depth > 0) {
            Frame f = frames[depth - 1];
            if (f.attributes != null) {
                v = new Attributed(f.attributes, v);
            } else if (f.type == '%' || f.type == '|') {
                if (f.pendingKey == null) {
                    f.pendingKey = v;
                    return null;
                }
                f.append(new RespMap.Entry(f.pendingKey, v));
                f.pendingKey = null;
                if (--f.remaining > 0) {
                    return null;
                }
                RespMap map = new RespMap(new ElementList<>(f.items, f.size));
                if (f.type == '|') {
                    // The attribute map is done; the frame stays open for the value it annotates.
                    f.items = null;
                    f.attributes = map;
                    return null;
                }
                v = map;
            } else {
                f.append(v);
                if (--f.remaining > 0) {
                    return null;
                }
                List<RespValue> elements = new ElementList<>(f.items, f.size);
                v = switch (f.type) {
                    case '*' -> new RespArray(elements);
                    case '~' -> new RespSet(elements);
                    default -> new RespPush(elements);
                };
            }
            f.clear();
            depth--;
        }
        return v;
    }

    /** One open aggregate; clear() drops references so finished values are not retained. */
    private static final class Frame {
        byte type;
        /** Elements (map entries) still expected, counting the one being appended. */
        int remaining;
        Object[] items;
        int size;
        RespValue pendingKey;
        /** Set for an attribute whose map is complete and which now awaits its value. */
        RespMap attributes;

        void append(Object item) {
            if (size == items.length) {
                items = Arrays.copyOf(items, (int) Math.min((long) size + remaining, Math.max(16L, size * 2L)));
            }
            items[size++] = item;
        }

        void clear() {
            items = null;
            pendingKey = null;
            attributes = null;
            size = 0;
        }
    }
}
