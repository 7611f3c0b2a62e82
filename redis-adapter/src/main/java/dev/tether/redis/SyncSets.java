package dev.tether.redis;

import java.util.List;
import java.util.Set;

/** The blocking set commands of {@link RedisCommands}, each over {@link #execute}; built by {@code SetTable}. */
interface SyncSets {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default long sadd(String key, String... members) {
        return execute(Commands.sadd(key, List.of(members)));
    }

    default long srem(String key, String... members) {
        return execute(Commands.srem(key, List.of(members)));
    }

    default Set<String> smembers(String key) {
        return execute(Commands.smembers(key));
    }

    default boolean sismember(String key, String member) {
        return execute(Commands.sismember(key, member));
    }

    default long scard(String key) {
        return execute(Commands.scard(key));
    }

    default Set<String> sinter(String... keys) {
        return execute(Commands.sinter(List.of(keys)));
    }

    default Set<String> sunion(String... keys) {
        return execute(Commands.sunion(List.of(keys)));
    }

    default Set<String> sdiff(String... keys) {
        return execute(Commands.sdiff(List.of(keys)));
    }

    /** SINTERCARD: the intersection's size, counting no further than {@code limit} (0 for no limit). */
    default long sintercard(long limit, String... keys) {
        return execute(Commands.sintercard(List.of(keys), limit));
    }

    default boolean smove(String source, String destination, String member) {
        return execute(Commands.smove(source, destination, member));
    }

    default String spop(String key) {
        return execute(Commands.spop(key));
    }

    default Set<String> spop(String key, long count) {
        return execute(Commands.spop(key, count));
    }

    default String srandmember(String key) {
        return execute(Commands.srandmember(key));
    }

    default List<String> srandmember(String key, long count) {
        return execute(Commands.srandmember(key, count));
    }

    /** One SSCAN step; the page's keys are the members; pass the cursor back until it is "0". */
    default ScanPage sscan(String key, String cursor, String match, int count) {
        return execute(Commands.sscan(key, cursor, match, count));
    }
}
