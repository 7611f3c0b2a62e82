package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionTest {

    private static RedisServer fromBeforeAll;
    private final RedisServer fromConstructor;

    RedisServerExtensionTest(RedisServer redis) {
        this.fromConstructor = redis;
    }

    @BeforeAll
    static void remember(RedisServer redis) {
        fromBeforeAll = redis;
    }

    @Test
    void the_extension_injects_a_running_server_into_a_test_method(RedisServer redis) {
        assertTrue(redis.isRunning());
        assertEquals("PONG", redis.execute("PING"));
    }

    @Test
    void constructor_BeforeAll_and_test_methods_share_one_server_per_class(RedisServer redis) {
        assertSame(fromBeforeAll, redis);
        assertSame(fromConstructor, redis);
    }
}
