package dev.tether.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What the shared client refuses, and how long blocking commands may block. Kept in one place so
 * the rules and their messages stay consistent (docs/redis-client.md, 'Delivery rules').
 */
final class CommandRules {

    /** Commands that change per-connection state another caller would trip over. */
    private static final Map<String, String> FORBIDDEN_ON_SHARED = Map.ofEntries(
            Map.entry("WATCH", "use RedisClient.watchTransaction(keys, body), which runs on a dedicated connection"),
            Map.entry("UNWATCH", "use RedisClient.watchTransaction(keys, body), which runs on a dedicated connection"),
            Map.entry("MULTI", "use RedisClient.transaction(commands), which sends MULTI ... EXEC as one pipeline"),
            Map.entry("EXEC", "use RedisClient.transaction(commands), which sends MULTI ... EXEC as one pipeline"),
            Map.entry("DISCARD", "use RedisClient.transaction(commands), which sends MULTI ... EXEC as one pipeline"),
            Map.entry("SELECT", "set the database in RedisOptions; it is selected on every (re)connect"),
            Map.entry("HELLO", "set the protocol and credentials in RedisOptions; the handshake runs on every connect"),
            Map.entry("AUTH", "set the credentials in RedisOptions; the handshake runs on every connect"),
            Map.entry("RESET", "it would reset the state every caller of the shared connection relies on"),
            Map.entry("QUIT", "it would close the connection every caller shares; use RedisClient.close()"),
            Map.entry("SUBSCRIBE", "Pub/Sub needs a connection of its own: use RedisSubscriber"),
            Map.entry("PSUBSCRIBE", "Pub/Sub needs a connection of its own: use RedisSubscriber"),
            Map.entry("SSUBSCRIBE", "Pub/Sub needs a connection of its own: use RedisSubscriber"),
            Map.entry("UNSUBSCRIBE", "Pub/Sub needs a connection of its own: use RedisSubscriber"),
            Map.entry("PUNSUBSCRIBE", "Pub/Sub needs a connection of its own: use RedisSubscriber"),
            Map.entry("SUNSUBSCRIBE", "Pub/Sub needs a connection of its own: use RedisSubscriber"),
            Map.entry("MONITOR", "MONITOR turns the connection into a stream; it needs a connection of its own"),
            Map.entry("SYNC", "replication streams need a connection of their own"),
            Map.entry("PSYNC", "replication streams need a connection of their own"));

    /** CLIENT subcommands refused on the shared connection, with what to use instead. */
    private static final Map<String, String> CLIENT_SUBCOMMANDS = Map.of(
            "REPLY", "CLIENT REPLY is not allowed: it breaks the matching of replies to commands; "
                    + "use RedisClient.fireAndForget(command) to ignore a reply",
            "SETNAME", "CLIENT SETNAME cannot be issued on the shared connection: it would override the "
                    + "clientName option until the next reconnect; set clientName in RedisOptions, which names "
                    + "every (re)connection");

    private CommandRules() {
    }

    /** How {@code name} (upper case) with {@code args} (name first; each text or bytes) is restricted. */
    static Command.Restriction restriction(String name, Object[] args) {
        if (name.equals("CLIENT") && args.length > 1 && CLIENT_SUBCOMMANDS.containsKey(text(args[1]).toUpperCase(Locale.ROOT))) {
            return Command.Restriction.NEVER;
        }
        if (!FORBIDDEN_ON_SHARED.containsKey(name)) {
            return Command.Restriction.NONE;
        }
        return switch (name) {
            case "WATCH", "UNWATCH", "MULTI", "EXEC", "DISCARD" -> Command.Restriction.DEDICATED_ONLY;
            default -> Command.Restriction.NEVER;
        };
    }

    /**
     * Rejects a command the connection cannot carry, with a message naming what to use instead.
     *
     * @param dedicated true on a dedicated connection (the watch-transaction body)
     */
    static void check(Command<?> command, boolean dedicated) {
        switch (command.restriction()) {
            case NONE -> {
            }
            case DEDICATED_ONLY -> {
                if (!dedicated) {
                    throw refused(command);
                }
            }
            case NEVER -> throw refused(command);
        }
    }

    /**
     * Refuses a command with an argument longer than {@code maxBulk} bytes: the server would
     * drop the connection (its {@code proto-max-bulk-len}), failing every caller's commands.
     */
    static void checkSize(Command<?> command, int maxBulk) {
        Object[] args = command.arguments();
        for (int i = 1; i < args.length; i++) {
            long length = args[i] instanceof String s
                    ? (s.length() <= maxBulk / 3 ? s.length() : utf8Length(s))
                    : ((byte[]) args[i]).length;
            if (length > maxBulk) {
                throw new IllegalArgumentException("argument " + i + " of " + command.name() + " is " + length
                        + " bytes, over the limit of " + maxBulk + " (RespLimits.maxBulkLength, the server's"
                        + " proto-max-bulk-len by default); nothing was sent");
            }
        }
    }

