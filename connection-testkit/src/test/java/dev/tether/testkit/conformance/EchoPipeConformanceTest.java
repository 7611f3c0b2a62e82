package dev.tether.testkit.conformance;

import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.Request;
import dev.tether.testkit.ConformancePeer;
import dev.tether.testkit.PipeConformance;
import java.io.IOException;

/**
 * The pipe conformance suite, run for the smallest adapter there is (a line codec, no error
 * translator) against a loopback echo peer.
 */
class EchoPipeConformanceTest extends PipeConformance<LineCodec.Line> {

    @Override
    protected ConformancePeer startPeer() throws IOException {
        return EchoPeer.start(0);
    }

    @Override
    protected Pipe.Builder<LineCodec.Line> newPipe(SocketOptions socket) {
        return Pipe.builder(LineCodec::new, socket);
    }

    @Override
    protected Request<?> numbered(int n) {
        return new LineCodec.Line("n-" + n);
    }

    @Override
    protected Object expectedReply(int n) {
        return "n-" + n;
    }
}
