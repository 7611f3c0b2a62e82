package dev.tether.redis;

import dev.tether.redis.resp.RespValue;

/**
 * Turns a reply into the type a command returns. Converters run on the client's reader thread,
 * so they must be quick and must not block. Error replies never reach a converter.
 */
@FunctionalInterface
public interface ReplyConverter<T> {

    /**
     * Converts {@code reply}.
     *
     * @throws IllegalStateException if the reply has a shape this command never returns
     */
    T convert(RespValue reply);
}
