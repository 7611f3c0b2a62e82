package dev.tether.examples.line;

import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.ConformancePeer;
import dev.tether.testkit.PipeConformance;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The test kit's conformance suite for adapters on the pipe layer, run for the line client
 * against a real {@link LineServer}. The numbered request is an {@code ECHO}, so a reply delivered
 * to the wrong caller shows.
 */
class LineClientConformanceTest extends PipeConformance<LineClient.Line> {

    @Override
    protected ConformancePeer startPeer() throws IOException {
        LineServer server = LineServer.start(0);
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
            public void start() throws IOException {
                server.restart();
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }

    @Override
    protected Pipe.Builder<LineClient.Line> newPipe(SocketOptions socket) {
        return LineClient.builder(socket);
    }

    @Override
    protected Request<?> numbered(int n) {
        return new LineClient.Line("ECHO n-" + n);
    }

    @Override
    protected Object expectedReply(int n) {
        return "n-" + n;
    }

    @Override
    protected Reason reasonOf(Throwable error) {
        return error instanceof LineClientException e ? e.reason() : null;
    }
}
