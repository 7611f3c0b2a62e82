package dev.tether.redis.testkit;

import java.io.Serial;

/**
 * The server answered a command sent by {@link RedisServer#execute(String...)} with an error
 * reply ({@code -ERR ...}, {@code -NOAUTH ...}, ...). The message is the server's text, without
 * the leading {@code -}.
 */
public class RedisReplyException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param serverMessage the error line sent by the server, e.g. {@code ERR unknown command}
     */
    public RedisReplyException(String serverMessage) {
        super(serverMessage);
    }

    /**
     * The error prefix: the first word of the message, e.g. {@code ERR}, {@code WRONGTYPE},
     * {@code NOAUTH}.
     *
     * @return the error prefix
     */
    public String prefix() {
        String message = getMessage();
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
