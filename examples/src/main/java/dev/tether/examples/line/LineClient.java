package dev.tether.examples.line;

import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Codec;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.Request;
import dev.tether.core.pipe.WriteBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A client for a line protocol (one request line, one reply line, in order; see
 * {@link LineServer}), built on the {@link Pipe} layer. This class is only the protocol: how a
 * request is written ({@link #encode}) and where a reply ends ({@link #decode}). Everything else
 * (pipelining many callers over one socket, matching replies in order, deadlines, reconnects with
 * backoff, CLOSED versus DISCONNECTED, the stall check that replaces a silent connection) is the
 * pipe's. {@link LineSession} is the facade applications hold.
 *
 * <pre>{@code
 * try (LineSession lines = LineClient.start("127.0.0.1", port, ConnectionOptions.defaults())) {
 *     lines.send("INCR visits");                       // "1"
 *     lines.sendAsync("SLOW 100 later");               // a future; many may be in flight
 * }
 * // Or the pipe itself, typed by the request: no casts.
 * Pipe<LineClient.Line> pipe = LineClient.builder(SocketOptions.tcp("127.0.0.1", port)).start();
 * String pong = pipe.call(new LineClient.Line("PING"));
 * }</pre>
 */
public final class LineClient implements Codec<LineClient.Line> {

    /**
     * One request line, without its line break; its reply is the next line the server sends.
     *
     * @param text the request, e.g. {@code INCR visits}
     */
    public record Line(String text) implements Request<String> {

        /**
         * A request line.
         *
         * @throws IllegalArgumentException if {@code text} holds a line break: it would be two requests
         */
        public Line {
            Objects.requireNonNull(text, "text");
            if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a request is one line, without line breaks: " + text);
            }
        }
    }

    private LineClient() {
    }

    /**
     * A pipe builder for the server at {@code socket}, with the codec and the error translator
     * set (every failure is a {@link LineClientException}); set connection options, stall
     * interval and the like on it, then start it.
     */
    // snippet:line-codec
    public static Pipe.Builder<Line> builder(SocketOptions socket) {
        return Pipe.builder(LineClient::new, socket).errorTranslator(LineClientException::from);
    }
    // end-snippet

    /** Starts a client of {@code host:port} and returns the handle applications use. */
    public static LineSession start(String host, int port, ConnectionOptions options) {
        return new LineSession(builder(SocketOptions.tcp(host, port)).connection(options).start());
    }

    // snippet:line-codec
    @Override
    public Class<Line> requestType() {
        return Line.class;
    }

    @Override
    public void encode(Line request, WriteBuffer out) {
        out.putUtf8(request.text()).put((byte) '\n');
    }

    @Override
    public Object decode(ByteBuffer in, Line head) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                byte[] line = new byte[i - in.position()];
                in.get(line).get(); // the line, then its line break
                return new String(line, StandardCharsets.UTF_8);
            }
        }
        return NEED_MORE;
    }
    // end-snippet
}
