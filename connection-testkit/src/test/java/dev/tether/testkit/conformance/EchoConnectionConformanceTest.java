package dev.tether.testkit.conformance;

import dev.tether.connection.Connection;
import dev.tether.testkit.ConformancePeer;
import dev.tether.testkit.ConnectionConformance;
import dev.tether.testkit.LeakCheckExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conformance suite, run against a minimal SocketLink connection and a loopback echo peer. */
@ExtendWith(LeakCheckExtension.class)
class EchoConnectionConformanceTest implements ConnectionConformance<String, String> {

    @Override
    public ConformancePeer startPeer() throws IOException {
        return EchoPeer.start(0);
    }

    @Override
    public Connection<String, String> newConnection(InetSocketAddress address) {
        return new EchoConnection(address);
    }

    @Override
    public String probe() {
        return "ping";
    }

    @Override
    public boolean isAnswerWhileDisconnected(String reply, Throwable error) {
        return error instanceof EchoConnection.NotConnected;
    }
}
