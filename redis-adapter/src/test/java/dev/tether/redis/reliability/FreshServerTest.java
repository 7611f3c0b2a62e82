package dev.tether.redis.reliability;

import dev.tether.redis.testkit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh redis-server per test: the scenarios kill, pause and restart it, so none may inherit
 * another's. Stopped after each test, resumed first in case the test left it paused.
 */
abstract class FreshServerTest {

    protected RedisServer server;

    /** The server each test gets; override to start it differently. */
    protected RedisServer newServer() {
        return RedisServer.builder().start();
    }

    @BeforeEach
    final void startServer() {
        server = newServer();
    }

    @AfterEach
    final void stopServer() {
        if (server != null) {
            server.resume();
            server.close();
        }
    }
}
