package dev.tether.redis;

import java.util.Objects;

/**
 * An error reply from the server as a value: how pipelines and transactions report the
 * commands that failed among those that succeeded.
 *
 * @param message the server's text, starting with its code, e.g. {@code "WRONGTYPE Operation against a key..."}
 */
public record RedisError(String message) {

    public RedisError {
        Objects.requireNonNull(message, "message");
    }

    /** The error code: the first word of the message, e.g. {@code WRONGTYPE}, {@code ERR}, {@code MOVED}. */
    public String code() {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
