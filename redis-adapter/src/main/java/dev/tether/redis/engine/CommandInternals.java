package dev.tether.redis.engine;

import dev.tether.redis.Command;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's view of a {@link Command}'s internals: its arguments as kept (text or bytes) and
 * its pre-encoded RESP head, so the codec writes text straight into its buffer without the
 * public API handing out either. {@code Command} installs the view when its class initialises;
 * this package is not exported, so nothing outside the client can reach it.
 */
public final class CommandInternals {

    /** What the codec reads of a command. */
    public interface View {
        /** Name first (bytes), then each argument as a {@code byte[]} or a {@code String}; not a copy. */
        Object[] arguments(Command<?> command);

        /** {@code *N\r\n$L\r\nNAME\r\n}: the bytes every send of the command starts with. */
        byte[] head(Command<?> command);
    }

    private static final AtomicReference<View> VIEW = new AtomicReference<>();

    private CommandInternals() {
    }

    /** Called once, by {@code Command}'s static initialiser. */
    public static void install(View view) {
        if (!VIEW.compareAndSet(null, view)) {
            throw new IllegalStateException("the command view is installed already");
        }
    }

    /** The view; any existing command has initialised its class, so it is there. */
    static View view() {
        View view = VIEW.get();
        if (view == null) {
            try {
                Class.forName(Command.class.getName(), true, Command.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            view = VIEW.get();
        }
        return view;
    }
}
