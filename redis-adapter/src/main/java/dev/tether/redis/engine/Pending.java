package dev.tether.redis.engine;

import dev.tether.connection.ReplyTo;
import dev.tether.redis.Command;
import dev.tether.redis.RedisError;
import dev.tether.redis.RedisErrorException;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespError;
import dev.tether.redis.resp.RespNull;
import dev.tether.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request written to the socket and waiting for its replies, in the order of the wire. The
 * reader feeds replies to the head entry; {@link #accept} returns true when the entry has all it
 * expects and leaves the queue. Each entry completes its caller exactly once: a timed-out caller
 * is already complete, so its late reply is consumed (keeping the order) and dropped.
 */
abstract sealed class Pending {

    private static final Logger log = LoggerFactory.getLogger(Pending.class);

    /** When the request was registered for writing (System.nanoTime()); set by the router. */
    volatile long writtenNanos;

    /** Extra silence allowed while this is the oldest request: a blocking command's own timeout. */
    long blockingAllowanceNanos() {
        return 0;
    }

    /** Takes the next reply; true when complete. Runs on the reader thread. */
    abstract boolean accept(RespValue reply);

    /** Fails the caller (disconnect, stop). */
    abstract void fail(RuntimeException error);

    /**
     * The server-side timeouts of the blocking commands among {@code commands}, added up: they run
     * one after another on the server, and the silence they cause is expected, not a dead socket.
     */
    static long allowanceOf(List<Command<?>> commands) {
        long total = 0;
        for (Command<?> c : commands) {
            java.time.Duration t = c.serverTimeout();
            if (t != null) {
                if (t.isZero()) {
                    return Long.MAX_VALUE / 4; // blocks until data arrives: never "silent too long"
                }
                total = Math.min(Long.MAX_VALUE / 4, total + t.toNanos());
            }
        }
        return total;
    }

    static Pending of(RedisRequest request, ReplyTo<Object> replyTo) {
        return switch (request) {
            case RedisRequest.Single s -> new Single(s.command(), replyTo);
            case RedisRequest.Pipeline p -> new Pipeline(p.commands(), replyTo);
            case RedisRequest.Transaction t -> new Transaction(t.commands(), replyTo);
            case RedisRequest.FireAndForget f -> new Discard(f.command());
        };
    }

    static Object convertOrError(Command<?> command, RespValue reply) {
        if (reply instanceof RespError e) {
            return new RedisError(e.message());
        }
        try {
            return command.convert(reply);
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** One command. */
    static final class Single extends Pending {
        private final Command<?> command;
        private final ReplyTo<Object> replyTo;

        Single(Command<?> command, ReplyTo<Object> replyTo) {
            this.command = command;
            this.replyTo = replyTo;
        }

        @Override
        long blockingAllowanceNanos() {
            return allowanceOf(List.of(command));
        }

        @Override
        boolean accept(RespValue reply) {
            if (replyTo.isDone()) {
                return true; // timed out or cancelled: drop the late reply, keep the order
            }
            if (reply instanceof RespError e) {
                replyTo.fail(new RedisErrorException(new RedisError(e.message())));
                return true;
            }
            Object value;
            try {
                value = command.convert(reply);
            } catch (RuntimeException e) {
                replyTo.fail(e);
                return true;
            }
            replyTo.reply(value);
            return true;
        }

        @Override
        void fail(RuntimeException error) {
            replyTo.fail(error);
        }
    }

    /** Many commands, results in order, errors as {@link RedisError} values. */
    static final class Pipeline extends Pending {
        private final List<Command<?>> commands;
        private final ReplyTo<Object> replyTo;
        private final List<Object> results;

        Pipeline(List<Command<?>> commands, ReplyTo<Object> replyTo) {
            this.commands = commands;
            this.replyTo = replyTo;
            this.results = new ArrayList<>(commands.size());
        }

        @Override
        long blockingAllowanceNanos() {
            return allowanceOf(commands);
        }

        @Override
        boolean accept(RespValue reply) {
            if (!replyTo.isDone()) {
                results.add(convertOrError(commands.get(results.size()), reply));
            } else {
                results.add(null);
            }
            if (results.size() < commands.size()) {
                return false;
            }
            if (!replyTo.isDone()) {
                replyTo.reply(Collections.unmodifiableList(results));
            }
            return true;
        }

        @Override
        void fail(RuntimeException error) {
            replyTo.fail(error);
        }
    }

    /**
     * MULTI ... EXEC. The caller gets EXEC's results converted (errors as values), null when a
     * WATCHed key changed (EXEC answered null), or a RedisErrorException for EXECABORT.
     */
    static final class Transaction extends Pending {
        private final List<Command<?>> commands;
        private final ReplyTo<Object> replyTo;
        private int seen;
        private RespError queueError;

        Transaction(List<Command<?>> commands, ReplyTo<Object> replyTo) {
            this.commands = commands;
            this.replyTo = replyTo;
        }

        @Override
        long blockingAllowanceNanos() {
            return allowanceOf(commands); // inside MULTI the server does not block, but it costs nothing
        }

        @Override
        boolean accept(RespValue reply) {
            seen++;
            if (seen <= commands.size() + 1) {
                // MULTI's +OK, then +QUEUED per command (or the error that will abort EXEC).
                if (reply instanceof RespError e && queueError == null) {
                    queueError = e;
                }
                return false;
            }
            if (replyTo.isDone()) {
                return true;
            }
            switch (reply) {
                case RespError e -> replyTo.fail(new RedisErrorException(new RedisError(
                        queueError == null ? e.message() : e.message() + " (first error: " + queueError.message() + ")")));
                case RespNull n -> replyTo.reply(null);
                case RespArray a -> {
                    List<Object> out = new ArrayList<>(a.size());
                    for (int i = 0; i < a.size(); i++) {
                        out.add(convertOrError(commands.get(i), a.get(i)));
                    }
                    replyTo.reply(Collections.unmodifiableList(out));
                }
                default -> replyTo.fail(new IllegalStateException("EXEC answered " + reply));
            }
            return true;
        }

        @Override
        void fail(RuntimeException error) {
            replyTo.fail(error);
        }
    }

    /** Fire and forget: the reply is read and dropped; an error reply is logged. */
    static final class Discard extends Pending {
        private final Command<?> command;

        Discard(Command<?> command) {
            this.command = command;
        }

        @Override
        boolean accept(RespValue reply) {
            if (reply instanceof RespError e) {
                log.warn("fire-and-forget {} failed on the server: {}", command, e.message());
            }
            return true;
        }

        @Override
        void fail(RuntimeException error) {
            log.debug("fire-and-forget {} lost: {}", command, error.getMessage());
        }
    }

    /** A handshake step run by connect itself: the raw reply, errors included, completes a future. */
    static final class Internal extends Pending {
        final CompletableFuture<RespValue> reply = new CompletableFuture<>();

        @Override
        boolean accept(RespValue value) {
            reply.complete(value);
            return true;
        }

        @Override
        void fail(RuntimeException error) {
            reply.completeExceptionally(error);
        }
    }
}
