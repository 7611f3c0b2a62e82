package dev.tether.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The asynchronous list commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code ListTable}. */
interface AsyncLists {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    default CompletableFuture<Long> lpush(String key, String... values) {
        return executeAsync(Commands.lpush(key, List.of(values)));
    }

    default CompletableFuture<Long> rpush(String key, String... values) {
        return executeAsync(Commands.rpush(key, List.of(values)));
    }

    default CompletableFuture<String> lpop(String key) {
        return executeAsync(Commands.lpop(key));
    }

    default CompletableFuture<String> rpop(String key) {
        return executeAsync(Commands.rpop(key));
    }

    default CompletableFuture<List<String>> lrange(String key, long start, long stop) {
        return executeAsync(Commands.lrange(key, start, stop));
    }

    default CompletableFuture<Long> llen(String key) {
        return executeAsync(Commands.llen(key));
    }

    /** BLPOP: null when {@code timeout} passed with nothing to pop. See the class note on blocking. */
    default CompletableFuture<KeyValue> blpop(Duration timeout, String... keys) {
        return executeAsync(Commands.blpop(List.of(keys), timeout));
    }

    default CompletableFuture<String> lindex(String key, long index) {
        return executeAsync(Commands.lindex(key, index));
    }

    default CompletableFuture<Void> lset(String key, long index, String element) {
        return executeAsync(Commands.lset(key, index, element));
    }

    default CompletableFuture<Long> lrem(String key, long count, String element) {
        return executeAsync(Commands.lrem(key, count, element));
    }

    default CompletableFuture<Void> ltrim(String key, long start, long stop) {
        return executeAsync(Commands.ltrim(key, start, stop));
    }

    default CompletableFuture<Long> linsert(String key, InsertPosition position, String pivot, String element) {
        return executeAsync(Commands.linsert(key, position, pivot, element));
    }

    /** LPOS: the index of the first match, or null. */
    default CompletableFuture<Long> lpos(String key, String element) {
        return executeAsync(Commands.lpos(key, element, LposOptions.none()));
    }

    /** LPOS with RANK/MAXLEN: the index of the match, or null. */
    default CompletableFuture<Long> lpos(String key, String element, LposOptions options) {
        return executeAsync(Commands.lpos(key, element, options));
    }

    /** LPOS ... COUNT: the indexes of up to {@code count} matches (0 for all). */
    default CompletableFuture<List<Long>> lpos(String key, String element, long count, LposOptions options) {
        return executeAsync(Commands.lpos(key, element, count, options));
    }

    default CompletableFuture<String> lmove(String source, String destination, ListSide from, ListSide to) {
        return executeAsync(Commands.lmove(source, destination, from, to));
    }

    /** LMPOP (non-blocking): the key and values popped, or null when every list is empty. */
    default CompletableFuture<KeyValues> lmpop(ListSide side, long count, String... keys) {
        return executeAsync(Commands.lmpop(List.of(keys), side, count));
    }
}
