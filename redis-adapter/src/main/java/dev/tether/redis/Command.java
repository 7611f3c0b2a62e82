package dev.tether.redis;

import dev.tether.redis.engine.CommandRules;
import dev.tether.redis.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One Redis command: its arguments and how to convert its reply. Immutable and reusable; build
 * typed ones with {@link Commands}, anything else with {@link #of(String...)}. Arguments are
 * checked when the command is built: an empty command or a null argument is an
 * {@link IllegalArgumentException}.
 *
 * @param <T> what the reply converts to
 */
public final class Command<T> {

    /** Which connections may carry a command; decided once, when it is built. */
    public enum Restriction {
        /** Any connection. */
        NONE,
        /** Only a dedicated connection (the body of a watch transaction): WATCH, UNWATCH, MULTI, EXEC, DISCARD. */
        DEDICATED_ONLY,
        /** None of the client's connections (SELECT, SUBSCRIBE, CLIENT REPLY...): each has an API of its own. */
        NEVER
    }

    private final byte[][] args;
    private final String name;
    private final ReplyConverter<T> converter;
    private final Duration serverTimeout;
    private final Restriction restriction;

    /**
     * The names {@link Commands} builds with, encoded and upper-cased once: building a GET then
     * costs no name bytes and no name string. Bounded, though only literal names reach it.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Name> NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_NAMES = 1024;

    private record Name(String upper, byte[] bytes) {
        static Name of(String name) {
            Name known = NAMES.get(name);
            if (known != null) {
                return known;
            }
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            Name made = new Name(bytes.length == 0 ? "" : CommandRules.name(bytes), bytes);
            if (NAMES.size() < MAX_NAMES) {
                NAMES.putIfAbsent(name, made);
            }
            return made;
        }
    }

    private Command(byte[][] args, ReplyConverter<T> converter) {
        this(args, null, converter);
    }

    /** {@code name}: the upper-cased {@code args[0]} when the caller knows it, else null. */
    private Command(byte[][] args, String name, ReplyConverter<T> converter) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                throw new IllegalArgumentException("argument " + i + " of the command is null");
            }
        }
        if (args[0].length == 0) {
            throw new IllegalArgumentException("the command name is empty");
        }
        this.args = args;
        this.name = name != null ? name : CommandRules.name(args[0]);
        this.converter = Objects.requireNonNull(converter, "converter");
        this.serverTimeout = CommandRules.serverTimeout(this.name, args);
        this.restriction = CommandRules.restriction(this.name, args);
    }

    /** A command whose reply is returned as the raw {@link RespValue}. */
    public static Command<RespValue> of(String... args) {
        return new Command<>(encode(args), Replies.RAW);
    }

    /** A binary-safe command whose reply is returned as the raw {@link RespValue}. */
    public static Command<RespValue> of(byte[]... args) {
        Objects.requireNonNull(args, "args");
        return new Command<>(args.clone(), Replies.RAW);
    }

    /** A command with a converter of your own. */
    public static <T> Command<T> of(ReplyConverter<T> converter, String... args) {
        return new Command<>(encode(args), converter);
    }

    /** {@code name key}: the commonest shape, without a varargs array. */
    static <T> Command<T> build(ReplyConverter<T> converter, String name, String key) {
        Name n = Name.of(name);
        if (key == null) {
            throw new IllegalArgumentException("argument 1 of " + name + " is null");
        }
        return new Command<>(new byte[][] {n.bytes(), key.getBytes(StandardCharsets.UTF_8)}, n.upper(), converter);
    }

    static <T> Command<T> build(ReplyConverter<T> converter, Object... parts) {
        byte[][] args = new byte[parts.length][];
        String name = null;
        int from = 0;
        if (parts.length > 0 && parts[0] instanceof String first) {
            Name n = Name.of(first);
            args[0] = n.bytes();
            name = n.upper();
            from = 1;
        }
        for (int i = from; i < parts.length; i++) {
            args[i] = switch (parts[i]) {
                case null -> throw new IllegalArgumentException("argument " + i + " of " + parts[0] + " is null");
                case byte[] b -> b;
                case String s -> s.getBytes(StandardCharsets.UTF_8);
                case Long l -> Long.toString(l).getBytes(StandardCharsets.US_ASCII);
                case Integer n -> Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
                case Double d -> formatDouble(d).getBytes(StandardCharsets.US_ASCII);
                default -> throw new IllegalArgumentException("unsupported argument type " + parts[i].getClass());
            };
        }
        return new Command<>(args, name, converter);
    }

    private static String formatDouble(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "+inf" : "-inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static byte[][] encode(String... args) {
        Objects.requireNonNull(args, "args");
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                throw new IllegalArgumentException("argument " + i + " of the command is null");
            }
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** The command name in upper case, e.g. {@code GET}. */
    public String name() {
        return name;
    }

    /** How many arguments, the name included. */
    public int argumentCount() {
        return args.length;
    }

    /** Argument {@code i} (0 is the name); the array is shared, do not modify it. */
    public byte[] argument(int i) {
        return args[i];
    }

    byte[][] arguments() {
        return args;
    }

    /**
     * Whether the client may send this command: decided when it is built, checked by the client
     * on every send (WATCH, MULTI, SELECT, SUBSCRIBE, CLIENT REPLY... are refused on the shared
     * connection).
     */
    public Restriction restriction() {
        return restriction;
    }

    /**
     * True when this command's reply converts to a bulk string's UTF-8 text as is (GET, ECHO,
     * GETSET...): the client may then decode such a reply straight to a {@code String}, with no
     * intermediate {@link RespValue}. Other reply shapes still go through {@link #convert}.
     */
    public boolean repliesAsText() {
        return converter == Replies.STRING;
    }

    /** Converts a (non-error) reply. */
    public T convert(RespValue reply) {
        return converter.convert(reply);
    }

    /**
     * For blocking commands (BLPOP, XREAD BLOCK, WAIT...), the server-side timeout the command
     * carries ({@link Duration#ZERO} for "forever"); null for every other command. The client's
     * deadline for such a command is this plus the command timeout, never less.
     */
    public Duration serverTimeout() {
        return serverTimeout;
    }

    /** The name and argument count only: arguments may be secrets. */
    @Override
    public String toString() {
        return name + " (" + (args.length - 1) + " args)";
    }
}