    /** The UTF-8 length of {@code s}, counted without encoding it (a large value is not copied to be measured). */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // a lone surrogate is encoded as '?' (1 byte): 3 overstates it, never understates
            }
        }
        return n;
    }

    /**
     * Below this many argument bytes a command's deadline is the command timeout as is: a value of
     * a few MiB is written well within it on any working link, and a stopped server is found as
     * fast as ever.
     */
    private static final long LARGE_COMMAND = 4 * 1024 * 1024;
    /** The time a large command's deadline grows by, per byte: a floor of about 1 MB/s on the link. */
    private static final long NANOS_PER_BYTE = 1_000;

    /**
     * What a large command adds to its deadline for its size (zero below 4 MiB): writing a 256
     * MiB value over a slow link is not a dead server, so it gets about a second per MiB more.
     */
    static long sizeSlackNanos(Command<?> command) {
        Object[] args = command.arguments();
        long bytes = 0;
        for (int i = 1; i < args.length; i++) {
            bytes += args[i] instanceof String s ? s.length() : ((byte[]) args[i]).length;
        }
        return bytes < LARGE_COMMAND ? 0 : bytes * NANOS_PER_BYTE;
    }

    private static IllegalArgumentException refused(Command<?> command) {
        String name = command.name();
        if (name.equals("CLIENT")) {
            String sub = text(command.argument(1)).toUpperCase(Locale.ROOT);
            return new IllegalArgumentException(CLIENT_SUBCOMMANDS.get(sub));
        }
        return new IllegalArgumentException(name + " cannot be issued on the shared connection: "
                + FORBIDDEN_ON_SHARED.get(name));
    }

    /**
     * The server-side timeout of a blocking command, or null if the command does not block.
     * {@link Duration#ZERO} means "block forever"; {@link #NEGATIVE} a negative timeout.
     */
    static Duration serverTimeout(String name, Object[] args) {
        try {
            return switch (name) {
                case "BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX", "BLMOVE", "BRPOPLPUSH" ->
                        seconds(args[args.length - 1]);
                case "BLMPOP", "BZMPOP" -> seconds(args[1]);
                case "WAIT", "WAITAOF" -> millis(args[args.length - 1]);
                case "XREAD", "XREADGROUP" -> blockOption(args);
                default -> null;
            };
        } catch (RuntimeException e) {
            return null; // malformed: the server will say so; the normal deadline applies
        }
    }

    private static Duration blockOption(Object[] args) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (text(args[i]).equalsIgnoreCase("BLOCK")) {
                return millis(args[i + 1]);
            }
        }
        return null;
    }

    /** A negative value stays negative (see {@link #NEGATIVE}), so it can be refused before sending. */
    private static Duration seconds(Object arg) {
        double s = Double.parseDouble(text(arg));
        if (Double.isNaN(s) || Double.isInfinite(s)) {
            return null; // the server refuses it
        }
        return s < 0 ? NEGATIVE : s == 0 ? Duration.ZERO : Duration.ofNanos((long) Math.min(s * 1e9, Long.MAX_VALUE / 2));
    }

    private static Duration millis(Object arg) {
        long ms = Long.parseLong(text(arg));
        return ms < 0 ? NEGATIVE : ms == 0 ? Duration.ZERO : Duration.ofMillis(Math.min(ms, Long.MAX_VALUE / 2_000_000));
    }

    /** What {@link #serverTimeout} says of a negative timeout, which the client refuses. */
    static final Duration NEGATIVE = Duration.ofNanos(-1);

    /**
     * Refuses a blocking command whose timeout is negative, or 0 (block forever) unless
     * {@code allowInfinite}: both before anything is sent, with a message saying what to do.
     */
    static void checkBlock(Command<?> command, boolean allowInfinite) {
        Duration block = command.serverTimeout();
        if (block == null) {
            return;
        }
        if (block.isNegative()) {
            throw new IllegalArgumentException(command.name() + " has a negative timeout; nothing was sent");
        }
        if (block.isZero() && !allowInfinite) {
            throw new IllegalArgumentException(command.name() + " has timeout 0, which blocks forever: give it a"
                    + " timeout, or turn on RedisOptions.allowInfiniteBlocking; nothing was sent");
        }
    }

    /**
     * Whether {@code command} alone goes to a dedicated connection: it blocks on the server and
     * would hold up every caller of the shared connection meanwhile. WAIT and WAITAOF stay on the
     * shared connection: they wait for the writes made on their own connection, which for a
     * single command are the shared connection's (a pipeline of writes then WAIT goes to a
     * dedicated connection whole, see {@link #routesToDedicated(java.util.List)}).
     */
    static boolean routesToDedicated(Command<?> command) {
        return command.serverTimeout() != null && !command.name().startsWith("WAIT");
    }

    /**
     * Whether a pipeline goes to a dedicated connection: it holds a command that would on its
     * own, or a WAIT after other commands (the writes it waits for travel with it). A pipeline
     * starting with WAIT stays shared, where the writes before it went.
     */
    static boolean routesToDedicated(java.util.List<Command<?>> commands) {
        for (int i = 0; i < commands.size(); i++) {
            Command<?> c = commands.get(i);
            if (routesToDedicated(c) || (i > 0 && c.serverTimeout() != null)) {
                return true;
            }
        }
        return false;
    }

    /** The upper-case command name. */
    static String name(byte[] first) {
        return text(first).toUpperCase(Locale.ROOT);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** An argument as kept by a command: text, or bytes read as UTF-8. */
    private static String text(Object arg) {
        return arg instanceof String s ? s : text((byte[]) arg);
    }
}
