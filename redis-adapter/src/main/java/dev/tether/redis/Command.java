package dev.tether.redis;

import dev.tether.redis.resp.Attributed;
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

    /** The arguments, name first: each a {@code byte[]} or a {@code String} (encoded as UTF-8 when sent). */
    private final Object[] args;
    /** What every send of this command starts with: {@code *N\r\n$L\r\nNAME\r\n}. */
    private final byte[] head;
    private final String name;
    private final ReplyConverter<T> converter;
    private final Duration serverTimeout;
    private final Restriction restriction;

    /** Name first (its bytes), then each argument as a {@code byte[]} or a {@code String}; not a copy: the codec's view. */
    Object[] arguments() {
        return args;
    }

    /** {@code *N\r\n$L\r\nNAME\r\n}: the bytes every send of this command starts with. */
    byte[] head() {
        return head;
    }


    /**
     * The names {@link Commands} and {@link #of(String...)} build with, encoded and upper-cased
     * once, with the RESP head of each argument count up to {@link Name#HEADS}: building a GET
     * then costs no name bytes and no name string. Bounded: past {@link #MAX_NAMES} names, new
     * ones are made afresh each time.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Name> NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_NAMES = 1024;

    private record Name(String upper, byte[] bytes, byte[][] heads) {
        static final int HEADS = 8;

        static Name of(String name) {
            Name known = NAMES.get(name);
            if (known != null) {
                return known;
            }
            Name made = fresh(name.getBytes(StandardCharsets.UTF_8));
            if (NAMES.size() < MAX_NAMES) {
                NAMES.putIfAbsent(name, made);
            }
            return made;
        }

        static Name fresh(byte[] bytes) {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("the command name is empty");
            }
            byte[][] heads = new byte[HEADS][];
            for (int argc = 1; argc < HEADS; argc++) {
                heads[argc] = encodeHead(argc, bytes);
            }
            return new Name(CommandRules.name(bytes), bytes, heads);
        }

        byte[] head(int argc) {
            return argc < HEADS ? heads[argc] : encodeHead(argc, bytes);
        }

        private static byte[] encodeHead(int argc, byte[] name) {
            byte[] prefix = ("*" + argc + "\r\n$" + name.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] head = java.util.Arrays.copyOf(prefix, prefix.length + name.length + 2);
            System.arraycopy(name, 0, head, prefix.length, name.length);
            head[head.length - 2] = '\r';
            head[head.length - 1] = '\n';
            return head;
        }
    }

    /** {@code args[0]} is replaced by the name's bytes; the rest must be byte[] or String. */
    private Command(Name name, Object[] args, ReplyConverter<T> converter) {
        for (int i = 1; i < args.length; i++) {
            if (!(args[i] instanceof byte[]) && !(args[i] instanceof String)) {
                throw new IllegalArgumentException("argument " + i + " of " + name.upper() + " is "
                        + (args[i] == null ? "null" : "a " + args[i].getClass().getName()));
            }
        }
        args[0] = name.bytes();
        this.args = args;
        this.head = name.head(args.length);
        this.name = name.upper();
        this.converter = Objects.requireNonNull(converter, "converter");
        this.serverTimeout = CommandRules.serverTimeout(this.name, args);
        this.restriction = CommandRules.restriction(this.name, args);
    }

    /** A copy of {@code args} as a plain {@code Object[]} (the caller's array may be a String[]), name checked. */
    private static Object[] copyWithName(Object[] args) {
        Objects.requireNonNull(args, "args");
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        if (args[0] == null) {
            throw new IllegalArgumentException("argument 0 of the command is null");
        }
        return java.util.Arrays.copyOf(args, args.length, Object[].class);
    }

    /** A command whose reply is returned as the raw {@link RespValue}. */
    public static Command<RespValue> of(String... args) {
        return of(Replies.RAW, args);
    }

    /** A binary-safe command whose reply is returned as the raw {@link RespValue}. */
    public static Command<RespValue> of(byte[]... args) {
        Object[] copy = copyWithName(args);
        return new Command<>(Name.fresh((byte[]) copy[0]), copy, Replies.RAW);
    }

    /** A command with a converter of your own. */
    public static <T> Command<T> of(ReplyConverter<T> converter, String... args) {
        Object[] copy = copyWithName(args);
        return new Command<>(Name.of((String) copy[0]), copy, converter);
    }

    /** {@code name key}: the commonest shape, without a varargs array. */
    static <T> Command<T> build(ReplyConverter<T> converter, String name, String key) {
        return new Command<>(Name.of(name), new Object[] {null, key}, converter);
    }

    /** {@code name key value}. */
    static <T> Command<T> build(ReplyConverter<T> converter, String name, String key, String value) {
        return new Command<>(Name.of(name), new Object[] {null, key, value}, converter);
    }

    /** {@code parts[0]} is the name (a literal of {@link Commands}); numbers become their decimal text. */
    static <T> Command<T> build(ReplyConverter<T> converter, Object... parts) {
        Object[] args = new Object[parts.length];
        for (int i = 1; i < parts.length; i++) {
            args[i] = switch (parts[i]) {
                case null -> throw new IllegalArgumentException("argument " + i + " of " + parts[0] + " is null");
                case byte[] b -> b;
                case String s -> s;
                case Long l -> Long.toString(l);
                case Integer n -> Integer.toString(n);
                case Double d -> formatDouble(d);
                default -> throw new IllegalArgumentException("unsupported argument type " + parts[i].getClass());
            };
        }
        Name name = parts[0] instanceof byte[] b ? Name.fresh(b) : Name.of((String) parts[0]);
        return new Command<>(name, args, converter);
    }

    private static String formatDouble(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "+inf" : "-inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The command name in upper case, e.g. {@code GET}. */
    public String name() {
        return name;
    }

    /** How many arguments, the name included. */
    public int argumentCount() {
        return args.length;
    }

    /**
     * Argument {@code i} (0 is the name) as bytes. A binary argument's array is shared, do not
     * modify it; a text argument is encoded (UTF-8) on each call, since the client writes text
     * straight into its buffer and keeps no bytes for it.
     */
    public byte[] argument(int i) {
        return args[i] instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) args[i];
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

    /**
     * Converts a (non-error) reply. A RESP3 attribute sent with it reaches only a converter that
     * {@linkplain ReplyConverter#seesAttributes() sees attributes}; any other gets the value alone.
     */
    public T convert(RespValue reply) {
        return converter.convert(reply instanceof Attributed && !converter.seesAttributes() ? Replies.unwrap(reply) : reply);
    }

    /**
     * For blocking commands (BLPOP, XREAD BLOCK, WAIT...), the server-side timeout the command
     * carries ({@link Duration#ZERO} for "forever", a negative duration for a negative timeout,
     * which the client refuses); null for every other command. The client's deadline for such a
     * command is this plus the command timeout, never less.
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
