package dev.tether.examples.line;

import dev.tether.connection.Connection;
import dev.tether.core.net.SocketOptions;
import dev.tether.testkit.ConformancePeer;
import dev.tether.testkit.ConnectionConformance;
import dev.tether.testkit.LeakCheckExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conformance suite of the test kit, run for the line client against a real line server. */
@ExtendWith(LeakCheckExtension.class)
class LineClientConformanceTest implements ConnectionConformance<String, String> {

    @Override
    public ConformancePeer startPeer() throws IOException {
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
    public Connection<String, String> newConnection(InetSocketAddress address) {
        return new LineClient(SocketOptions.tcp(address.getHostString(), address.getPort()));
    }

    @Override
    public String probe() {
        return "PING";
    }

    @Override
    public boolean isAnswerWhileDisconnected(String reply, Throwable error) {
        return error instanceof LineClientException e && e.reason() == LineClientException.Reason.CLOSED;
    }
}
