package dev.tether.redis;

import dev.tether.redis.resp.RespValue;
import java.util.List;

/** The blocking scripting commands of {@link RedisCommands}, each over {@link #execute}; built by {@code ScriptTable}. */
interface SyncScripting {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);

    /** Runs {@code script} (EVALSHA, then EVAL once if the server answers NOSCRIPT): its raw reply. */
    default RespValue evalScript(Script script, List<String> keys, List<String> args) {
        return evalScript(script, keys, args, Replies.RAW);
    }

    /**
     * Runs {@code script}: EVALSHA first; only if the server does not know the script (NOSCRIPT)
     * EVAL once, which also loads it. Any other error, the script's own included, is thrown as is.
     */
    default <T> T evalScript(Script script, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        Command<T> evalsha = Commands.evalsha(script, keys, args, converter);
        Command<T> eval = Commands.eval(script, keys, args, converter);
        try {
            return execute(evalsha);
        } catch (RedisErrorException e) {
            if (!"NOSCRIPT".equals(e.code())) {
                throw e;
            }
            return execute(eval);
        }
    }

    default String scriptLoad(Script script) {
        return execute(Commands.scriptLoad(script));
    }

    default List<Boolean> scriptExists(String... sha1s) {
        return execute(Commands.scriptExists(List.of(sha1s)));
    }

    default boolean scriptFlush() {
        return execute(Commands.scriptFlush());
    }

    default RespValue fcall(String function, List<String> keys, List<String> args) {
        return execute(Commands.fcall(function, keys, args, Replies.RAW));
    }

    default <T> T fcall(String function, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return execute(Commands.fcall(function, keys, args, converter));
    }

    default RespValue fcallReadOnly(String function, List<String> keys, List<String> args) {
        return execute(Commands.fcallReadOnly(function, keys, args, Replies.RAW));
    }

    default <T> T fcallReadOnly(String function, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return execute(Commands.fcallReadOnly(function, keys, args, converter));
    }

    default String functionLoad(String source, boolean replace) {
        return execute(Commands.functionLoad(source, replace));
    }

    default boolean functionDelete(String library) {
        return execute(Commands.functionDelete(library));
    }

    default boolean functionFlush() {
        return execute(Commands.functionFlush());
    }
}
