package dev.tether.examples.line;

import dev.tether.core.pipe.Pipe;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A running line client, as an application holds it: made by
 * {@link LineClient#start(String, int, dev.tether.core.ConnectionOptions)}, or around a pipe from
 * {@link LineClient#builder}. Safe to share between threads; it reconnects by itself, and
 * {@link #close()} stops it.
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

    private final Pipe<LineClient.Line> pipe;

    /** A session over {@code pipe}, which it closes with itself. */
    public LineSession(Pipe<LineClient.Line> pipe) {
        this.pipe = Objects.requireNonNull(pipe, "pipe");
    }

    /**
     * Sends one request line and waits for its reply, within the call timeout of the connection
     * options.
     *
     * @throws LineClientException if there was no reply: see {@link LineClientException#reason()}
     * @throws IllegalArgumentException if {@code line} contains a line break
     */
    public String send(String line) {
        return pipe.call(new LineClient.Line(line));
    }

    /** As {@link #send(String)}, within {@code timeout}. */
    public String send(String line, Duration timeout) {
        return pipe.call(new LineClient.Line(line), timeout);
    }

    /**
     * As {@link #send(String)}, without waiting: the future fails with the same
     * {@link LineClientException}s. A line with a line break is refused at once.
     */
    public CompletableFuture<String> sendAsync(String line) {
        return pipe.callAsync(new LineClient.Line(line));
    }

    /** As {@link #sendAsync(String)}, within {@code timeout}. */
    public CompletableFuture<String> sendAsync(String line, Duration timeout) {
        return pipe.callAsync(new LineClient.Line(line), timeout);
    }

    /** The pipe underneath, for its state, its unfinished requests and its stop. */
    public Pipe<LineClient.Line> pipe() {
        return pipe;
    }

    /** Stops the client: waiting callers fail with {@code STOPPED}, the socket is closed. */
    @Override
    public void close() {
        pipe.close();
    }

    @Override
    public String toString() {
        return "LineSession[" + pipe + "]";
    }
}
