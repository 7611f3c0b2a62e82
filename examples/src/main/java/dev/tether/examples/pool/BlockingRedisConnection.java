package dev.tether.examples.pool;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.DisconnectResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StopReason;
import dev.tether.redis.resp.RespDecoder;
import dev.tether.redis.resp.RespEncoder;
import dev.tether.redis.resp.RespOutput;
import dev.tether.redis.resp.RespProtocolException;
import dev.tether.redis.resp.RespValue;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One blocking Redis connection as a Connection behaviour: the member of a {@link BlockingRedisPool}.
 *
 * <p>It owns a plain blocking {@link Socket} and does strictly one request at a time, the way
 * Jedis does: handleCall encodes the command, writes it, then <em>blocks the loop</em> reading
 * until the whole reply is decoded, and answers the caller with {@link CallResult#reply}. Nothing
 * is deferred and nothing is pipelined; the next call waits in the mailbox until this one is
 * answered. Blocking in a callback is allowed: on a platform-thread loop (the pool's default) the
 * read is a plain blocking system call; on Tether's default virtual-thread loop it parks the
 * virtual thread without holding a carrier. The socket's read timeout bounds every request, so a
 * silent server cannot freeze the loop.
 *
 * <p>Replies are raw {@link RespValue}s; a server error reply is a value too (the pool turns it
 * into an exception on the caller's thread). An I/O or protocol error fails the caller with an
 * {@link UncheckedIOException} and disconnects; the connection then reconnects by itself with the
 * runtime's backoff, and calls meanwhile fail fast.
 */
final class BlockingRedisConnection implements Connection<String[], RespValue> {

    private final InetSocketAddress address;
    private final Duration ioTimeout;
    private final RespOutput out = new RespOutput(256);
    private final RespEncoder encoder = new RespEncoder(out);
    private final byte[] readBuffer = new byte[8 * 1024];
    private final ByteBuffer window = ByteBuffer.wrap(readBuffer);
    private Socket socket; // null while not connected
    private InputStream in;
    private OutputStream os;
    private RespDecoder decoder;

    BlockingRedisConnection(String host, int port, Duration ioTimeout) {
        this.address = new InetSocketAddress(host, port);
        this.ioTimeout = ioTimeout;
    }

    @Override
    public InitResult init(ConnectionContext<String[], RespValue> context) {
        return InitResult.connect("init");
    }

    @Override
    public ConnectResult connect(Object info) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) ioTimeout.toMillis());
            s.setSoTimeout((int) ioTimeout.toMillis());
            in = s.getInputStream();
            os = s.getOutputStream();
        } catch (IOException e) {
            closeQuietly(s);
            return ConnectResult.backoffByPolicy(e);
        }
        socket = s;
        decoder = new RespDecoder(); // a fresh stream: nothing half-read survives a reconnect
        return ConnectResult.ok();
    }

    @Override
    public CallResult<RespValue> handleCall(String[] command, ReplyTo<RespValue> from) {
        if (socket == null) {
            from.fail(new UncheckedIOException(new ConnectException("not connected to " + address + "; reconnecting")));
            return CallResult.noReply();
        }
        try {
            out.clear();
            encoder.writeCommand(command);
            os.write(out.array(), 0, out.size());
            return CallResult.reply(readReply());
        } catch (IOException e) {
            from.fail(new UncheckedIOException(e));
            return CallResult.disconnect(e);
        } catch (RespProtocolException e) {
            from.fail(new UncheckedIOException(new IOException("invalid reply from " + address, e)));
            return CallResult.disconnect(e);
        }
    }

    /** Reads until one whole reply is decoded; the loop is blocked (parked) meanwhile. */
    private RespValue readReply() throws IOException {
        for (;;) {
            int n = in.read(readBuffer);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            window.clear().limit(n);
            RespValue reply = decoder.next(window);
            if (reply != null) {
                if (window.hasRemaining()) {
                    throw new IOException("bytes after the reply: one request at a time cannot get them");
                }
                return reply;
            }
        }
    }

    @Override
    public DisconnectResult disconnect(Object info) {
        closeSocket();
        return DisconnectResult.backoff(Backoff.byPolicy().because(info instanceof Throwable t ? t : null));
    }

    @Override
    public void terminate(StopReason reason) {
        closeSocket();
    }

    private void closeSocket() {
        if (socket != null) {
            closeQuietly(socket);
            socket = null;
            in = null;
            os = null;
            decoder = null;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort: the descriptor is released either way
        }
    }

    @Override
    public String formatState() {
        return "BlockingRedisConnection[" + address + ", " + (socket != null ? "connected" : "not connected") + "]";
    }
}
