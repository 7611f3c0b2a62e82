package dev.tether.redis;

import java.util.List;
import java.util.Objects;

/**
 * A key and the values popped from it, as LMPOP returns them.
 *
 * @param key the first non-empty key of those given
 * @param values the values popped, in pop order (unmodifiable)
 */
public record KeyValues(String key, List<String> values) {

    /** Copies {@code values}; neither may be null. */
    public KeyValues {
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
    }
}
