package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * HyperLogLog commands of {@link Commands}: PFADD, PFCOUNT, PFMERGE.
 */
abstract class HyperLogLogTable extends SortedSetTable {

    HyperLogLogTable() {
    }

    /** PFADD key element...: whether the estimate changed. */
    public static Command<Boolean> pfadd(String key, List<String> elements) {
        return Command.build(Replies.BOOLEAN, withMembers("PFADD", key, elements));
    }

    /** PFCOUNT key...: the estimated number of distinct elements (of the union, for several keys). */
    public static Command<Long> pfcount(List<String> keys) {
        return Command.build(Replies.LONG, withKeys("PFCOUNT", keys));
    }

    /** PFMERGE destination source...: merges the sources into the destination (kept and merged too); no reply value. */
    public static Command<Void> pfmerge(String destination, List<String> sources) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(sources, "sources");
        List<Object> parts = new ArrayList<>(sources.size() + 2);
        parts.add("PFMERGE");
        parts.add(destination);
        parts.addAll(sources);
        return Command.build(Replies.VOID, parts.toArray());
    }
}
