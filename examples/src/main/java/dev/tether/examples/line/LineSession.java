package dev.tether.examples.line;

import dev.tether.connection.ConnectionRef;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A running {@link LineClient}, as an application holds it: made by
 * {@link LineClient#start(String, int, dev.tether.core.ConnectionOptions)}. Safe to share between
 * threads; it reconnects by itself, and {@link #close()} stops it.
 *
 * <pre>{@code
 * try (LineSession lines = LineClient.start("127.0.0.1", port, ConnectionOptions.defaults())) {
 *     lines.send("ECHO hello");                   // "hello"
 *     lines.sendAsync("INCR visits")              // many may be in flight at once
 *          .thenAccept(n -> System.out.println(n));
 * }
 * }</pre>
 */
public final class LineSession implements AutoCloseable {

    private final ConnectionRef<String, String> connection;

    LineSession(ConnectionRef<String, String> connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Sends one request line and waits for its reply, within the connection's call timeout.
     *
     * @throws LineClientException if there is no connection ({@code CLOSED}) or it was lost
     *     before the reply came ({@code DISCONNECTED})
     * @throws dev.tether.connection.CallTimeoutException if no reply came in time
     * @throws IllegalArgumentException if {@code line} contains a line break
     */
    public String send(String line) {
        return connection.call(line);
    }

    /** As {@link #send(String)}, without waiting: the future fails with the same exceptions. */
    public CompletableFuture<String> sendAsync(String line) {
        return connection.callAsync(line);
    }

    /** The connection process, for its state, lifecycle and stop. */
    public ConnectionRef<String, String> connection() {
        return connection;
    }

    /** Stops the client: waiting callers fail, the socket is closed. */
    @Override
    public void close() {
        connection.stop();
    }

    @Override
    public String toString() {
        return "LineSession[" + connection + "]";
    }
}
