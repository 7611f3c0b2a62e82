package dev.tether.redis.engine;

import dev.tether.redis.Command;
import java.util.List;

/** What a caller asks the connection to send. Loop-internal. */
sealed interface RedisRequest {

    /** How many replies the request expects on the wire. */
    int replies();

    /** One command; its reply (or error) goes to the caller. */
    record Single(Command<?> command) implements RedisRequest {
        @Override
        public int replies() {
            return 1;
        }
    }

    /** Commands sent in one write; replies collected in order, errors as values. */
    record Pipeline(List<Command<?>> commands) implements RedisRequest {
        @Override
        public int replies() {
            return commands.size();
        }
    }

    /** MULTI, the commands, EXEC, in one write; the caller gets EXEC's results. */
    record Transaction(List<Command<?>> commands) implements RedisRequest {
        @Override
        public int replies() {
            return commands.size() + 2;
        }
    }

    /** One command whose reply is read and discarded (client-side fire and forget). */
    record FireAndForget(Command<?> command) implements RedisRequest {
        @Override
        public int replies() {
            return 1;
        }
    }
}
