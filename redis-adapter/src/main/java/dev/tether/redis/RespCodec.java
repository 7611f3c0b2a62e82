package dev.tether.redis;

import dev.tether.core.pipe.Codec;
import dev.tether.core.pipe.WriteBuffer;
import dev.tether.redis.resp.RespDecoder;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.resp.RespProtocolException;
import dev.tether.redis.resp.RespPush;
import dev.tether.redis.resp.RespValue;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RESP on the pipe: encodes {@link RedisRequest}s as RESP arrays of bulk strings (the same bytes
 * as {@code RespEncoder.writeCommand}, straight into the pipe's write buffer) and decodes replies
 * with the incremental {@link RespDecoder}, which consumes every byte it is given and keeps a
 * partial value across reads. One codec per connection (the pipe makes a fresh one), so a
 * half-read reply of a dead connection never reaches the next.
 *
 * <p>A command whose reply converts to a bulk string's text as is (GET, ECHO...) gets that text
 * decoded straight from the read buffer, without an intermediate value.
 *
 * <p>RESP3 push frames are returned as {@link Codec.Push}: they never shift reply matching.
 * Attribute frames are unwrapped. On a subscriber's connection ({@link PubSubFrames}) messages
 * become pushes under RESP2 as well, and a Pub/Sub command's confirmations are collected into
 * one frame. Bytes that are not RESP (or a reply nobody asked for) tear the
 * connection down with an IOException whose cause is the {@link RespProtocolException}.
 */
final class RespCodec implements Codec<RedisRequest<?>> {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    private final RespDecoder decoder;
    /** Null on a client's connection; on a subscriber's, what tells messages from replies. */
    private final PubSubFrames pubSub;

    RespCodec(RespLimits limits) {
        this(limits, false);
    }

    /** A codec for a subscriber's connection when {@code subscriber}: see {@link PubSubFrames}. */
    RespCodec(RespLimits limits, boolean subscriber) {
        this.decoder = new RespDecoder(limits);
        this.pubSub = subscriber ? new PubSubFrames() : null;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<RedisRequest<?>> requestType() {
        return (Class) RedisRequest.class;
    }

    @Override
    public void encode(RedisRequest<?> request, WriteBuffer out) {
        switch (request) {
            case RedisRequest.Single<?> s -> write(s.command(), out);
            case RedisRequest.FireAndForget f -> write(f.command(), out);
            case RedisRequest.Pipeline p -> writeAll(p.commands(), out);
            case RedisRequest.PubSub p -> {
                for (PubSubCommand c : p.commands()) {
                    write(c.command(), out);
                }
            }
            case RedisRequest.Transaction t -> {
                write(MULTI, out);
                writeAll(t.commands(), out);
                write(EXEC, out);
            }
        }
    }

    private static void writeAll(List<Command<?>> commands, WriteBuffer out) {
        for (Command<?> c : commands) {
            write(c, out);
        }
    }

    /**
     * One command: its pre-encoded head, then each argument as a bulk string, text encoded
     * straight into the buffer. Room for the whole command is made once, from an upper bound,
     * leaving out large binary arguments, which the pipe writes from the caller's array.
     */
    private static void write(Command<?> command, WriteBuffer out) {
        Object[] args = command.arguments();
        byte[] head = command.head();
        long room = head.length;
        for (int i = 1; i < args.length; i++) {
            long size = args[i] instanceof String s ? 3L * s.length() : ((byte[]) args[i]).length;
            room += 16 + (size >= WriteBuffer.DIRECT_MIN ? 0 : size);
        }
        if (room < Integer.MAX_VALUE) {
            out.ensure((int) room);
        }
        out.put(head);
        for (int i = 1; i < args.length; i++) {
            if (args[i] instanceof String s) {
                text(s, out);
            } else {
                bulk((byte[]) args[i], out);
            }
        }
    }

    /** A text argument: ASCII (keys, numbers, most values) goes in with no intermediate array. */
    private static void text(String s, WriteBuffer out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                bulk(s.getBytes(StandardCharsets.UTF_8), out);
                return;
            }
        }
        out.put((byte) '$').putDecimal(n).put(CRLF).putAscii(s).put(CRLF);
    }

    private static void write(byte[][] args, WriteBuffer out) {
        out.put((byte) '*').putDecimal(args.length).put(CRLF);
        for (byte[] a : args) {
            bulk(a, out);
        }
    }

    private static void bulk(byte[] arg, WriteBuffer out) {
        out.ensure(arg.length >= WriteBuffer.DIRECT_MIN ? 16 : arg.length + 16);
        out.put((byte) '$').putDecimal(arg.length).put(CRLF).put(arg).put(CRLF);
    }

    @Override
    public Object decode(ByteBuffer in, RedisRequest<?> head) throws ProtocolException {
        try {
            if (head instanceof RedisRequest.Single<?> single && single.command().repliesAsText()) {
                String text = decoder.nextBulkText(in); // a GET's value straight to its String
                if (text != null) {
                    return text;
                }
            }
            while (true) {
                RespValue value = decoder.next(in);
                if (value == null) {
                    return NEED_MORE;
                }
                // An attribute stays with its reply: the command's converter decides whether it sees it.
                RespValue v = Replies.unwrap(value);
                if (pubSub != null) {
                    Object frame = pubSub.classify(v, head);
                    if (frame == PubSubFrames.CONTINUE) {
                        continue; // a confirmation collected; its command wants more
                    }
                    if (frame != null) {
                        return frame;
                    }
                }
                if (v instanceof RespPush push) {
                    return new Push(push);
                }
                if (head == null) {
                    throw new RespProtocolException("the server sent a reply no command was waiting for: " + v,
                            decoder.bytesConsumed());
                }
                return value;
            }
        } catch (RespProtocolException e) {
            ProtocolException io = new ProtocolException("the server sent invalid RESP: " + e.getMessage());
            io.initCause(e);
            throw io;
        }
    }
}
