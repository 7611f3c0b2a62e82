package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's engine stays inside its package: users reach it only through
 * {@link RedisClient#connect} and the public nouns, never by constructing an engine class.
 */
class EngineVisibilityTest {

    private static final List<Class<?>> ENGINE = List.of(DefaultRedisClient.class, RedisPipe.class,
            RespCodec.class, RedisRequest.class, RedisRequest.Single.class, CommandRules.class,
            Handshake.class, PushDispatcher.class);

    @Test
    void noEngineClassCanBeReachedFromOutsideItsPackage() {
        for (Class<?> type : ENGINE) {
            assertEquals("dev.tether.redis", type.getPackageName());
            boolean reachable = Modifier.isPublic(type.getModifiers())
                    && (type.getEnclosingClass() == null || Modifier.isPublic(type.getEnclosingClass().getModifiers()));
            assertFalse(reachable, type + " is public");
        }
    }
}
