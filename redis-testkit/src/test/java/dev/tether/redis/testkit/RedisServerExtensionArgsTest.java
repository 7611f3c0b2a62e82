package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerExtensionArgsTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.withArgs("--databases", "4");

    @Test
    void registered_extension_passes_its_arguments_to_the_server(RedisServer redis) {
        assertEquals(List.of("databases", "4"), redis.execute("CONFIG", "GET", "databases"));
    }

    @Test
    void withArgs_rejects_managed_options_where_the_extension_is_declared() {
        assertThrows(IllegalArgumentException.class, () -> RedisServerExtension.withArgs("--port", "1"));
    }
}
