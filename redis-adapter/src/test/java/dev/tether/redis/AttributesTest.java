package dev.tether.redis;

import static dev.tether.redis.RedisTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tether.redis.resp.Attributed;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespSimpleString;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.LeakCheckExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RESP3 attributes from a real server ({@code DEBUG PROTOCOL attrib} sends a
 * {@code key-popularity} attribute before its reply): dropped for converters that did not ask,
 * handed over with the value to those made with {@link ReplyConverter#withAttributes}, alone or
 * in a pipeline, without shifting any other reply.
 */
@ExtendWith(LeakCheckExtension.class)
class AttributesTest {

    private static final String[] ATTRIBUTED = {"DEBUG", "PROTOCOL", "attrib"};
    private static final String REPLY = "Some real reply following the attribute";

    private static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServer.builder().arg("--enable-debug-command", "yes").start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aConverterThatDidNotAskSeesTheValueAlone() {
        try (RedisClient redis = connect(server, 3)) {
            RespValue raw = redis.command(ATTRIBUTED);
            assertEquals(REPLY, assertInstanceOf(RespBulkString.class, raw).asString());
            assertEquals(REPLY, redis.execute(Command.of(Replies.STRING, ATTRIBUTED)));
        }
    }

    @Test
    void aRawCommandOptedInGetsTheAttributeWithItsValue() {
        try (RedisClient redis = connect(server, 3)) {
            RespValue reply = redis.execute(Command.of(ReplyConverter.withAttributes(v -> v), ATTRIBUTED));
            Attributed attributed = assertInstanceOf(Attributed.class, reply);
            RespArray popularity = assertInstanceOf(RespArray.class, attributed.attributes().get("key-popularity"));
            assertEquals(2, popularity.size(), popularity::toString);
            assertEquals("key:123", assertInstanceOf(RespBulkString.class, popularity.get(0)).asString());
            assertEquals(90, assertInstanceOf(RespInteger.class, popularity.get(1)).value());
            assertEquals(REPLY, assertInstanceOf(RespBulkString.class, attributed.value()).asString());
        }
    }

    @Test
    void anOptedInConverterGetsTheBareValueWhenNoAttributeCame() {
        try (RedisClient redis = connect(server, 3)) {
            RespValue reply = redis.execute(Command.of(ReplyConverter.withAttributes(v -> v), "PING"));
            assertEquals("PONG", assertInstanceOf(RespSimpleString.class, reply).value());
        }
    }

    @Test
    void aTypedConverterCanReadTheAttributeAndConvertTheValue() {
        ReplyConverter<String> described = ReplyConverter.withAttributes(v -> v instanceof Attributed a
                ? a.attributes().size() + " attribute(s): " + Replies.string(a.value())
                : "none: " + Replies.string(v));
        try (RedisClient redis = connect(server, 3)) {
            assertEquals("1 attribute(s): " + REPLY, redis.execute(Command.of(described, ATTRIBUTED)));
            redis.set("plain", "value");
            assertEquals("none: value", redis.execute(Command.of(described, "GET", "plain")));
        }
    }

    @Test
    void inAPipelineOnlyTheOptedInCommandSeesItsAttributeAndOrderHolds() {
        try (RedisClient redis = connect(server, 3)) {
            redis.set("k", "v");
            List<Object> results = redis.pipeline(List.of(
                    Command.of(Replies.STRING, ATTRIBUTED),
                    Command.of(ReplyConverter.withAttributes(v -> v), ATTRIBUTED),
                    Command.of(Replies.STRING, "GET", "k"),
                    Command.of(ReplyConverter.withAttributes(v -> v), "ECHO", "after")));
            assertEquals(REPLY, results.get(0));
            Attributed second = assertInstanceOf(Attributed.class, results.get(1));
            assertEquals(REPLY, assertInstanceOf(RespBulkString.class, second.value()).asString());
            assertEquals("v", results.get(2));
            assertEquals("after", assertInstanceOf(RespBulkString.class, results.get(3)).asString());
        }
    }

    @Test
    void inATransactionOnlyTheOptedInCommandSeesItsAttribute() {
        try (RedisClient redis = connect(server, 3)) {
            List<Object> results = redis.transaction(List.of(
                    Command.of(Replies.STRING, ATTRIBUTED),
                    Command.of(ReplyConverter.withAttributes(v -> v), ATTRIBUTED)));
            assertEquals(REPLY, results.get(0));
            Attributed second = assertInstanceOf(Attributed.class, results.get(1));
            assertEquals(REPLY, assertInstanceOf(RespBulkString.class, second.value()).asString());
        }
    }
}
