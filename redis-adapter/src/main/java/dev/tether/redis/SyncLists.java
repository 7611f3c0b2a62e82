package dev.tether.redis;

import java.time.Duration;
import java.util.List;

/** The blocking list commands of {@link RedisCommands}, each over {@link #execute}; built by {@code ListTable}. */
interface SyncLists {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    default long lpush(String key, String... values) {
        return execute(Commands.lpush(key, List.of(values)));
    }

    default long rpush(String key, String... values) {
        return execute(Commands.rpush(key, List.of(values)));
    }

    default String lpop(String key) {
        return execute(Commands.lpop(key));
    }

    default String rpop(String key) {
        return execute(Commands.rpop(key));
    }

    default List<String> lrange(String key, long start, long stop) {
        return execute(Commands.lrange(key, start, stop));
    }

    default long llen(String key) {
        return execute(Commands.llen(key));
    }

    /** BLPOP: null when {@code timeout} passed with nothing to pop. See the class note on blocking. */
    default KeyValue blpop(Duration timeout, String... keys) {
        return execute(Commands.blpop(List.of(keys), timeout));
    }

    default String lindex(String key, long index) {
        return execute(Commands.lindex(key, index));
    }

    default void lset(String key, long index, String element) {
        execute(Commands.lset(key, index, element));
    }

    default long lrem(String key, long count, String element) {
        return execute(Commands.lrem(key, count, element));
    }

    default void ltrim(String key, long start, long stop) {
        execute(Commands.ltrim(key, start, stop));
    }

    default long linsert(String key, InsertPosition position, String pivot, String element) {
        return execute(Commands.linsert(key, position, pivot, element));
    }

    /** LPOS: the index of the first match, or null. */
    default Long lpos(String key, String element) {
        return execute(Commands.lpos(key, element, LposOptions.none()));
    }

    /** LPOS with RANK/MAXLEN: the index of the match, or null. */
    default Long lpos(String key, String element, LposOptions options) {
        return execute(Commands.lpos(key, element, options));
    }

    /** LPOS ... COUNT: the indexes of up to {@code count} matches (0 for all). */
    default List<Long> lpos(String key, String element, long count, LposOptions options) {
        return execute(Commands.lpos(key, element, count, options));
    }

    default String lmove(String source, String destination, ListSide from, ListSide to) {
        return execute(Commands.lmove(source, destination, from, to));
    }

    /** LMPOP (non-blocking): the key and values popped, or null when every list is empty. */
    default KeyValues lmpop(ListSide side, long count, String... keys) {
        return execute(Commands.lmpop(List.of(keys), side, count));
    }
}
