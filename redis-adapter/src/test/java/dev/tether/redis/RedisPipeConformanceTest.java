package dev.tether.redis;

import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.testkit.ConformancePeer;
import dev.tether.testkit.PipeConformance;
import java.net.InetSocketAddress;

/**
 * The test kit's conformance suite for adapters on the pipe layer, run for the Redis client's
 * codec, handshake and error translation against a real redis-server that the suite stops and
 * restarts on the same port. The numbered request is an ECHO, so a reply delivered to the wrong
 * caller shows. (It replaces the suite the hand-written Connection behaviour ran.)
 */
class RedisPipeConformanceTest extends PipeConformance<RedisRequest<?>> {

    @Override
    protected ConformancePeer startPeer() {
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
    protected Pipe.Builder<RedisRequest<?>> newPipe(SocketOptions socket) {
        RedisOptions options = RedisOptions.builder().port(1).build(); // only the handshake's settings are read
        return Pipe.builder(() -> new RespCodec(RespLimits.DEFAULT), socket)
                .handshake(new Handshake(options))
                .errorTranslator(e -> RedisPipe.translate(options, e));
    }

    @Override
    protected Request<?> numbered(int n) {
        return new RedisRequest.Single<>(Commands.echo("n-" + n), null);
    }

    @Override
    protected Object expectedReply(int n) {
        return "n-" + n;
    }

    @Override
    protected Reason reasonOf(Throwable error) {
        return error instanceof RedisConnectionException e && e.getCause() instanceof PipeException p ? p.reason() : null;
    }
}
