package dev.tether.redis;

import java.util.List;

/** The blocking HyperLogLog commands of {@link RedisCommands}, each over {@link #execute}; built by {@code HyperLogLogTable}. */
interface SyncHyperLogLogs {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    /** PFADD: whether the estimate changed. */
    default boolean pfadd(String key, String... elements) {
        return execute(Commands.pfadd(key, List.of(elements)));
    }

    /** PFCOUNT: the estimated number of distinct elements (of the union, for several keys). */
    default long pfcount(String... keys) {
        return execute(Commands.pfcount(List.of(keys)));
    }

    /** PFMERGE: merges the sources into the destination. */
    default void pfmerge(String destination, String... sources) {
        execute(Commands.pfmerge(destination, List.of(sources)));
    }
}
