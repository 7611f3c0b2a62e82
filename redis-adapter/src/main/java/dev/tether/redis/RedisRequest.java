package dev.tether.redis;

import dev.tether.core.pipe.Request;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespError;
import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a caller sends over the pipe, and how its replies are collected: the one exchange type of
 * the Redis client. Each kind says what it writes ({@link RespCodec} encodes it), how many reply
 * frames answer it ({@link #replyFrames()}), its deadline ({@link #timeout()}: the command timeout
 * plus a blocking command's server-side block time; null for the pipe's call timeout, which is
 * the command timeout) and what the caller receives ({@link #reply(Object)}, run on whichever
 * thread read the last frame). The pipe's exchange is the one place an outstanding request is
 * tracked; the reply of a caller that gave up is consumed in order and dropped.
 *
 * @param <T> what the caller receives
 */
sealed interface RedisRequest<T> extends Request<T> {

    /** One command; an error reply is thrown to the caller as {@link RedisErrorException}. */
    record Single<T>(Command<T> command, Duration timeout) implements RedisRequest<T> {
        @Override
        @SuppressWarnings("unchecked")
        public T reply(Object decoded) {
            if (decoded instanceof String text) {
                return (T) text; // decoded as text already: only for a command that repliesAsText
            }
            RespValue reply = (RespValue) decoded;
            if (Replies.unwrap(reply) instanceof RespError e) {
                throw new RedisErrorException(new RedisError(e.message()));
            }
            return command.convert(reply);
        }

        @Override
        public String toString() {
            return "Single[" + command + "]";
        }
    }

    /** Commands written back to back; results in order, errors as {@link RedisError} values. */
    record Pipeline(List<Command<?>> commands, Duration timeout) implements RedisRequest<List<Object>> {
        @Override
        public int replyFrames() {
            return commands.size();
        }

        @Override
        public List<Object> reply(Object decoded) {
            Object[] frames = frames(decoded);
            List<Object> results = new ArrayList<>(frames.length);
            for (int i = 0; i < frames.length; i++) {
                results.add(convertOrError(commands.get(i), (RespValue) frames[i]));
            }
            return Collections.unmodifiableList(results);
        }

        @Override
        public String toString() {
            return "Pipeline[" + commands.size() + " commands]";
        }
    }

    /**
     * MULTI, the commands, EXEC: N+2 frames. The caller gets EXEC's results converted (errors as
     * values), null when a WATCHed key changed (EXEC answered null), or a
     * {@link RedisErrorException} when EXEC failed (EXECABORT, with the first queueing error).
     */
    record Transaction(List<Command<?>> commands, Duration timeout) implements RedisRequest<List<Object>> {
        @Override
        public int replyFrames() {
            return commands.size() + 2;
        }

        @Override
        public List<Object> reply(Object decoded) {
            Object[] frames = (Object[]) decoded;
            RespError queueError = null;
            // MULTI's +OK, then +QUEUED per command (or the error that will abort EXEC).
            for (int i = 0; i <= commands.size(); i++) {
                if (Replies.unwrap((RespValue) frames[i]) instanceof RespError e && queueError == null) {
                    queueError = e;
                }
            }
            RespValue exec = Replies.unwrap((RespValue) frames[frames.length - 1]);
            switch (exec) {
                case RespError e -> throw new RedisErrorException(new RedisError(
                        queueError == null ? e.message() : e.message() + " (first error: " + queueError.message() + ")"));
                case RespNull n -> {
                    return null;
                }
                case RespArray a -> {
                    List<Object> out = new ArrayList<>(a.size());
                    for (int i = 0; i < a.size(); i++) {
                        out.add(convertOrError(commands.get(i), a.get(i)));
                    }
                    return Collections.unmodifiableList(out);
                }
                default -> throw new IllegalStateException("EXEC answered " + exec);
            }
        }

        @Override
        public String toString() {
            return "Transaction[" + commands.size() + " commands]";
        }
    }

    /** One command whose reply is read and dropped; an error reply is logged. */
    record FireAndForget(Command<?> command) implements RedisRequest<Void> {
        private static final Logger log = LoggerFactory.getLogger(FireAndForget.class);

        @Override
        public Void reply(Object decoded) {
            if (decoded instanceof RespValue v && Replies.unwrap(v) instanceof RespError e) {
                log.warn("fire-and-forget {} failed on the server: {}", command, e.message());
            }
            return null;
        }

        @Override
        public String toString() {
            return "FireAndForget[" + command + "]";
        }
    }

    /**
     * Pub/Sub commands written back to back (SUBSCRIBE a b, PSUBSCRIBE p*, UNSUBSCRIBE c...), on
     * a subscriber's connection. Each command is answered by one confirmation per name, which
     * the codec collects into one frame (the server's counts, a {@code long[]}), or by one error.
     * The caller receives, per command, its {@code long[]} or a {@link RedisError}; {@code onReply}
     * sees the same list first, on the thread that read the last confirmation, so what it
     * queues comes before any message read after it.
     */
    record PubSub(List<PubSubCommand> commands, Duration timeout, java.util.function.Consumer<List<Object>> onReply)
            implements RedisRequest<List<Object>> {
        @Override
        public int replyFrames() {
            return commands.size();
        }

        @Override
        public List<Object> reply(Object decoded) {
            List<Object> results = new ArrayList<>(commands.size());
            for (Object frame : frames(decoded)) {
                results.add(frame instanceof RespValue v && Replies.unwrap(v) instanceof RespError e
                        ? new RedisError(e.message()) : frame);
            }
            List<Object> view = Collections.unmodifiableList(results);
            if (onReply != null) {
                onReply.accept(view);
            }
            return view;
        }

        @Override
        public String toString() {
            return "PubSub[" + commands + "]";
        }
    }

    /** The frames of a multi-frame request: the pipe hands over the frame itself when one frame answers it. */
    private static Object[] frames(Object decoded) {
        return decoded instanceof Object[] all ? all : new Object[] {decoded};
    }

    /** A reply converted by its command, or the error (a {@link RedisError}, or what conversion threw) as a value. */
    static Object convertOrError(Command<?> command, RespValue reply) {
        if (Replies.unwrap(reply) instanceof RespError e) {
            return new RedisError(e.message());
        }
        try {
            return command.convert(reply);
        } catch (RuntimeException e) {
            return e;
        }
    }
}
