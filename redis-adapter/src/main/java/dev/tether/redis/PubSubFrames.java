package dev.tether.redis;

import dev.tether.core.pipe.Codec;
import dev.tether.redis.Subscription.Kind;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespPush;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import java.util.List;

/**
 * The subscriber half of {@link RespCodec}: on a subscriber's connection every frame is a
 * message, a confirmation, or an ordinary reply, under RESP3 (messages and confirmations are
 * pushes) and RESP2 (they are plain arrays) alike. Messages become {@link PubSubMessage}s handed
 * to the push listener; the confirmations of one {@link PubSubCommand} (one per name) are
 * collected into one frame, the server's counts as a {@code long[]}; everything else (an error,
 * PONG, RESP2's {@code ["pong", ""]}, the handshake's replies) is an ordinary reply.
 *
 * <p>Used by the codec's decoding side only, so single-threaded.
 */
final class PubSubFrames {

    /** From {@link #classify}: a confirmation was collected and its command wants more; decode on. */
    static final Object CONTINUE = new Object();

    private Object head; // the request whose confirmations are being collected
    private int command; // which of its commands
    private int confirmed;
    private long[] counts;

    /**
     * What to make of {@code v}, given the oldest request waiting: a {@link Codec.Push} (a
     * message, or a confirmation nobody asked for), {@link #CONTINUE}, a finished command's
     * {@code long[]}, or null for an ordinary reply, which the codec hands on as usual.
     */
    Object classify(RespValue v, RedisRequest<?> head) {
        List<RespValue> elements = v instanceof RespPush p ? p.elements() : v instanceof RespArray a ? a.elements() : null;
        String kind = elements == null || elements.isEmpty() ? null : text(elements.get(0));
        if (kind != null) {
            switch (kind) {
                case "message" -> {
                    return message(Kind.CHANNEL, elements, 3);
                }
                case "smessage" -> {
                    return message(Kind.SHARD_CHANNEL, elements, 3);
                }
                case "pmessage" -> {
                    return message(Kind.PATTERN, elements, 4);
                }
                case "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe" -> {
                    return confirmation(kind, elements, head);
                }
                default -> {
                    // ["pong", ""] under RESP2, or a push of another kind: not ours
                }
            }
        }
        if (v instanceof RespPush) {
            return null;
        }
        if (head instanceof RedisRequest.PubSub) {
            // An error answers a whole command: no confirmation of it follows.
            track(head);
            nextCommand();
        }
        return null;
    }

    private static Object message(Kind kind, List<RespValue> e, int size) {
        if (e.size() != size) {
            return null;
        }
        String pattern = kind == Kind.PATTERN ? text(e.get(1)) : null;
        String channel = text(e.get(size - 2));
        if (channel == null || !(e.get(size - 1) instanceof RespBulkString payload)) {
            return null;
        }
        return new Codec.Push(new PubSubMessage(kind, channel, pattern, payload.bytes()));
    }

    private Object confirmation(String kind, List<RespValue> e, RedisRequest<?> head) {
        if (head instanceof RedisRequest.PubSub p && e.size() == 3 && e.get(2) instanceof RespInteger count) {
            track(head);
            if (command < p.commands().size() && p.commands().get(command).confirmation().equals(kind)) {
                PubSubCommand c = p.commands().get(command);
                if (counts == null) {
                    counts = new long[c.names().size()];
                }
                counts[confirmed++] = count.value();
                if (confirmed < counts.length) {
                    return CONTINUE;
                }
                long[] done = counts;
                nextCommand();
                return done;
            }
        }
        // Not asked for: a server-initiated SUNSUBSCRIBE (a slot moved), say. The subscriber logs it.
        return new Codec.Push(new RespPush(e));
    }

    private void track(Object head) {
        if (head != this.head) {
            this.head = head;
            command = 0;
            confirmed = 0;
            counts = null;
        }
    }

    private void nextCommand() {
        command++;
        confirmed = 0;
        counts = null;
    }

    private static String text(RespValue v) {
        return switch (v) {
            case RespBulkString b -> b.asString();
            case RespSimpleString s -> s.value();
            default -> null;
        };
    }
}
