package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The asynchronous scripting commands of {@link RedisAsyncCommands}, each over {@link #executeAsync}; built by {@code ScriptTable}. */
interface AsyncScripting {

    /** Runs {@code command}; the future completes with its converted reply. */
    <T> CompletableFuture<T> executeAsync(Command<T> command);

    /** Runs {@code script} (EVALSHA, then EVAL once if the server answers NOSCRIPT): its raw reply. */
    default CompletableFuture<RespValue> evalScript(Script script, List<String> keys, List<String> args) {
        return evalScript(script, keys, args, Replies.RAW);
    }

    /**
     * Runs {@code script}: EVALSHA first; only if that fails with NOSCRIPT, EVAL once, which also
     * loads it. Any other failure, the script's own error included, fails the future as is.
     */
    default <T> CompletableFuture<T> evalScript(Script script, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        Command<T> evalsha = Commands.evalsha(script, keys, args, converter);
        Command<T> eval = Commands.eval(script, keys, args, converter);
        return executeAsync(evalsha).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return cause instanceof RedisErrorException e && "NOSCRIPT".equals(e.code())
                    ? executeAsync(eval)
                    : CompletableFuture.failedFuture(cause);
        });
    }

    default CompletableFuture<String> scriptLoad(Script script) {
        return executeAsync(Commands.scriptLoad(script));
    }

    default CompletableFuture<List<Boolean>> scriptExists(String... sha1s) {
        return executeAsync(Commands.scriptExists(List.of(sha1s)));
    }

    default CompletableFuture<Boolean> scriptFlush() {
        return executeAsync(Commands.scriptFlush());
    }

    default CompletableFuture<RespValue> fcall(String function, List<String> keys, List<String> args) {
        return executeAsync(Commands.fcall(function, keys, args, Replies.RAW));
    }

    default <T> CompletableFuture<T> fcall(String function, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return executeAsync(Commands.fcall(function, keys, args, converter));
    }

    default CompletableFuture<RespValue> fcallReadOnly(String function, List<String> keys, List<String> args) {
        return executeAsync(Commands.fcallReadOnly(function, keys, args, Replies.RAW));
    }

    default <T> CompletableFuture<T> fcallReadOnly(String function, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return executeAsync(Commands.fcallReadOnly(function, keys, args, converter));
    }

    default CompletableFuture<String> functionLoad(String source, boolean replace) {
        return executeAsync(Commands.functionLoad(source, replace));
    }

    default CompletableFuture<Boolean> functionDelete(String library) {
        return executeAsync(Commands.functionDelete(library));
    }

    default CompletableFuture<Boolean> functionFlush() {
        return executeAsync(Commands.functionFlush());
    }
}
