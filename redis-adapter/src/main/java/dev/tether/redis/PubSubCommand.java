package dev.tether.redis;

import dev.tether.redis.Subscription.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Pub/Sub command of a subscriber: SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE (or their UN- forms)
 * with its names, and the confirmation the server sends once per name ("subscribe",
 * "punsubscribe"...), which the codec matches against it.
 */
record PubSubCommand(Kind kind, boolean subscribe, List<String> names, Command<?> command, String confirmation) {

    /** Names per command when many are (re)subscribed: keeps each command, and its confirmations, modest. */
    static final int NAMES_PER_COMMAND = 1_000;

    static PubSubCommand of(Kind kind, boolean subscribe, List<String> names) {
        String verb = switch (kind) {
            case CHANNEL -> subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE";
            case PATTERN -> subscribe ? "PSUBSCRIBE" : "PUNSUBSCRIBE";
            case SHARD_CHANNEL -> subscribe ? "SSUBSCRIBE" : "SUNSUBSCRIBE";
        };
        String[] args = new String[names.size() + 1];
        args[0] = verb;
        for (int i = 0; i < names.size(); i++) {
            args[i + 1] = names.get(i);
        }
        return new PubSubCommand(kind, subscribe, List.copyOf(names), Command.of(args), verb.toLowerCase(Locale.ROOT));
    }

    /** {@code names} as commands of at most {@link #NAMES_PER_COMMAND} names each. */
    static List<PubSubCommand> chunked(Kind kind, boolean subscribe, List<String> names) {
        List<PubSubCommand> out = new ArrayList<>();
        for (int from = 0; from < names.size(); from += NAMES_PER_COMMAND) {
            out.add(of(kind, subscribe, names.subList(from, Math.min(names.size(), from + NAMES_PER_COMMAND))));
        }
        return out;
    }

    /** One command per name: how a refused multi-name command finds out which names were refused. */
    static List<PubSubCommand> oneByOne(Kind kind, List<String> names) {
        List<PubSubCommand> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(of(kind, true, List.of(name)));
        }
        return out;
    }

    @Override
    public String toString() {
        return confirmation.toUpperCase(Locale.ROOT) + " (" + names.size() + (names.size() == 1 ? " name)" : " names)");
    }
}
