package dev.tether.redis;

import dev.tether.redis.resp.Attributed;
import dev.tether.redis.resp.RespValue;

/**
 * Turns a reply into the type a command returns. Converters run on the client's reader thread,
 * so they must be quick and must not block. Error replies never reach a converter.
 *
 * <p>A RESP3 server may precede a reply with an attribute (out-of-band metadata such as key
 * popularity). By default a converter sees only the value; one made with
 * {@link #withAttributes} sees an {@link Attributed} holding both whenever the server sent an
 * attribute, and the bare value otherwise:
 * <pre>{@code
 * Command<RespValue> get = Command.of(ReplyConverter.withAttributes(reply -> reply), "GET", "k");
 * if (client.execute(get) instanceof Attributed a) { ... a.attributes() ... a.value() ... }
 * }</pre>
 *
 * @param <T> what the reply converts to
 */
@FunctionalInterface
public interface ReplyConverter<T> {

    /**
     * Converts {@code reply}.
     *
     * @throws IllegalStateException if the reply has a shape this command never returns
     */
    T convert(RespValue reply);

    /**
     * True when this converter is given a reply's RESP3 attribute with the value (as an
     * {@link Attributed}); false, the default, when the attribute is dropped before it converts.
     */
    default boolean seesAttributes() {
        return false;
    }

    /**
     * {@code converter}, opted in to see attributes: it receives an {@link Attributed} when the
     * server sent one with the reply, the value alone otherwise.
     */
    static <T> ReplyConverter<T> withAttributes(ReplyConverter<T> converter) {
        java.util.Objects.requireNonNull(converter, "converter");
        return new ReplyConverter<>() {
            @Override
            public T convert(RespValue reply) {
                return converter.convert(reply);
            }

            @Override
            public boolean seesAttributes() {
                return true;
            }

            @Override
            public String toString() {
                return "withAttributes(" + converter + ")";
            }
        };
    }
}
