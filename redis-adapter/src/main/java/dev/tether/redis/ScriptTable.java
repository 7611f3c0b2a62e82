package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scripting commands of {@link Commands}: EVALSHA/EVAL through a {@link Script}, SCRIPT LOAD, FCALL, FUNCTION LOAD.
 * The EVALSHA-then-EVAL fallback takes two round trips, so it lives in the {@code evalScript}
 * methods of the clients, over these builders.
 */
abstract class ScriptTable extends StreamTable {

    ScriptTable() {
    }

    /** EVALSHA sha1 numkeys key... arg...: the script's reply, converted by {@code converter}; a NOSCRIPT error if it is not loaded. */
    public static <T> Command<T> evalsha(Script script, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return Command.build(converter, withKeysAndArgs("EVALSHA", Objects.requireNonNull(script, "script").sha1(), keys, args));
    }

    /** EVAL source numkeys key... arg...: the script's reply, converted by {@code converter} (and the script is loaded). */
    public static <T> Command<T> eval(Script script, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return Command.build(converter, withKeysAndArgs("EVAL", Objects.requireNonNull(script, "script").source(), keys, args));
    }

    /** SCRIPT LOAD source: the script's SHA-1 (equal to {@link Script#sha1()}). */
    public static Command<String> scriptLoad(Script script) {
        return Command.build(Replies.STRING, "SCRIPT", "LOAD", Objects.requireNonNull(script, "script").source());
    }

    /** SCRIPT EXISTS sha1...: whether each script is loaded, in order. */
    public static Command<List<Boolean>> scriptExists(List<String> sha1s) {
        Objects.requireNonNull(sha1s, "sha1s");
        if (sha1s.isEmpty()) {
            throw new IllegalArgumentException("SCRIPT EXISTS needs at least one sha1");
        }
        List<Object> parts = new ArrayList<>(sha1s.size() + 2);
        parts.add("SCRIPT");
        parts.add("EXISTS");
        parts.addAll(sha1s);
        return Command.build(v -> Replies.list(v, Replies::bool), parts.toArray());
    }

    /** SCRIPT FLUSH: true (OK); every loaded script is gone. */
    public static Command<Boolean> scriptFlush() {
        return Command.build(Replies.BOOLEAN, "SCRIPT", "FLUSH");
    }

    /** FCALL function numkeys key... arg...: the function's reply, converted by {@code converter}. */
    public static <T> Command<T> fcall(String function, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return Command.build(converter, withKeysAndArgs("FCALL", Objects.requireNonNull(function, "function"), keys, args));
    }

    /** FCALL_RO function numkeys key... arg...: a read-only function's reply, converted by {@code converter}. */
    public static <T> Command<T> fcallReadOnly(String function, List<String> keys, List<String> args, ReplyConverter<T> converter) {
        return Command.build(converter, withKeysAndArgs("FCALL_RO", Objects.requireNonNull(function, "function"), keys, args));
    }

    /** FUNCTION LOAD [REPLACE] source: the library's name (from its {@code #!lua name=...} line). */
    public static Command<String> functionLoad(String source, boolean replace) {
        Objects.requireNonNull(source, "source");
        return replace
                ? Command.build(Replies.STRING, "FUNCTION", "LOAD", "REPLACE", source)
                : Command.build(Replies.STRING, "FUNCTION", "LOAD", source);
    }

    /** FUNCTION DELETE library: true (OK); an error if there is no such library. */
    public static Command<Boolean> functionDelete(String library) {
        return Command.build(Replies.BOOLEAN, "FUNCTION", "DELETE", Objects.requireNonNull(library, "library"));
    }

    /** FUNCTION FLUSH: true (OK); every library is gone. */
    public static Command<Boolean> functionFlush() {
        return Command.build(Replies.BOOLEAN, "FUNCTION", "FLUSH");
    }

    /** {@code name target numkeys key... arg...}; keys and args may be empty, converter required. */
    private static Object[] withKeysAndArgs(String name, String target, List<String> keys, List<String> args) {
        Objects.requireNonNull(keys, name + " keys");
        Objects.requireNonNull(args, name + " args");
        List<Object> parts = new ArrayList<>(keys.size() + args.size() + 3);
        parts.add(name);
        parts.add(target);
        parts.add(keys.size());
        parts.addAll(keys);
        parts.addAll(args);
        return parts.toArray();
    }
}
