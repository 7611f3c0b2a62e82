package dev.tether.redis.engine;

import dev.tether.connection.Connection;
import dev.tether.connection.StopReason;
import dev.tether.redis.Command;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.ConformancePeer;
import dev.tether.testkit.ConnectionConformance;
import dev.tether.testkit.LeakCheckExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test kit's conformance suite, run for the Redis behaviour itself against a real
 * redis-server that the suite stops and restarts on the same port.
 */
@ExtendWith(LeakCheckExtension.class)
class RedisConnectionConformanceTest implements ConnectionConformance<RedisRequest, Object> {

    @Override
    public ConformancePeer startPeer() {
        RedisServer server = RedisServer.builder().start();
        return new ConformancePeer() {
            @Override
            public InetSocketAddress address() {
                return new InetSocketAddress("127.0.0.1", server.port());
            }

            @Override
            public void stop() {
                server.stop();
            }

            @Override
            public void start() {
                server.restart();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    @Override
    public Connection<RedisRequest, Object> newConnection(InetSocketAddress address) {
        RedisOptions options = RedisOptions.builder().host(address.getHostString()).port(address.getPort())
                .connectTimeout(Duration.ofSeconds(2)).build();
        return new RedisConnection(options, new PushDispatcher(null, "conformance"));
    }

    @Override
    public RedisRequest probe() {
        return new RedisRequest.Single(Command.of("PING"));
    }

    /**
     * Queued callers are failed by the runtime; commands already in flight are failed by the
     * client itself in terminate, with its own exception type.
     */
    @Override
    public boolean isStoppedError(Throwable error, StopReason reason) {
        return ConnectionConformance.super.isStoppedError(error, reason)
                || error instanceof RedisConnectionException e && e.reason() == RedisConnectionException.Reason.STOPPED
                && e.getMessage().contains(reason.describe());
    }

    @Override
    public boolean isAnswerWhileDisconnected(Object reply, Throwable error) {
        return error instanceof RedisConnectionException e && e.reason() == RedisConnectionException.Reason.CLOSED;
    }
}
