package dev.tether.redis;

import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The base of test classes that hold their server up with DEBUG SLEEP: one server per class that
 * allows DEBUG, emptied before each test once it is done with the last test's sleep (it answers
 * nothing meanwhile). No test of its own.
 */
@ExtendWith(LeakCheckExtension.class)
abstract class DebugServerTests {

    @RegisterExtension
    static final RedisServerExtension SERVERS = RedisServerExtension.withArgs("--enable-debug-command", "yes");

    /** The class's server. */
    RedisServer server;

    @BeforeEach
    void emptyServer(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
    }
}
